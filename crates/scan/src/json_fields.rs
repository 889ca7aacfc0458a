//! Searching every string of a JSON document (config, manifest) and naming the field.

use serde_json::Value;

use crate::hit::FoundIn;
use crate::patterns::{Owner, PatternSet};

/// A secret found in a JSON document: owner, JSON pointer, field kind, offset in the string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct JsonHit {
    /// Which secret and encoding.
    pub(crate) owner: Owner,
    /// RFC 6901 pointer to the string, with ` (key)` appended when it is an object key.
    pub(crate) pointer: String,
    /// The field's kind.
    pub(crate) found_in: FoundIn,
    /// Offset inside the decoded string.
    pub(crate) offset: u64,
}

/// Searches every key, string and number of `value`.
pub(crate) fn scan_json(value: &Value, patterns: &PatternSet) -> Vec<JsonHit> {
    let mut walker = Walker {
        patterns,
        segments: Vec::new(),
        hits: Vec::new(),
    };
    walker.visit(value);
    walker.hits
}

/// What a JSON pointer's leading segments say about the field.
pub(crate) fn classify(segments: &[String]) -> FoundIn {
    let first = segments.first().map(String::as_str);
    let second = segments.get(1).map(String::as_str);
    match (first, second) {
        (Some("config" | "container_config" | "Config" | "ContainerConfig"), Some(field)) => {
            match field {
                "Env" => FoundIn::Env,
                "Labels" => FoundIn::Labels,
                "Entrypoint" => FoundIn::Entrypoint,
                "Cmd" => FoundIn::Cmd,
                _ => FoundIn::Json,
            }
        }
        (Some("history"), _) => FoundIn::History,
        _ => FoundIn::Json,
    }
}

/// Formats segments as an RFC 6901 JSON pointer.
pub(crate) fn pointer(segments: &[String]) -> String {
    let mut out = String::new();
    for segment in segments {
        out.push('/');
        out.push_str(&segment.replace('~', "~0").replace('/', "~1"));
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

struct Walker<'p> {
    patterns: &'p PatternSet,
    segments: Vec<String>,
    hits: Vec<JsonHit>,
}

impl Walker<'_> {
    fn visit(&mut self, value: &Value) {
        match value {
            Value::String(s) => self.search(s.as_bytes(), false),
            Value::Number(n) => self.search(n.to_string().as_bytes(), false),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.segments.push(i.to_string());
                    self.visit(item);
                    self.segments.pop();
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    self.segments.push(key.clone());
                    self.search(key.as_bytes(), true);
                    self.visit(item);
                    self.segments.pop();
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
    }

    fn search(&mut self, bytes: &[u8], is_key: bool) {
        let found = self.patterns.find_in(bytes);
        if found.is_empty() {
            return;
        }
        let mut at = pointer(&self.segments);
        if is_key {
            at.push_str(" (key)");
        }
        let found_in = classify(&self.segments);
        for (owner, offset) in found {
            self.hits.push(JsonHit {
                owner,
                pointer: at.clone(),
                found_in,
                offset,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn segs(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn config_fields_are_named() {
        assert_eq!(classify(&segs(&["config", "Env", "0"])), FoundIn::Env);
        assert_eq!(classify(&segs(&["config", "Labels", "k"])), FoundIn::Labels);
        assert_eq!(
            classify(&segs(&["container_config", "Cmd", "2"])),
            FoundIn::Cmd
        );
        assert_eq!(
            classify(&segs(&["config", "Entrypoint", "0"])),
            FoundIn::Entrypoint
        );
        assert_eq!(
            classify(&segs(&["history", "3", "created_by"])),
            FoundIn::History
        );
        assert_eq!(classify(&segs(&["config", "WorkingDir"])), FoundIn::Json);
        assert_eq!(classify(&segs(&["annotations", "x"])), FoundIn::Json);
    }

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(
            pointer(&segs(&["config", "Labels", "a/b~c"])),
            "/config/Labels/a~1b~0c"
        );
    }

    #[test]
    fn keys_and_values_are_searched() {
        let secrets = [Secret::new("t", b"tok-12345678").expect("valid")];
        let set = PatternSet::new(&secrets).expect("automaton");
        let doc: Value = serde_json::json!({
            "config": {"Labels": {"tok-12345678": "x", "y": "pre tok-12345678"}},
            "history": [{"created_by": "RUN echo tok-12345678"}]
        });
        let hits = scan_json(&doc, &set);
        let places: Vec<(String, FoundIn, u64)> = hits
            .iter()
            .map(|h| (h.pointer.clone(), h.found_in, h.offset))
            .collect();
        assert!(places.contains(&(
            "/config/Labels/tok-12345678 (key)".into(),
            FoundIn::Labels,
            0
        )));
        assert!(places.contains(&("/config/Labels/y".into(), FoundIn::Labels, 4)));
        assert!(places.contains(&("/history/0/created_by".into(), FoundIn::History, 9)));
    }
}
