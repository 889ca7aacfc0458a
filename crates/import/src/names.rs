//! Python variable names for stages.

use std::collections::HashSet;

/// Names a stage variable must not take besides Python's keywords: the
/// names the recipe imports or uses for its run builder.
const TAKEN: &[&str] = &[
    "Stage",
    "context",
    "directives",
    "global_arg",
    "global_raw",
    "r",
];

/// True when `name` can stand as a Python attribute or variable name.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !dsl::PYTHON_KEYWORDS.contains(&name)
        && !TAKEN.contains(&name)
}

/// Hands out one distinct variable name per stage.
#[derive(Default)]
pub(crate) struct StageVariables {
    taken: HashSet<String>,
}

impl StageVariables {
    /// A fresh variable for a stage called `stage_name` (or `fallback`).
    pub(crate) fn claim(&mut self, stage_name: &str, fallback: &str) -> String {
        let mut base: String = stage_name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        if !is_identifier(&base) {
            base = if base.starts_with(|c: char| c.is_ascii_digit()) {
                format!("stage_{base}")
            } else {
                fallback.to_owned()
            };
        }
        if !is_identifier(&base) {
            base = fallback.to_owned();
        }
        let mut name = base.clone();
        let mut n = 2;
        while !self.taken.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    }
}
