//! ## What it does
//! Flags an apt cache mount on `/var/cache/apt` in a stage that has not
//! disabled Debian's `docker-clean` hook
//! (`/etc/apt/apt.conf.d/docker-clean`).
//!
//! ## Why is this bad?
//! Debian and Ubuntu images ship that hook, which deletes every downloaded
//! `.deb` after each install: the cache mount stays empty and every build
//! downloads the packages again.
//!
//! ## Example
//! ```dockerfile
//! FROM debian:bookworm
//! RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
//!   apt-get update && apt-get install -y gcc
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM debian:bookworm
//! RUN rm -f /etc/apt/apt.conf.d/docker-clean \
//!   && echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
//! RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
//!   apt-get update && apt-get install -y gcc
//! ```

use crate::checker::{Checker, RunSite};
use crate::paths::is_within;
use crate::{Finding, Rule};

/// Text that shows the hook was dealt with.
const DISABLES_HOOK: &[&str] = &["docker-clean", "Keep-Downloaded-Packages"];

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (position, site) in checker.runs.iter().enumerate() {
        let apt_cache = site
            .cache_targets()
            .any(|(t, _)| is_within(&t, "/var/cache/apt"));
        if !apt_cache || !site.runs_any(&["apt-get", "apt"]) {
            continue;
        }
        let lineage: Vec<usize> = checker.lineage(site.stage).collect();
        let handled = checker.runs[..=position]
            .iter()
            .filter(|earlier| lineage.contains(&earlier.stage))
            .any(|earlier| mentions_hook(earlier));
        if !handled {
            out.push(
                Finding::new(
                    rule,
                    site.id,
                    "the apt cache mount stays empty while Debian's docker-clean hook deletes downloaded packages: run `rm -f /etc/apt/apt.conf.d/docker-clean` in an earlier RUN of this stage".to_owned(),
                )
                .at("/var/cache/apt"),
            );
        }
    }
}

fn mentions_hook(site: &RunSite<'_>) -> bool {
    DISABLES_HOOK.iter().any(|text| {
        site.run.script.contains(text) || site.run.heredocs.iter().any(|(_, b)| b.contains(text))
    })
}
