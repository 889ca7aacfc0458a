//! ## What it does
//! Flags a stage named `scratch` or `context`, as Docker's build check
//! `ReservedStageName` does.
//!
//! ## Why is this bad?
//! `scratch` is the empty base image and `context` the build context in
//! `COPY --from`; a stage with either name shadows it or is shadowed by it.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine AS scratch
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine AS base
//! ```

use dockerfile::InstructionId;

use crate::checker::Checker;
use crate::{Finding, Rule};

/// Names BuildKit gives a meaning of its own.
const RESERVED: [&str; 2] = ["scratch", "context"];

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (index, stage) in checker.document.stages.iter().enumerate() {
        let Some(name) = stage.from.name.as_deref().map(str::to_lowercase) else {
            continue;
        };
        if RESERVED.contains(&name.as_str()) {
            out.push(Finding::new(
                rule,
                InstructionId::From { stage: index },
                format!("Stage name should not use the same name as reserved stage \"{name}\": rename the stage"),
            ));
        }
    }
}
