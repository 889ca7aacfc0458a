//! ## What it does
//! Flags a variable that an instruction expands (`ENV`, `LABEL`, `WORKDIR`,
//! `USER`, `VOLUME`, `STOPSIGNAL`, the paths and flags of `COPY` and `ADD`,
//! `RUN --mount` fields, `ARG` defaults) but that no `ARG` or `ENV` before it
//! defines, as Docker's build check `UndefinedVar` does. `RUN`, `CMD` and
//! `ENTRYPOINT` are left alone: the shell expands those.
//!
//! Each stage knows its own `ARG`s and `ENV`s and, when built `FROM` an
//! earlier stage, that stage's. A global `ARG` (before the first `FROM`) is
//! only known in a stage that declares it again with `ARG NAME`; so are
//! `TARGETPLATFORM`, `BUILDPLATFORM`, `TARGETARCH` and the other predefined
//! arguments. Of a base image's environment a linter cannot know anything
//! but `PATH`, which BuildKit always sets: it judges as Docker does for a
//! local base image whose config has no `Env`. `${NAME:-default}` counts
//! as a use, as it does for Docker.
//!
//! ## Why is this bad?
//! An undefined variable expands to nothing: `COPY $SRC /app` copies the
//! whole context, `WORKDIR /opt/$APP` works in `/opt`. A typo in a name
//! (`$PATHH`) goes unnoticed until the image misbehaves.
//!
//! ## Example
//! ```dockerfile
//! ARG VERSION=1.2
//! FROM alpine
//! ENV APP_VERSION=$VERSION
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ARG VERSION=1.2
//! FROM alpine
//! ARG VERSION
//! ENV APP_VERSION=$VERSION
//! ```

use dockerfile::{Instruction, InstructionId, Mount};

use crate::build_args::GlobalArgs;
use crate::checker::Checker;
use crate::expansion::{expand, Spelling};
use crate::suggest::closest;
use crate::{Finding, Rule};

/// Arguments BuildKit never puts in the environment nor reports.
const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// The variables a stage knows at one point.
#[derive(Debug, Clone)]
struct Known {
    /// Environment variables (with `ARG`s that have a value), in order.
    env: Vec<String>,
    /// Names declared by `ARG` in the stage (or the stages it builds on).
    args: Vec<String>,
}

impl Known {
    /// What a stage built on an image knows: `PATH`, which BuildKit sets.
    fn base_image() -> Self {
        Self {
            env: vec!["PATH".to_owned()],
            args: Vec::new(),
        }
    }

    fn set(&mut self, name: &str) {
        if !self.env.iter().any(|n| n == name) {
            self.env.push(name.to_owned());
        }
    }

    /// The variables of `word` that are neither set nor declared.
    fn undefined(&self, word: &str, spelling: Spelling) -> Vec<String> {
        if !word.contains('$') {
            return Vec::new();
        }
        let env = &self.env;
        let expansion = expand(word, spelling, &|name| {
            env.iter().any(|n| n == name).then(String::new)
        });
        expansion
            .unmatched
            .into_iter()
            .filter(|n| !self.args.contains(n) && !NON_ENV_ARGS.contains(&n.as_str()))
            .collect()
    }
}

/// The words of `instruction` that BuildKit expands, with their spelling.
fn expanded_words(instruction: &Instruction, escape: char) -> Vec<(&str, Spelling)> {
    fn value(word: &str) -> (&str, Spelling) {
        (word, Spelling::Value)
    }
    match instruction {
        Instruction::Env(pairs) | Instruction::Label(pairs) => pairs
            .iter()
            .flat_map(|(k, v)| [value(k), value(v)])
            .collect(),
        Instruction::Workdir(path) => vec![value(path)],
        Instruction::Volume(paths) => paths.iter().map(|p| value(p)).collect(),
        Instruction::User(word) | Instruction::Stopsignal(word) => {
            vec![(word.as_str(), Spelling::Raw { escape })]
        }
        Instruction::Copy(copy) => copy_words(copy).map(|w| value(w)).collect(),
        Instruction::Add(add) => copy_words(&add.copy)
            .chain(add.checksum.iter())
            .map(|w| value(w))
            .collect(),
        Instruction::Run(run) => run
            .mounts
            .iter()
            .flat_map(mount_words)
            .map(|w| value(w))
            .collect(),
        _ => Vec::new(),
    }
}

/// `--chown`, `--chmod`, the sources and the destination.
fn copy_words(copy: &dockerfile::CopyInstruction) -> impl Iterator<Item = &String> {
    copy.chown
        .iter()
        .chain(copy.chmod.iter())
        .chain(copy.sources.iter())
        .chain([&copy.dest])
}

/// The text fields of a `--mount`.
fn mount_words(mount: &Mount) -> Vec<&String> {
    match mount {
        Mount::Cache {
            target,
            id,
            from,
            source,
            ..
        } => [Some(target), id.as_ref(), from.as_ref(), source.as_ref()]
            .into_iter()
            .flatten()
            .collect(),
        Mount::Secret {
            id, target, env, ..
        } => [Some(id), target.as_ref(), env.as_ref()]
            .into_iter()
            .flatten()
            .collect(),
        Mount::Ssh { id, target, .. } => [id.as_ref(), target.as_ref()]
            .into_iter()
            .flatten()
            .collect(),
        Mount::Bind {
            source,
            target,
            from,
            ..
        } => [source.as_ref(), Some(target), from.as_ref()]
            .into_iter()
            .flatten()
            .collect(),
        Mount::Tmpfs { target, .. } => vec![target],
    }
}

fn report(
    rule: &'static Rule,
    id: InstructionId,
    known: &Known,
    names: Vec<String>,
    out: &mut Vec<Finding>,
) {
    for name in names {
        let hint = closest(&name, known.env.iter().map(String::as_str))
            .map(|m| format!(" (did you mean ${m}?)"))
            .unwrap_or_default();
        out.push(
            Finding::new(
                rule,
                id,
                format!(
                    "Usage of undefined variable '${name}'{hint}: declare it before this line with ARG {name} (a global ARG must be declared again in the stage) or ENV {name}=..."
                ),
            ),
        );
    }
}

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let globals = GlobalArgs::of(checker.document);
    let escape = checker.escape();
    let mut at_end: Vec<Known> = Vec::new();
    for (stage, body) in checker.document.stages.iter().map(|s| &s.body).enumerate() {
        let mut known =
            checker.parents[stage].map_or_else(Known::base_image, |p| at_end[p].clone());
        for (index, instruction) in body.iter().enumerate() {
            let id = InstructionId::Body { stage, index };
            if let Instruction::Arg { name, default } = instruction {
                let has_value = match default {
                    Some(default) => {
                        report(
                            rule,
                            id,
                            &known,
                            known.undefined(default, Spelling::Value),
                            out,
                        );
                        true
                    }
                    None => globals.value(name).is_some(),
                };
                if has_value && !NON_ENV_ARGS.contains(&name.as_str()) {
                    known.set(name);
                }
                known.args.push(name.clone());
                continue;
            }
            let mut undefined: Vec<String> = Vec::new();
            for (word, spelling) in expanded_words(instruction, escape) {
                for name in known.undefined(word, spelling) {
                    if !undefined.contains(&name) {
                        undefined.push(name);
                    }
                }
            }
            report(rule, id, &known, undefined, out);
            if let Instruction::Env(pairs) = instruction {
                for (name, _) in pairs {
                    known.set(name);
                }
            }
        }
        at_end.push(known);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_lines, finding_lines};

    #[test]
    fn flags_what_docker_flags() {
        let text = "ARG GLOBAL=1\nFROM alpine AS base\nENV A=1 B=$A\nCOPY $GLOBAL /x\nARG LOCAL\nWORKDIR /$LOCAL\nUSER $TARGETARCH\nENV C=${PATHH}\nLABEL x=\"$DOUBLE\" y='$SINGLE'\nARG D=$UNDEF\nRUN echo $SHELL_ONLY\nFROM base\nENV E=$A$LOCAL$D\n";
        let found = check_lines(text, "UndefinedVar");
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 4, 7, 8, 9, 10]);
        assert!(
            found[0]
                .1
                .starts_with("Usage of undefined variable '$A': declare it"),
            "{found:?}"
        );
        assert!(
            found[3]
                .1
                .starts_with("Usage of undefined variable '$PATHH' (did you mean $PATH?)"),
            "{found:?}"
        );
    }

    #[test]
    fn reports_on_the_line_the_instruction_starts_as_docker_does() {
        let text = "FROM alpine\nENV A=1 \\\n    B=$NOPE\n";
        assert_eq!(finding_lines(text, "UndefinedVar"), [2]);
    }

    #[test]
    fn declared_arguments_and_env_are_defined() {
        let text = "ARG V=1\nFROM alpine\nARG V\nARG TARGETPLATFORM\nENV X=$V\nCOPY --chown=$X a /$TARGETPLATFORM/$PATH\nRUN --mount=type=cache,target=/c/$X true\nCMD echo $NOPE\n";
        assert!(finding_lines(text, "UndefinedVar").is_empty());
    }
}
