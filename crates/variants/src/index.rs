//! The index a matrix render writes beside its Dockerfiles.

use serde::Serialize;

/// `index.json`: which file holds which combination of flag values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Index {
    /// The recipe as named on the command line.
    pub recipe: String,
    /// One entry per variant, in matrix order.
    pub variants: Vec<IndexEntry>,
}

/// One rendered variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    /// The variant's name (also its bake target).
    pub name: String,
    /// The Dockerfile's name, relative to the index.
    pub file: String,
    /// Every flag the render was given, matrix and fixed ones, as
    /// `{"name": "value"}` (`null` for a bare `--name`).
    pub flags: serde_json::Map<String, serde_json::Value>,
}

impl IndexEntry {
    /// An entry for `name` written to `file` with the raw `flags`.
    pub fn new(name: &str, file: &str, flags: &[(String, Option<String>)]) -> Self {
        let flags = flags
            .iter()
            .map(|(flag, value)| {
                let value = value.as_ref().map_or(serde_json::Value::Null, |v| {
                    serde_json::Value::String(v.clone())
                });
                (flag.clone(), value)
            })
            .collect();
        Self {
            name: name.to_owned(),
            file: file.to_owned(),
            flags,
        }
    }
}

impl Index {
    /// The index as pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}
