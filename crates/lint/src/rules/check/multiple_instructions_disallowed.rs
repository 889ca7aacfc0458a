//! ## What it does
//! Flags every `CMD`, `ENTRYPOINT` or `HEALTHCHECK` of a stage but the last of
//! its kind, as Docker's build check `MultipleInstructionsDisallowed` does.
//!
//! ## Why is this bad?
//! Only the last one takes effect; the others are dead text that a reader
//! takes for the image's behaviour.
//!
//! ## Example
//! ```dockerfile
//! CMD ["serve"]
//! CMD ["worker"]
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! CMD ["worker"]
//! ```

use dockerfile::{Instruction, InstructionId};

use crate::checker::Checker;
use crate::{Finding, Rule};

fn keyword(instruction: &Instruction) -> Option<&'static str> {
    match instruction {
        Instruction::Cmd(_) => Some("CMD"),
        Instruction::Entrypoint(_) => Some("ENTRYPOINT"),
        Instruction::Healthcheck(_) => Some("HEALTHCHECK"),
        _ => None,
    }
}

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (stage, body) in checker.document.stages.iter().map(|s| &s.body).enumerate() {
        for (index, instruction) in body.iter().enumerate() {
            let Some(kind) = keyword(instruction) else {
                continue;
            };
            if body[index + 1..]
                .iter()
                .any(|later| keyword(later) == Some(kind))
            {
                out.push(Finding::new(
                    rule,
                    InstructionId::Body { stage, index },
                    format!(
                        "Multiple {kind} instructions should not be used in the same stage because only the last one will be used: remove this one"
                    ),
                ));
            }
        }
    }
}
