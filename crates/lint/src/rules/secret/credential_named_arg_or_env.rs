//! ## What it does
//! Flags an `ARG` or `ENV` whose name says it holds a credential
//! (`PASSWORD`, `TOKEN`, `SECRET`, `API_KEY`, ...).
//!
//! ## Why is this bad?
//! Build arguments are recorded in the image's history and ENV values in its
//! config: whoever can pull the image can read them. A build secret is
//! exposed to one RUN and recorded nowhere.
//!
//! ## Example
//! ```dockerfile
//! ARG NPM_TOKEN
//! RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci
//! ```
//! and build with `--secret id=npm,env=NPM_TOKEN`. Names ending in `_FILE`,
//! `_PATH`, `_URL`, `_USER` or `_ID` say where a credential is, and ENV
//! values such as `1`, `true` or `off` are switches: neither is flagged.

use dockerfile::Instruction;

use crate::checker::Checker;
use crate::credentials::credential_word;
use crate::{Finding, Rule};

/// Values that switch something on or off rather than hold a credential.
fn is_flag_value(value: &str) -> bool {
    let value = value.trim_matches(['"', '\'']).to_ascii_lowercase();
    value.is_empty()
        || value.len() <= 2 && value.chars().all(|c| c.is_ascii_digit())
        || ["true", "false", "yes", "no", "on", "off"].contains(&value.as_str())
}

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (id, instruction) in checker.instructions() {
        let names: Vec<(&str, &str)> = match instruction {
            Instruction::Arg { name, .. } => vec![(name.as_str(), "ARG")],
            Instruction::Env(pairs) => pairs
                .iter()
                .filter(|(_, value)| !is_flag_value(value))
                .map(|(k, _)| (k.as_str(), "ENV"))
                .collect(),
            _ => continue,
        };
        for (name, keyword) in names {
            if let Some(word) = credential_word(name) {
                out.push(
                    Finding::new(
                        rule,
                        id,
                        format!(
                            "{keyword} {name} looks like a credential ({word}), and {keyword} values are kept in the image: use a secret mount instead (RUN --mount=type=secret,id={},env={name} ...)",
                            name.to_ascii_lowercase()
                        ),
                    )
                    .at(name),
                );
            }
        }
    }
}
