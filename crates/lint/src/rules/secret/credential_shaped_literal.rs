//! ## What it does
//! Flags a literal that looks like a credential — a GitHub, GitLab, Slack,
//! npm, PyPI or Stripe token, an AWS access key id, a private-key header, a
//! password inside a URL — in an `ARG`, `ENV`, `LABEL` or a RUN (its heredoc
//! bodies included).
//!
//! ## Why is this bad?
//! The Dockerfile is usually committed, and every one of these values ends
//! up in the image's history, config or a layer. The credential must be
//! considered leaked and rotated.
//!
//! ## Example
//! ```dockerfile
//! ENV GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=secret,id=github,env=GITHUB_TOKEN ./fetch-private-deps.sh
//! ```

use dockerfile::Instruction;

use crate::checker::Checker;
use crate::credentials::credential_shape;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (id, instruction) in checker.instructions() {
        let texts: Vec<(&str, &str)> = match instruction {
            Instruction::Arg {
                default: Some(value),
                ..
            } => vec![("ARG", value.as_str())],
            Instruction::Env(pairs) => pairs.iter().map(|(_, v)| ("ENV", v.as_str())).collect(),
            Instruction::Label(pairs) => pairs.iter().map(|(_, v)| ("LABEL", v.as_str())).collect(),
            Instruction::Run(run) => std::iter::once(("RUN", run.script.as_str()))
                .chain(
                    run.heredocs
                        .iter()
                        .map(|(_, body)| ("RUN heredoc", body.as_str())),
                )
                .collect(),
            _ => continue,
        };
        for (place, text) in texts {
            if let Some((kind, matched)) = credential_shape(text) {
                let shown: String = matched.chars().take(8).collect();
                out.push(
                    Finding::new(
                        rule,
                        id,
                        format!(
                            "{place} holds what looks like a {kind} ({shown}…): treat it as leaked, rotate it, and pass the new one as a build secret (--mount=type=secret)"
                        ),
                    )
                    .at(matched.to_owned()),
                );
            }
        }
    }
}
