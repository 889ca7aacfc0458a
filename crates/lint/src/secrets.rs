//! Which secrets a RUN sees and which words carry them: the file at
//! `/run/secrets/ID` or its `target=`, the variable of `env=`, and shell
//! variables assigned from either.

use dockerfile::{Mount, Run};

use crate::shell::{Command, Script};

/// One secret mount of a RUN.
#[derive(Debug, Clone)]
pub(crate) struct SecretMount {
    /// The secret's id.
    pub id: String,
    /// Where its file is (`None` with `env=` and no `target=`).
    pub path: Option<String>,
    /// The variable it is exposed as (`env=`).
    pub env: Option<String>,
    /// `required=true`.
    pub required: bool,
}

/// The secrets of one RUN and the shell variables that carry them.
#[derive(Debug, Clone, Default)]
pub(crate) struct SecretView {
    /// The mounts.
    pub mounts: Vec<SecretMount>,
    /// Variables holding a secret, with the index of its mount.
    vars: Vec<(String, usize)>,
}

impl SecretView {
    /// The secret mounts of `run`.
    pub fn new(run: &Run) -> Self {
        let mounts: Vec<SecretMount> = run
            .mounts
            .iter()
            .filter_map(|m| match m {
                Mount::Secret {
                    id,
                    target,
                    env,
                    required,
                    ..
                } => Some(SecretMount {
                    id: id.clone(),
                    path: match (target, env) {
                        (Some(target), _) => Some(target.clone()),
                        (None, Some(_)) => None,
                        (None, None) => Some(format!("/run/secrets/{id}")),
                    },
                    env: env.clone(),
                    required: required.unwrap_or(false),
                }),
                _ => None,
            })
            .collect();
        let vars = mounts
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.env.clone().map(|v| (v, i)))
            .collect();
        Self { mounts, vars }
    }

    /// Adds the variables that standalone assignments (`T=$(cat ...)`,
    /// `export T=...`) fill from a secret.
    pub fn follow_assignments(&mut self, script: &Script) {
        for command in &script.commands {
            let exported = command.program() == Some("export");
            let pairs: Vec<(String, String)> = if exported {
                command
                    .args()
                    .iter()
                    .filter_map(|a| a.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
                    .collect()
            } else if command.words.is_empty() {
                command.assignments.clone()
            } else {
                continue;
            };
            for (name, value) in pairs {
                if let Some(index) = self.carried_by(&value) {
                    self.vars.push((name, index));
                }
            }
        }
    }

    /// Whether the RUN mounts any secret.
    pub fn is_empty(&self) -> bool {
        self.mounts.is_empty()
    }

    /// The secret whose content `text` carries (its path or a variable).
    pub fn carried_by(&self, text: &str) -> Option<usize> {
        self.read_by(text).or_else(|| {
            self.vars
                .iter()
                .find(|(v, _)| mentions_var(text, v))
                .map(|(_, i)| *i)
        })
    }

    /// The secret whose file `text` names.
    pub fn read_by(&self, text: &str) -> Option<usize> {
        self.mounts
            .iter()
            .position(|m| m.path.as_deref().is_some_and(|p| mentions_path(text, p)))
    }

    /// The secret the command's arguments or assignments carry.
    pub fn in_args(&self, command: &Command) -> Option<usize> {
        command.args().iter().find_map(|a| self.carried_by(a))
    }
}

/// Whether `text` contains `path` as a whole path (not a longer name).
pub(crate) fn mentions_path(text: &str, path: &str) -> bool {
    text.match_indices(path).any(|(at, _)| {
        text[at + path.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    })
}

/// Whether `text` expands `$name` or `${name...}`.
pub(crate) fn mentions_var(text: &str, name: &str) -> bool {
    text.match_indices('$').any(|(at, _)| {
        let rest = &text[at + 1..];
        let (rest, braced) = match rest.strip_prefix('{') {
            Some(inner) => (inner, true),
            None => (rest, false),
        };
        rest.strip_prefix(name).is_some_and(|after| {
            let next = after.chars().next();
            if braced {
                next.is_some_and(|c| !(c.is_ascii_alphanumeric() || c == '_'))
            } else {
                next.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'))
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_variables_are_matched_whole() {
        assert!(mentions_path("$(cat /run/secrets/npm)", "/run/secrets/npm"));
        assert!(!mentions_path("/run/secrets/npm_token", "/run/secrets/npm"));
        assert!(mentions_var("Bearer ${TOKEN}", "TOKEN"));
        assert!(mentions_var("x=$TOKEN/y", "TOKEN"));
        assert!(!mentions_var("$TOKENS", "TOKEN"));
    }
}
