//! ## What it does
//! Flags a `COPY` or `ADD` heredoc with an unquoted delimiter (`<<EOF`)
//! whose body uses `$NAME` or `${NAME}` that will not survive the build:
//! a name that no `ARG` or `ENV` of the stage declares, a positional or
//! special parameter (`$1`, `$@`, `$#`, ...), or, in a script (a body that
//! starts with `#!`), any variable at all.
//!
//! ## Why is this bad?
//! BuildKit expands an unquoted `COPY`/`ADD` heredoc itself, at build time,
//! with the build's ARG and ENV values — quotes inside the body do not stop
//! it. A name it does not know becomes an empty string, and `"$@"` in an
//! entrypoint script becomes `""`; a known one is frozen at its build-time
//! value, so `docker run -e PORT=9000` no longer reaches the script. (`RUN`
//! heredocs are different: the shell expands them when the step runs.)
//!
//! ## Example
//! ```dockerfile
//! COPY <<EOF /entrypoint.sh
//! #!/bin/sh
//! exec app --port "$PORT" "$@"
//! EOF
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! COPY <<'EOF' /entrypoint.sh
//! #!/bin/sh
//! exec app --port "$PORT" "$@"
//! EOF
//! ```
//! or write `\$PORT` for each variable that must wait for run time.

use std::collections::BTreeSet;

use dockerfile::{Directive, Instruction, InstructionId};

use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let escape = checker
        .document
        .directives
        .iter()
        .find_map(|d| match d {
            Directive::Escape(c) => Some(*c),
            _ => None,
        })
        .unwrap_or('\\');
    let mut stage_env: Vec<BTreeSet<String>> = Vec::new();
    for (stage_index, stage) in checker.document.stages.iter().enumerate() {
        let mut declared: BTreeSet<String> = checker.parents[stage_index]
            .map(|p| stage_env[p].clone())
            .unwrap_or_default();
        let mut env = declared.clone();
        for (index, instruction) in stage.body.iter().enumerate() {
            match instruction {
                Instruction::Arg { name, .. } => {
                    declared.insert(name.clone());
                }
                Instruction::Env(pairs) => {
                    for (name, _) in pairs {
                        declared.insert(name.clone());
                        env.insert(name.clone());
                    }
                }
                Instruction::Raw(text) => {
                    let id = InstructionId::Body {
                        stage: stage_index,
                        index,
                    };
                    check_heredocs(rule, id, text, escape, &declared, out);
                }
                _ => {}
            }
        }
        stage_env.push(env);
    }
}

/// Reports the expanded heredocs of `text` when it is a `COPY` or `ADD`.
fn check_heredocs(
    rule: &'static Rule,
    id: InstructionId,
    text: &str,
    escape: char,
    declared: &BTreeSet<String>,
    out: &mut Vec<Finding>,
) {
    let keyword = text.split_whitespace().next().unwrap_or_default();
    if !(keyword.eq_ignore_ascii_case("copy") || keyword.eq_ignore_ascii_case("add")) {
        return;
    }
    let source = if escape == '\\' {
        text.to_owned()
    } else {
        format!("# escape={escape}\n{text}")
    };
    let Ok(tree) = dockerfile::parse::parse_nodes(&source) else {
        return;
    };
    for node in &tree.nodes {
        for heredoc in node.heredocs.iter().filter(|h| h.expand) {
            let script = heredoc.content.starts_with("#!");
            let lost: Vec<Reference<'_>> = references(&heredoc.content, escape)
                .into_iter()
                .filter(|r| script || !declared.contains(r.name))
                .collect();
            let Some(first) = lost.first() else {
                continue;
            };
            let mut names: Vec<String> = Vec::new();
            for shown in lost.iter().map(|r| format!("${}", r.name)) {
                if !names.contains(&shown) {
                    names.push(shown);
                }
            }
            let (keyword, names) = (keyword.to_uppercase(), names.join(" "));
            let effect = if script {
                format!("so the script gets the build-time values of {names} (empty where no ARG or ENV sets them), not those it runs with")
            } else {
                format!("and no ARG or ENV sets {names}, so the file gets empty strings there")
            };
            out.push(
                Finding::new(
                    rule,
                    id,
                    format!(
                        "{keyword} heredoc <<{name} is expanded by BuildKit at build time, {effect}: quote the delimiter (<<'{name}') or write \\$ to keep them",
                        name = heredoc.name,
                    ),
                )
                .at(first.text),
            );
        }
    }
}

/// One `$NAME`, `${NAME...}` or `$1`/`$@`-style reference in a heredoc body.
#[derive(Debug, PartialEq, Eq)]
struct Reference<'a> {
    /// The variable's name (`1`, `@` for parameters).
    name: &'a str,
    /// The reference as written, up to the end of the name.
    text: &'a str,
}

/// The references BuildKit's word expansion replaces in `body`: a `$`
/// that the escape character precedes is literal, and `$(` is not expanded.
fn references(body: &str, escape: char) -> Vec<Reference<'_>> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c == escape {
            chars.next();
            continue;
        }
        if c != '$' {
            continue;
        }
        let rest = &body[start + 1..];
        let (name, len) = match rest.chars().next() {
            Some('{') => {
                let inner = &rest[1..];
                let end = inner.find(|c: char| !is_name(c)).unwrap_or(inner.len());
                (&inner[..end], end + 1)
            }
            Some(c) if c.is_ascii_digit() || "@*#?$!-".contains(c) => (&rest[..1], 1),
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let end = rest.find(|c: char| !is_name(c)).unwrap_or(rest.len());
                (&rest[..end], end)
            }
            _ => continue,
        };
        if !name.is_empty() {
            found.push(Reference {
                name,
                text: &body[start..start + 1 + len],
            });
        }
        while chars.peek().is_some_and(|(i, _)| *i <= start + len) {
            chars.next();
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::references;

    #[test]
    fn references_as_buildkit_expands_them() {
        let names = |body: &str, escape: char| -> Vec<String> {
            references(body, escape)
                .into_iter()
                .map(|r| format!("{}={}", r.name, r.text))
                .collect()
        };
        assert_eq!(
            names("a=$A b=${B:-x} c='$C' \"$@\" $1x $$", '\\'),
            ["A=$A", "B=${B", "C=$C", "@=$@", "1=$1", "$=$$"]
        );
        assert_eq!(names(r"\$HOME $(date) $ end", '\\'), Vec::<String>::new());
        assert_eq!(names("`$HOME \\$X", '`'), ["X=$X"]);
    }
}
