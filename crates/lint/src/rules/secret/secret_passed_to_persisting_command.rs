//! ## What it does
//! Flags a secret passed to a command that stores its arguments in a
//! configuration file (`npm config set`, `pip config set`, `git config
//! --global`, `docker login`, ...), when the same RUN does not remove that
//! file.
//!
//! ## Why is this bad?
//! These commands write the credential into a file under HOME or `/etc`;
//! the secret mount is gone after the RUN, but the file stays in the layer.
//!
//! ## Example
//! ```dockerfile
//! RUN --mount=type=secret,id=pypi \
//!   pip config set global.index-url https://$(cat /run/secrets/pypi)@pypi.example.com/simple \
//!   && pip install -r requirements.txt
//! ```
//!
//! ## Use instead
//! Pass the credential for the one command only:
//! ```dockerfile
//! RUN --mount=type=secret,id=pypi \
//!   PIP_INDEX_URL=https://$(cat /run/secrets/pypi)@pypi.example.com/simple \
//!   pip install -r requirements.txt
//! ```

use crate::checker::Checker;
use crate::{Finding, Rule};

/// A command that persists its arguments: program, the words that follow
/// it, and the file it writes.
struct Persisting {
    program: &'static str,
    words: &'static [&'static str],
    file: &'static str,
}

/// The commands that store what they are given.
const PERSISTING: &[Persisting] = &[
    Persisting {
        program: "npm",
        words: &["config", "set"],
        file: "~/.npmrc",
    },
    Persisting {
        program: "npm",
        words: &["set"],
        file: "~/.npmrc",
    },
    Persisting {
        program: "npm",
        words: &["login"],
        file: "~/.npmrc",
    },
    Persisting {
        program: "yarn",
        words: &["config", "set"],
        file: "~/.yarnrc",
    },
    Persisting {
        program: "pnpm",
        words: &["config", "set"],
        file: "~/.npmrc",
    },
    Persisting {
        program: "pip",
        words: &["config", "set"],
        file: "~/.config/pip/pip.conf",
    },
    Persisting {
        program: "pip3",
        words: &["config", "set"],
        file: "~/.config/pip/pip.conf",
    },
    Persisting {
        program: "git",
        words: &["config", "--global"],
        file: "~/.gitconfig",
    },
    Persisting {
        program: "git",
        words: &["config", "--system"],
        file: "/etc/gitconfig",
    },
    Persisting {
        program: "poetry",
        words: &["config"],
        file: "~/.config/pypoetry/auth.toml",
    },
    Persisting {
        program: "composer",
        words: &["config"],
        file: "~/.composer/auth.json",
    },
    Persisting {
        program: "gem",
        words: &["sources", "--add"],
        file: "~/.gemrc",
    },
    Persisting {
        program: "gem",
        words: &["sources", "-a"],
        file: "~/.gemrc",
    },
    Persisting {
        program: "bundle",
        words: &["config"],
        file: "~/.bundle/config",
    },
    Persisting {
        program: "conda",
        words: &["config"],
        file: "~/.condarc",
    },
    Persisting {
        program: "docker",
        words: &["login"],
        file: "~/.docker/config.json",
    },
    Persisting {
        program: "helm",
        words: &["repo", "add"],
        file: "~/.config/helm/repositories.yaml",
    },
    Persisting {
        program: "aws",
        words: &["configure", "set"],
        file: "~/.aws/credentials",
    },
    Persisting {
        program: "cargo",
        words: &["login"],
        file: "~/.cargo/credentials.toml",
    },
];

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for site in checker.runs.iter().filter(|s| !s.secrets.is_empty()) {
        for (index, command) in site.script.commands.iter().enumerate() {
            let argv = command.argv();
            let Some(entry) = PERSISTING.iter().find(|p| {
                command.program() == Some(p.program)
                    && argv.len() > p.words.len()
                    && argv[1..=p.words.len()]
                        .iter()
                        .zip(p.words)
                        .all(|(a, w)| a == w)
            }) else {
                continue;
            };
            let after = &argv[entry.words.len() + 1..];
            let piped = (index > 0 && command.piped)
                .then(|| preceded_by_secret(site, index))
                .flatten();
            let Some(secret) = after
                .iter()
                .find_map(|a| site.secrets.carried_by(a))
                .or(piped)
            else {
                continue;
            };
            if site.removed_after(index, entry.file) {
                continue;
            }
            let id = &site.secrets.mounts[secret].id;
            let shown = format!("{} {}", entry.program, entry.words.join(" "));
            out.push(
                Finding::new(
                    rule,
                    site.id,
                    format!(
                        "secret '{id}' is passed to `{shown}`, which stores it in {}: pass it to the command that needs it through a variable for that command only, or remove {} in the same RUN",
                        entry.file, entry.file
                    ),
                )
                .at(shown),
            );
        }
    }
}

/// The secret printed by the command before `index` (`cat /run/secrets/x | docker login ...`).
fn preceded_by_secret(site: &crate::checker::RunSite<'_>, index: usize) -> Option<usize> {
    let previous = &site.script.commands[index - 1];
    previous
        .args()
        .iter()
        .find_map(|a| site.secrets.carried_by(a))
}
