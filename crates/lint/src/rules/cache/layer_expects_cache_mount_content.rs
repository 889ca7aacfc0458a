//! ## What it does
//! Flags a `COPY --from=STAGE` of a path that lies under a cache mount of a
//! RUN in that stage.
//!
//! ## Why is this bad?
//! A cache mount is best-effort storage beside the build, never part of the
//! stage's layers: what a RUN writes there is not in the stage, so the COPY
//! fails or copies an empty directory.
//!
//! ## Example
//! ```dockerfile
//! FROM rust:1 AS builder
//! WORKDIR /src
//! RUN --mount=type=cache,target=/src/target cargo build --release
//! FROM debian:bookworm-slim
//! COPY --from=builder /src/target/release/app /usr/local/bin/app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=cache,target=/src/target \
//!   cargo build --release && cp target/release/app /usr/local/bin/app
//! FROM debian:bookworm-slim
//! COPY --from=builder /usr/local/bin/app /usr/local/bin/app
//! ```

use dockerfile::{Instruction, InstructionId};

use crate::checker::Checker;
use crate::paths::{is_within, normalize};
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (id, instruction) in checker.instructions() {
        let (InstructionId::Body { stage, .. }, Instruction::Copy(copy)) = (id, instruction) else {
            continue;
        };
        let Some(source_stage) = copy
            .from
            .as_deref()
            .and_then(|f| checker.stage_named(f, stage))
        else {
            continue;
        };
        let lineage: Vec<usize> = checker.lineage(source_stage).collect();
        let workdir = &checker.final_workdirs[source_stage];
        for source in &copy.sources {
            let path = normalize(source, workdir, None);
            let cached = checker
                .runs
                .iter()
                .filter(|r| lineage.contains(&r.stage))
                .find_map(|r| {
                    r.cache_targets()
                        .map(|(t, _)| t)
                        .find(|t| is_within(&path, t))
                });
            if let Some(target) = cached {
                out.push(
                    Finding::new(
                        rule,
                        id,
                        format!(
                            "{source} is under the cache mount {target} of stage '{}', and cache mounts are never in a layer: copy the files out of the cache inside the RUN (cp ... /elsewhere) and COPY them from there",
                            copy.from.as_deref().unwrap_or_default()
                        ),
                    )
                    .at(source.clone()),
                );
            }
        }
    }
}
