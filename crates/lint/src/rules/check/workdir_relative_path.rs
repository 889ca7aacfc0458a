//! ## What it does
//! Flags a relative `WORKDIR` in a stage where no absolute `WORKDIR` came
//! before (in the stage or the stages it is built on), as Docker's build
//! check `WorkdirRelativePath` does. Variables are expanded from the ARG
//! defaults and ENV values those stages define, as Docker does; a path
//! that starts with a variable they do not define is taken as absolute.
//!
//! ## Why is this bad?
//! The relative path is joined to the base image's working directory, which
//! the Dockerfile does not control: a new base image moves the files.
//!
//! ## Example
//! ```dockerfile
//! FROM node:20
//! WORKDIR app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM node:20
//! WORKDIR /app
//! ```

use std::collections::BTreeMap;

use dockerfile::{Instruction, InstructionId};

use crate::checker::Checker;
use crate::expansion::{expand, Spelling};
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let stages = &checker.document.stages;
    let mut absolute_at_end = vec![false; stages.len()];
    let mut values_at_end: Vec<BTreeMap<String, String>> = Vec::with_capacity(stages.len());
    for (stage, body) in stages.iter().map(|s| &s.body).enumerate() {
        let parent = checker.parents[stage];
        let mut absolute = parent.is_some_and(|p| absolute_at_end[p]);
        // The ARG defaults and ENV values the stage knows, as WORKDIR expands them
        let mut values = parent.map(|p| values_at_end[p].clone()).unwrap_or_default();
        for (index, instruction) in body.iter().enumerate() {
            match instruction {
                Instruction::Env(pairs) => {
                    for (name, value) in pairs {
                        values.insert(name.clone(), expanded(value, &values).0);
                    }
                }
                Instruction::Arg {
                    name,
                    default: Some(default),
                } => {
                    let value = expanded(default, &values).0;
                    values.entry(name.clone()).or_insert(value);
                }
                Instruction::Workdir(written) => match expanded(written, &values) {
                    // A leading variable we cannot know (from the base image
                    // or the build's arguments) may well hold an absolute path.
                    (_, false) if written.starts_with('$') => absolute = true,
                    (path, _) if path.starts_with('/') => absolute = true,
                    (path, _) if !absolute => out.push(Finding::new(
                        rule,
                        InstructionId::Body { stage, index },
                        format!(
                            "Relative workdir \"{path}\" can have unexpected results if the base image changes: write WORKDIR /{path}"
                        ),
                    )),
                    _ => {}
                },
                _ => {}
            }
        }
        absolute_at_end[stage] = absolute;
        values_at_end.push(values);
    }
}

/// `word` with its variables expanded from `values` (an unknown one is
/// empty, as for BuildKit), and whether every one was known.
fn expanded(word: &str, values: &BTreeMap<String, String>) -> (String, bool) {
    if !word.contains('$') {
        return (word.to_owned(), true);
    }
    let expansion = expand(word, Spelling::Value, &|name| values.get(name).cloned());
    (expansion.result, expansion.unmatched.is_empty())
}
