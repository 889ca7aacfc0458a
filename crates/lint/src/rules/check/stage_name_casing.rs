//! ## What it does
//! Flags a stage name (`FROM image AS Name`) that is not lowercase, as
//! Docker's build check `StageNameCasing` does.
//!
//! ## Why is this bad?
//! BuildKit compares stage names case-insensitively, so `Build` and `build`
//! are the same stage; mixed case reads as if they were not.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine AS Build
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine AS build
//! ```

use dockerfile::InstructionId;

use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (index, stage) in checker.document.stages.iter().enumerate() {
        if let Some(name) = stage
            .from
            .name
            .as_deref()
            .filter(|n| *n != n.to_lowercase())
        {
            out.push(Finding::new(
                rule,
                InstructionId::From { stage: index },
                format!(
                    "Stage name '{name}' should be lowercase: write AS {}",
                    name.to_lowercase()
                ),
            ));
        }
    }
}
