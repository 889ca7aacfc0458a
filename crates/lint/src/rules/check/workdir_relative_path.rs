//! ## What it does
//! Flags a relative `WORKDIR` in a stage where no absolute `WORKDIR` came
//! before (in the stage or the stages it is built on), as Docker's build
//! check `WorkdirRelativePath` does.
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

use dockerfile::{Instruction, InstructionId};

use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let stages = &checker.document.stages;
    let mut absolute_at_end = vec![false; stages.len()];
    for (stage, body) in stages.iter().map(|s| &s.body).enumerate() {
        let mut absolute = checker.parents[stage].is_some_and(|p| absolute_at_end[p]);
        for (index, instruction) in body.iter().enumerate() {
            let Instruction::Workdir(path) = instruction else {
                continue;
            };
            if path.starts_with('/') || path.starts_with('$') {
                absolute = true;
            } else if !absolute {
                out.push(Finding::new(
                    rule,
                    InstructionId::Body { stage, index },
                    format!(
                        "Relative workdir \"{path}\" can have unexpected results if the base image changes: write WORKDIR /{path}"
                    ),
                ));
            }
        }
        absolute_at_end[stage] = absolute;
    }
}
