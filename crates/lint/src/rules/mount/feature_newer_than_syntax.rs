//! ## What it does
//! Flags a feature (a mount option, a RUN flag, a heredoc, a COPY flag, ...)
//! that the file's `# syntax=` pin — or, without one, the target engine's
//! built-in frontend — does not support. A `-labs` pin is not held to the
//! stable minimums of heredocs, `--security`, `--exclude` and `--parents`,
//! which the labs channel had earlier.
//!
//! ## Why is this bad?
//! The frontend rejects the flag or, worse, reads it differently: Docker
//! 20.10's built-in frontend (1.2) has no heredocs, no `--network`, no
//! secret `env=`. The build fails on the engine the pin was meant for.
//!
//! ## Example
//! ```dockerfile
//! # syntax=docker/dockerfile:1.2
//! FROM alpine
//! RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! # syntax=docker/dockerfile:1.10
//! FROM alpine
//! RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci
//! ```

use dockerfile::features;

use crate::checker::Checker;
use crate::{Finding, Rule};

/// Features the `-labs` frontends had before the stable ones.
const LABS_EARLIER: [dockerfile::VersionNeed; 4] = [
    features::HEREDOC,
    features::SECURITY,
    features::EXCLUDE,
    features::PARENTS,
];

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let Some(target) = checker.frontend else {
        return;
    };
    for (id, instruction) in checker.instructions() {
        let needs = instruction
            .needs()
            .into_iter()
            .filter(|n| n.version > target);
        for need in needs.filter(|n| !(checker.frontend_labs && LABS_EARLIER.contains(n))) {
            out.push(Finding::new(
                rule,
                id,
                format!(
                    "{} needs docker/dockerfile:{} or newer, but {} is {target}: raise the pin to `# syntax=docker/dockerfile:{}` or do without it",
                    need.feature, need.version, checker.frontend_source, need.version
                ),
            ));
        }
    }
}
