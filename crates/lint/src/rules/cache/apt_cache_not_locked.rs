//! ## What it does
//! Flags a cache mount on apt's directories (`/var/cache/apt`,
//! `/var/lib/apt`) that is shared (the default) rather than `sharing=locked`
//! (or `private`).
//!
//! ## Why is this bad?
//! apt takes a lock file inside these directories and fails when another
//! build holds it; with the default `sharing=shared`, two parallel builds
//! (or two stages of one build) run apt on the same cache at once and one
//! of them fails with "Could not get lock".
//!
//! ## Example
//! ```dockerfile
//! RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y gcc
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
//!   apt-get update && apt-get install -y gcc
//! ```

use dockerfile::{CacheSharing, Mount};

use crate::checker::Checker;
use crate::paths::is_within;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for site in &checker.runs {
        for (target, mount) in site.cache_targets() {
            let Mount::Cache { sharing, .. } = mount else {
                continue;
            };
            let apt = is_within(&target, "/var/cache/apt") || is_within(&target, "/var/lib/apt");
            if apt && matches!(sharing, None | Some(CacheSharing::Shared)) {
                out.push(
                    Finding::new(
                        rule,
                        site.id,
                        format!(
                            "the apt cache at {target} is shared between concurrent builds, and apt fails on its lock: add sharing=locked to the mount"
                        ),
                    )
                    .at(target),
                );
            }
        }
    }
}
