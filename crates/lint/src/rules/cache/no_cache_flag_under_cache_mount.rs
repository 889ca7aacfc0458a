//! ## What it does
//! Flags a tool told not to cache (`pip --no-cache-dir`, `PIP_NO_CACHE_DIR`,
//! `apk add --no-cache`, `uv --no-cache`, ...) in a RUN that mounts a cache
//! for that very tool.
//!
//! ## Why is this bad?
//! The two contradict each other: the cache mount is there so the next
//! build reuses downloads, and the flag makes sure nothing is put in it.
//! Under a cache mount the flag saves no image space either.
//!
//! ## Example
//! ```dockerfile
//! RUN --mount=type=cache,target=/var/cache/apk apk add --no-cache build-base
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=cache,target=/var/cache/apk apk add build-base
//! ```

use crate::checker::Checker;
use crate::tools::{is_cache_of, TOOLS};
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for site in &checker.runs {
        for (target, _) in site.cache_targets() {
            for tool in TOOLS.iter().filter(|t| is_cache_of(&target, t)) {
                let flag = site
                    .script
                    .commands
                    .iter()
                    .filter(|c| c.program().is_some_and(|p| tool.programs.contains(&p)))
                    .find_map(|c| {
                        c.args()
                            .iter()
                            .find(|a| tool.no_cache_flags.contains(&a.as_str()))
                    });
                let var = tool.no_cache_vars.iter().find(|v| {
                    site.scope.env.contains_key(**v)
                        || site.script.commands.iter().any(|c| {
                            c.assignments.iter().any(|(k, _)| k == *v)
                                || c.args().iter().any(|a| a.starts_with(&format!("{v}=")))
                        })
                });
                let what = match (flag, var) {
                    (Some(flag), _) => flag.clone(),
                    (None, Some(var)) => (*var).to_owned(),
                    (None, None) => continue,
                };
                out.push(
                    Finding::new(
                        rule,
                        site.id,
                        format!(
                            "{what} turns off {}'s cache, but this RUN mounts a cache for it at {target}: drop {what} (the cache mount already keeps downloads out of the layer)",
                            tool.name
                        ),
                    )
                    .at(what),
                );
            }
        }
    }
}
