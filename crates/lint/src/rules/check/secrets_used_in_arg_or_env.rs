//! ## What it does
//! Flags an `ARG` or `ENV` of a build stage whose name contains one of
//! Docker's secret words (`apikey`, `auth`, `credential(s)`, `key`,
//! `password`, `pword`, `passwd`, `secret`, `token`) as a whole `_`-separated
//! word, in any case, unless it also contains the word `public`: the exact
//! trigger of Docker's build check `SecretsUsedInArgOrEnv`. Global `ARG`s
//! (before the first `FROM`) are not checked, as in Docker. The `secret`
//! rule S003 looks at more names and at values; this rule answers the same
//! as Docker, so a team can switch.
//!
//! ## Why is this bad?
//! `ARG` and `ENV` values are kept in the image's history and configuration,
//! where anyone who pulls the image can read them.
//!
//! ## Example
//! ```dockerfile
//! ARG GITHUB_TOKEN
//! RUN git clone https://$GITHUB_TOKEN@github.com/org/repo
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN \
//!     git clone https://$GITHUB_TOKEN@github.com/org/repo
//! ```

use std::sync::LazyLock;

use dockerfile::{Instruction, InstructionId};
use regex::Regex;

use crate::checker::Checker;
use crate::{Finding, Rule};

/// Docker's secret words, matched as whole `_`-separated words.
static SECRET_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)")
        .expect("valid regex")
});

/// Docker's words that make a name public after all.
static ALLOWED_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:_|^)public(?:_|$)").expect("valid regex"));

/// Whether Docker takes `name` for the name of a secret.
fn names_secret(name: &str) -> bool {
    SECRET_WORD.is_match(name) && !ALLOWED_WORD.is_match(name)
}

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (stage, body) in checker.document.stages.iter().map(|s| &s.body).enumerate() {
        for (index, instruction) in body.iter().enumerate() {
            let (keyword, names): (&str, Vec<&str>) = match instruction {
                Instruction::Arg { name, .. } => ("ARG", vec![name.as_str()]),
                Instruction::Env(pairs) => ("ENV", pairs.iter().map(|(k, _)| k.as_str()).collect()),
                _ => continue,
            };
            for name in names.into_iter().filter(|n| names_secret(n)) {
                out.push(
                    Finding::new(
                        rule,
                        InstructionId::Body { stage, index },
                        format!(
                            "Do not use ARG or ENV instructions for sensitive data ({keyword} \"{name}\"): pass it as a build secret (RUN --mount=type=secret)"
                        ),
                    )
                    .at(name),
                );
            }
        }
    }
}
