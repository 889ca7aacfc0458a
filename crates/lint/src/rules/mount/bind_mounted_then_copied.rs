//! ## What it does
//! Flags a `COPY` of a path from the build context that an earlier RUN of
//! the same stage bind-mounts.
//!
//! ## Why is this bad?
//! Bind-mounting a file (say `requirements.txt`) keeps it out of the layers
//! and out of the cache key of later steps; copying it afterwards puts it
//! back in, so the bind mount buys nothing and the stage holds two ways of
//! getting one file.
//!
//! ## Example
//! ```dockerfile
//! RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
//!   pip install -r /tmp/requirements.txt
//! COPY requirements.txt /app/
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
//!   pip install -r /tmp/requirements.txt
//! ```

use dockerfile::{Instruction, InstructionId, Mount};

use crate::checker::Checker;
use crate::{Finding, Rule};

/// A context path as written, without `./` and trailing `/`.
fn context_path(path: &str) -> &str {
    let path = path.trim_start_matches("./").trim_end_matches('/');
    if path.is_empty() {
        "."
    } else {
        path
    }
}

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (id, instruction) in checker.instructions() {
        let (InstructionId::Body { stage, .. }, Instruction::Copy(copy)) = (id, instruction) else {
            continue;
        };
        if copy.from.is_some() {
            continue;
        }
        let bound: Vec<&str> = checker
            .runs
            .iter()
            .filter(|r| r.stage == stage && r.id < id)
            .flat_map(|r| r.run.mounts.iter())
            .filter_map(|m| match m {
                Mount::Bind {
                    source: Some(source),
                    from: None,
                    ..
                } => Some(context_path(source)),
                _ => None,
            })
            .filter(|s| *s != ".")
            .collect();
        for source in &copy.sources {
            if bound.contains(&context_path(source)) {
                out.push(
                    Finding::new(
                        rule,
                        id,
                        format!(
                            "{source} is bind-mounted by an earlier RUN of this stage and copied here too: drop the COPY if only the RUN needs it, or drop the bind mount"
                        ),
                    )
                    .at(source.clone()),
                );
            }
        }
    }
}
