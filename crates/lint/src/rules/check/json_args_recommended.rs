//! ## What it does
//! Flags `CMD` and `ENTRYPOINT` in shell form in a stage without a `SHELL`
//! instruction (its own or one of the stages it is built on), as Docker's
//! build check `JSONArgsRecommended` does.
//!
//! ## Why is this bad?
//! The shell form runs the command under `/bin/sh -c`, which does not pass
//! signals on: `docker stop` waits for its timeout and then kills the
//! container instead of letting it shut down.
//!
//! ## Example
//! ```dockerfile
//! CMD node server.js
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! CMD ["node", "server.js"]
//! ```

use dockerfile::{ExecOrShell, Instruction, InstructionId};

use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let stages = &checker.document.stages;
    for (stage, body) in stages.iter().map(|s| &s.body).enumerate() {
        let custom_shell = checker.lineage(stage).any(|s| {
            stages[s]
                .body
                .iter()
                .any(|i| matches!(i, Instruction::Shell(_)))
        });
        if custom_shell {
            continue;
        }
        for (index, instruction) in body.iter().enumerate() {
            let keyword = match instruction {
                Instruction::Cmd(ExecOrShell::Shell(_)) => "CMD",
                Instruction::Entrypoint(ExecOrShell::Shell(_)) => "ENTRYPOINT",
                _ => continue,
            };
            out.push(Finding::new(
                rule,
                InstructionId::Body { stage, index },
                format!(
                    "JSON arguments recommended for {keyword} to prevent unintended behavior related to OS signals: write {keyword} [\"program\", \"arg\", ...]"
                ),
            ));
        }
    }
}
