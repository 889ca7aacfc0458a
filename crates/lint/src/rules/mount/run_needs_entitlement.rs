//! ## What it does
//! Flags `RUN --network=host` and `RUN --security=insecure`.
//!
//! ## Why is this bad?
//! Both need an entitlement that whoever builds must grant
//! (`--allow network.host`, `--allow security.insecure`, and a builder
//! started to allow it); without it the build fails. With it, the step can
//! reach the host's network or run privileged, which a reviewer should see.
//!
//! ## Example
//! ```dockerfile
//! RUN --network=host ./download-from-localhost.sh
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN ./download.sh
//! ```
//! or keep the flag, document the `--allow` it needs, and ignore this rule
//! on that line (`# docker-dsl: ignore[M001]`).

use dockerfile::{NetworkMode, SecurityMode};

use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for site in &checker.runs {
        let mut flags = Vec::new();
        if site.run.network == Some(NetworkMode::Host) {
            flags.push(("--network=host", "network.host"));
        }
        if site.run.security == Some(SecurityMode::Insecure) {
            flags.push(("--security=insecure", "security.insecure"));
        }
        for (flag, entitlement) in flags {
            out.push(
                Finding::new(
                    rule,
                    site.id,
                    format!(
                        "RUN {flag} builds only with the {entitlement} entitlement (docker buildx build --allow {entitlement}): drop the flag if the step can do without it"
                    ),
                )
                .at(flag),
            );
        }
    }
}
