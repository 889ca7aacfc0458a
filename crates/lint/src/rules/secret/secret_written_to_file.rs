//! ## What it does
//! Flags a RUN that copies, redirects, `tee`s or `dd`s a mounted secret into
//! a file that the same RUN does not remove.
//!
//! ## Why is this bad?
//! A secret mount exists only while its RUN runs, but a file the RUN writes
//! is part of the layer: anyone who pulls the image (or its build cache) can
//! read the secret, and `docker history` will not show how it got there.
//! Heredoc bodies that expand the secret count as well.
//!
//! ## Example
//! ```dockerfile
//! RUN --mount=type=secret,id=npm \
//!   echo "//registry.npmjs.org/:_authToken=$(cat /run/secrets/npm)" > ~/.npmrc \
//!   && npm ci
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN --mount=type=secret,id=npm,target=/root/.npmrc npm ci
//! ```
//! or remove the file in the same RUN:
//! ```dockerfile
//! RUN --mount=type=secret,id=npm \
//!   echo "//registry.npmjs.org/:_authToken=$(cat /run/secrets/npm)" > ~/.npmrc \
//!   && npm ci && rm ~/.npmrc
//! ```

use crate::checker::{Checker, RunSite};
use crate::shell::Command;
use crate::{Finding, Rule};

/// Programs that print their arguments.
const PRINTERS: &[&str] = &["echo", "printf"];

/// Programs that print the files they are given, or their stdin, transformed or not.
const FILTERS: &[&str] = &[
    "cat", "base64", "tac", "head", "tail", "tr", "sed", "awk", "envsubst", "xxd", "od", "sort",
    "uniq", "cut", "grep", "jq", "rev", "openssl", "gpg",
];

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for site in checker.runs.iter().filter(|s| !s.secrets.is_empty()) {
        let mut previous_output: Option<usize> = None;
        for (index, command) in site.script.commands.iter().enumerate() {
            let stdin = stdin_secret(site, command, previous_output);
            let output = output_secret(site, command, stdin);
            for (secret, path) in written_files(site, command, stdin, output) {
                if site.lands_in_layer(&path) && !site.removed_after(index, &path) {
                    let id = &site.secrets.mounts[secret].id;
                    let absolute = site.scope.resolve(&path);
                    out.push(
                        Finding::new(
                            rule,
                            site.id,
                            format!(
                                "secret '{id}' is written to {path}, which stays in the layer: mount the secret at that path instead (--mount=type=secret,id={id},target={absolute}) or remove the file in the same RUN"
                            ),
                        )
                        .at(path),
                    );
                }
            }
            previous_output = output.or(stdin.filter(|_| command.program() == Some("tee")));
        }
    }
}

/// The secret on the command's stdin: piped, a heredoc that expands it, or `< file`.
fn stdin_secret(site: &RunSite<'_>, command: &Command, previous: Option<usize>) -> Option<usize> {
    let piped = previous.filter(|_| command.piped);
    let heredoc = command
        .heredoc
        .as_ref()
        .filter(|h| h.expands)
        .and_then(|h| site.secrets.carried_by(&h.body));
    let redirected = command
        .redirects
        .iter()
        .filter(|r| !r.writes)
        .find_map(|r| site.secrets.read_by(&r.target));
    piped.or(heredoc).or(redirected)
}

/// The secret the command prints on stdout.
fn output_secret(site: &RunSite<'_>, command: &Command, stdin: Option<usize>) -> Option<usize> {
    let program = command.program()?;
    if PRINTERS.contains(&program) {
        site.secrets.in_args(command)
    } else if FILTERS.contains(&program) {
        command
            .args()
            .iter()
            .find_map(|a| site.secrets.read_by(a))
            .or(stdin)
    } else {
        None
    }
}

/// The files the command writes with secret content, and whose secret.
fn written_files(
    site: &RunSite<'_>,
    command: &Command,
    stdin: Option<usize>,
    output: Option<usize>,
) -> Vec<(usize, String)> {
    let mut files: Vec<(usize, String)> = Vec::new();
    if let Some(secret) = output {
        files.extend(
            command
                .redirects
                .iter()
                .filter(|r| r.writes && r.stdout)
                .map(|r| (secret, r.target.clone())),
        );
    }
    let operands: Vec<&String> = command.operands().collect();
    match command.program() {
        Some("tee") => {
            if let Some(secret) = stdin {
                files.extend(operands.iter().map(|o| (secret, (*o).clone())));
            }
        }
        Some("cp" | "install") => {
            if let Some((dest, sources)) = operands.split_last() {
                if let Some(secret) = sources.iter().find_map(|s| site.secrets.read_by(s)) {
                    files.push((secret, (*dest).clone()));
                }
            }
        }
        Some("dd") => {
            let input = command
                .args()
                .iter()
                .find_map(|a| a.strip_prefix("if=").and_then(|p| site.secrets.read_by(p)))
                .or(stdin);
            let dest = command.args().iter().find_map(|a| a.strip_prefix("of="));
            if let (Some(secret), Some(dest)) = (input, dest) {
                files.push((secret, dest.to_owned()));
            }
        }
        _ => {}
    }
    files
}
