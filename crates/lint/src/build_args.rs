//! The build arguments a `FROM` line sees: BuildKit's predefined platform
//! arguments and the global `ARG`s before the first `FROM`, with the
//! values they take when the build passes no `--build-arg`.

use dockerfile::{Document, FromInstruction, Instruction};

use crate::expansion::{expand, Expansion, Spelling};

/// The platform a static linter assumes the build runs on and for.
const PLATFORM: (&str, &str) = ("linux", "amd64");

/// The global build arguments of a document.
#[derive(Debug, Clone)]
pub(crate) struct GlobalArgs {
    /// Arguments with a value, predefined ones first, in declaration order.
    values: Vec<(String, String)>,
    /// Global `ARG`s declared without a default (known, but unset).
    unset: Vec<String>,
}

impl GlobalArgs {
    /// The predefined arguments and the global `ARG`s of `document`, each
    /// default expanded against the arguments before it.
    pub fn of(document: &Document) -> Self {
        let (os, arch) = PLATFORM;
        let platform = format!("{os}/{arch}");
        let target_stage = document
            .stages
            .last()
            .and_then(|s| s.from.name.clone())
            .unwrap_or_default()
            .to_lowercase();
        let predefined = [
            ("BUILDPLATFORM", platform.as_str()),
            ("BUILDOS", os),
            ("BUILDOSVERSION", ""),
            ("BUILDARCH", arch),
            ("BUILDVARIANT", ""),
            ("TARGETPLATFORM", platform.as_str()),
            ("TARGETOS", os),
            ("TARGETOSVERSION", ""),
            ("TARGETARCH", arch),
            ("TARGETVARIANT", ""),
            ("TARGETSTAGE", target_stage.as_str()),
        ];
        let mut args = Self {
            values: predefined
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            unset: Vec::new(),
        };
        for instruction in &document.preamble {
            let Instruction::Arg { name, default } = instruction else {
                continue;
            };
            match default {
                Some(default) => {
                    let value = args.expand(default, Spelling::Value).result;
                    args.unset.retain(|n| n != name);
                    match args.values.iter_mut().find(|(k, _)| k == name) {
                        Some(slot) => slot.1 = value,
                        None => args.values.push((name.clone(), value)),
                    }
                }
                None if !args.unset.contains(name) => args.unset.push(name.clone()),
                None => {}
            }
        }
        args
    }

    /// The value of `name`, if it has one.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether `name` is predefined or declared globally (with a value or not).
    pub fn is_declared(&self, name: &str) -> bool {
        self.value(name).is_some() || self.unset.iter().any(|n| n == name)
    }

    /// Every declared name: those with values, then those without.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values
            .iter()
            .map(|(k, _)| k.as_str())
            .chain(self.unset.iter().map(String::as_str))
    }

    /// `word` expanded against the arguments with values.
    pub fn expand(&self, word: &str, spelling: Spelling) -> Expansion {
        expand(word, spelling, &|name| self.value(name).map(str::to_owned))
    }
}

/// The `FROM` lines BuildKit reads as `FROM [--platform=P] image [AS name]`,
/// with their stage index (our parser keeps any other shape whole in
/// `image`, and BuildKit refuses it).
pub(crate) fn from_lines(document: &Document) -> impl Iterator<Item = (usize, &FromInstruction)> {
    document
        .stages
        .iter()
        .map(|s| &s.from)
        .enumerate()
        .filter(|(_, from)| !from.image.contains(char::is_whitespace))
}

/// Each `FROM --platform=` flag BuildKit reads: the stage, its `FROM`
/// line, the flag as written and its expansion against the global args.
pub(crate) fn platform_flags<'a>(
    document: &'a Document,
    globals: &'a GlobalArgs,
) -> impl Iterator<Item = (usize, &'a FromInstruction, &'a str, Expansion)> + 'a {
    from_lines(document).filter_map(move |(stage, from)| {
        let flag = from.platform.as_deref()?;
        Some((stage, from, flag, globals.expand(flag, Spelling::Value)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_build_on_earlier_arguments() {
        let parsed = dockerfile::parse(
            "ARG BASE=alpine\nARG TAG\nARG IMAGE=$BASE:3-$TARGETARCH\nFROM $IMAGE AS Last\n",
        )
        .expect("parses");
        let args = GlobalArgs::of(&parsed.document);
        assert_eq!(args.value("IMAGE"), Some("alpine:3-amd64"));
        assert_eq!(args.value("TAG"), None);
        assert!(args.is_declared("TAG") && args.is_declared("BUILDPLATFORM"));
        assert!(!args.is_declared("OTHER"));
        assert_eq!(args.value("TARGETSTAGE"), Some("last"));
    }
}
