//! ## What it does
//! Flags a `COPY` (without `--from`) or `ADD` source that the build's
//! `.dockerignore` leaves out of the context, itself or through a directory
//! holding it, as Docker's experimental build check `CopyIgnoredFile` does.
//! Like Docker, it runs only under `# check=experimental=CopyIgnoredFile`
//! (or `=all`), and judges nothing when the `.dockerignore` has `!`
//! exceptions. The `.dockerignore` read is `<Dockerfile>.dockerignore`
//! beside the file, else `.dockerignore` in the file's directory.
//!
//! ## Why is this bad?
//! The file is not in the build context, so the `COPY` fails ("not found"),
//! or copies less than the author expects.
//!
//! ## Example
//! ```dockerfile
//! # .dockerignore holds: config.local.json
//! COPY config.local.json /app/
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! # Remove the line from .dockerignore, or copy a file the context has.
//! COPY config.json /app/
//! ```

use dockerfile::{Instruction, InstructionId};

use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let Some(ignore) = checker
        .dockerignore
        .as_ref()
        .filter(|i| !i.has_exceptions())
    else {
        return;
    };
    for (stage, body) in checker.document.stages.iter().map(|s| &s.body).enumerate() {
        for (index, instruction) in body.iter().enumerate() {
            let (verb, copy) = match instruction {
                Instruction::Copy(copy) if copy.from.is_none() => ("Copy", copy),
                Instruction::Add(add) => ("Add", &add.copy),
                _ => continue,
            };
            for source in copy.sources.iter().filter(|s| !s.contains('$')) {
                if ignore.ignores(source) {
                    out.push(
                        Finding::new(
                            rule,
                            InstructionId::Body { stage, index },
                            format!(
                                "Attempting to {verb} file \"{source}\" that is excluded by .dockerignore: remove its pattern from .dockerignore, or do not copy it"
                            ),
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_lines_with;
    use crate::Options;

    const IGNORE: &str = "secret.txt\nsub\n";

    fn lines(text: &str, ignore: &str) -> Vec<usize> {
        let options = Options {
            dockerignore: Some(ignore.to_owned()),
            ..Options::default()
        };
        check_lines_with(text, "CopyIgnoredFile", options)
            .into_iter()
            .map(|(line, _)| line)
            .collect()
    }

    #[test]
    fn flags_ignored_sources_when_enabled() {
        let text = "# check=experimental=CopyIgnoredFile\nFROM alpine AS a\nCOPY secret.txt /a\nCOPY sub/file kept /b\nADD secret.txt /c\nCOPY --from=a secret.txt /d\nCOPY kept . /e\n";
        assert_eq!(lines(text, IGNORE), [3, 4, 5]);
    }

    #[test]
    fn silent_unless_enabled_or_with_exceptions() {
        let text = "FROM alpine\nCOPY secret.txt /a\n";
        assert!(lines(text, IGNORE).is_empty());
        let enabled = format!("# check=experimental=all\n{text}");
        assert_eq!(lines(&enabled, IGNORE), [3]);
        assert!(lines(&enabled, "secret.txt\n!keep\n").is_empty());
    }
}
