//! ## What it does
//! Flags a secret mount without `required=true` whose RUN reads the secret
//! unconditionally (its file or its `env=` variable), outside any `test`/`[`.
//!
//! ## Why is this bad?
//! A secret that the build was not given is silently absent: the RUN reads
//! an empty variable or a missing file, and fails later with an unrelated
//! error — or succeeds and ships an image built without the credential.
//! `required=true` stops the build at once, naming the secret.
//!
//! ## Example
//! ```dockerfile
//! RUN --mount=type=secret,id=pypi \
//!   PIP_INDEX_URL="https://$(cat /run/secrets/pypi)@pypi.example.com/simple" pip install app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=secret,id=pypi,required=true \
//!   PIP_INDEX_URL="https://$(cat /run/secrets/pypi)@pypi.example.com/simple" pip install app
//! ```

use crate::checker::Checker;
use crate::secrets::{mentions_path, mentions_var};
use crate::{Finding, Rule};

/// Programs that test for a file or a value.
const TESTS: &[&str] = &["test", "["];

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for site in &checker.runs {
        for mount in site.secrets.mounts.iter().filter(|m| !m.required) {
            let reads = |text: &str| {
                mount
                    .path
                    .as_deref()
                    .is_some_and(|p| mentions_path(text, p))
                    || mount.env.as_deref().is_some_and(|v| mentions_var(text, v))
            };
            let mut read = false;
            let mut tested = false;
            for command in &site.script.commands {
                let texts = command
                    .words
                    .iter()
                    .chain(command.assignments.iter().map(|(_, v)| v))
                    .chain(command.redirects.iter().map(|r| &r.target));
                let uses = texts.into_iter().any(|t| reads(t));
                if command.program().is_some_and(|p| TESTS.contains(&p)) {
                    tested |= uses;
                } else {
                    read |= uses;
                }
            }
            if read && !tested {
                let id = &mount.id;
                out.push(
                    Finding::new(
                        rule,
                        site.id,
                        format!(
                            "the RUN reads secret '{id}' but runs on without it when the build is not given it: add required=true to the mount (or test for it before use)"
                        ),
                    )
                    .at(format!("id={id}")),
                );
            }
        }
    }
}
