//! ## What it does
//! Flags an `rm` of a cache-mounted directory or of all its contents
//! (`dir/*`) in the RUN that mounts it. Removing one file inside a cache
//! (a stale lock, say) is not flagged.
//!
//! ## Why is this bad?
//! The cache mount is not part of the layer, so removing it saves no space;
//! it only empties the cache that the next build wanted to reuse. The old
//! habit `rm -rf /var/lib/apt/lists/*` undoes the apt cache mount.
//!
//! ## Example
//! ```dockerfile
//! RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
//!   apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
//!   apt-get update && apt-get install -y gcc
//! ```

use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for site in &checker.runs {
        let targets: Vec<String> = site.cache_targets().map(|(t, _)| t).collect();
        for command in &site.script.commands {
            if command.program() != Some("rm") {
                continue;
            }
            for operand in command.operands() {
                let path = site.scope.resolve(operand);
                if let Some(target) = targets
                    .iter()
                    .find(|t| path == **t || path == format!("{t}/*"))
                {
                    out.push(
                        Finding::new(
                            rule,
                            site.id,
                            format!(
                                "`rm {operand}` empties the cache mounted at {target}, which is never in the layer: drop the rm, or drop the cache mount"
                            ),
                        )
                        .at(operand.clone()),
                    );
                }
            }
        }
    }
}
