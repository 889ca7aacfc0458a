//! ## What it does
//! Flags a cache mount at a tool's cache directory for another HOME than the
//! one in force: `/root/.cache/pip` after `USER app`, for example.
//!
//! ## Why is this bad?
//! The tool caches under the HOME of the user that runs it (`/home/app`
//! after `USER app`), so the mount is never used and every build downloads
//! again, while nothing warns.
//!
//! ## Example
//! ```dockerfile
//! USER app
//! RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! USER app
//! RUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 pip install -r requirements.txt
//! ```
//! or point the tool at the mount (`PIP_CACHE_DIR=/root/.cache/pip`).

use crate::checker::Checker;
use crate::tools::{is_cache_of, TOOLS};
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for site in &checker.runs {
        let home = site.scope.home();
        for (target, _) in site.cache_targets() {
            for tool in TOOLS.iter().filter(|t| t.home_relative().is_some()) {
                if !is_cache_of(&target, tool) || !site.runs_any(tool.programs) {
                    continue;
                }
                let Some(expected) = tool.cache_for(home.as_deref()) else {
                    continue;
                };
                let moved = tool.cache_var.is_some_and(|var| {
                    site.scope.env.contains_key(var)
                        || site.script.commands.iter().any(|c| {
                            c.assignments.iter().any(|(k, _)| k == var)
                                || c.args().iter().any(|a| a.starts_with(&format!("{var}=")))
                        })
                });
                if target != expected && !moved {
                    let user = site.scope.user.as_deref().unwrap_or("root");
                    out.push(
                        Finding::new(
                            rule,
                            site.id,
                            format!(
                                "{} caches in {expected} for USER {user}, not in {target}: mount the cache at {expected}{}",
                                tool.name,
                                tool.cache_var
                                    .map(|v| format!(" or set {v}={target}"))
                                    .unwrap_or_default()
                            ),
                        )
                        .at(target.clone()),
                    );
                }
            }
        }
    }
}
