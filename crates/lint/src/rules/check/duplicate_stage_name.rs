//! ## What it does
//! Flags a stage named like an earlier one (compared case-insensitively), as
//! Docker's build check `DuplicateStageName` does.
//!
//! ## Why is this bad?
//! `COPY --from=NAME` and `--target NAME` can only mean one of them; BuildKit
//! rejects the build or picks a stage the author did not mean.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine AS build
//! FROM debian AS build
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine AS build-alpine
//! FROM debian AS build-debian
//! ```

use dockerfile::InstructionId;

use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let stages = &checker.document.stages;
    for (index, stage) in stages.iter().enumerate() {
        let Some(name) = stage.from.name.as_deref().map(str::to_lowercase) else {
            continue;
        };
        let earlier = stages[..index].iter().any(|s| {
            s.from.name.as_deref().map(str::to_lowercase).as_deref() == Some(name.as_str())
        });
        if earlier {
            out.push(Finding::new(
                rule,
                InstructionId::From { stage: index },
                format!("Duplicate stage name \"{name}\", stage names should be unique: rename one of them"),
            ));
        }
    }
}
