//! ## What it does
//! Flags a variable in a `FROM` line (image or `--platform`) that is neither
//! a global `ARG` (declared before the first `FROM`) nor one of BuildKit's
//! predefined arguments (`BUILDPLATFORM`, `TARGETARCH`, ...), as Docker's
//! build check `UndefinedArgInFrom` does.
//!
//! ## Why is this bad?
//! `FROM` only sees global `ARG`s: a name declared in an earlier stage, or a
//! typo, expands to nothing and the base image is not the one meant.
//!
//! ## Example
//! ```dockerfile
//! ARG VERSION=3.20
//! FROM alpine:$VERSON
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ARG VERSION=3.20
//! FROM alpine:$VERSION
//! ```

use dockerfile::InstructionId;

use crate::build_args::{from_lines, GlobalArgs};
use crate::checker::Checker;
use crate::expansion::Spelling;
use crate::suggest::closest;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let globals = GlobalArgs::of(checker.document);
    let escape = checker.escape();
    for (stage, from) in from_lines(checker.document) {
        let mut undeclared: Vec<String> = Vec::new();
        let words = [
            (Some(&from.image), Spelling::Raw { escape }),
            (from.platform.as_ref(), Spelling::Value),
        ];
        for (word, spelling) in words {
            let Some(word) = word else { continue };
            for name in globals.expand(word, spelling).unmatched {
                if !globals.is_declared(&name) && !undeclared.contains(&name) {
                    undeclared.push(name);
                }
            }
        }
        for name in undeclared {
            let hint = closest(&name, globals.names())
                .map(|m| format!(" (did you mean {m}?)"))
                .unwrap_or_default();
            out.push(
                Finding::new(
                    rule,
                    InstructionId::From { stage },
                    format!(
                        "FROM argument '{name}' is not declared{hint}: declare it with ARG {name} before the first FROM"
                    ),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_lines;

    #[test]
    fn flags_names_no_global_arg_declares() {
        let text =
            "ARG GLOBAL=1\nARG NODEF\nFROM alpine:$GLOBL AS a\nARG LOCAL=1\nFROM alpine:$LOCAL\n";
        let found = check_lines(text, "UndefinedArgInFrom");
        assert_eq!(found.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [3, 5]);
        assert!(
            found[0]
                .1
                .starts_with("FROM argument 'GLOBL' is not declared (did you mean GLOBAL?)"),
            "{found:?}"
        );
    }

    #[test]
    fn global_and_predefined_arguments_are_declared() {
        let text = "ARG TAG\nARG BASE=alpine\nFROM --platform=$BUILDPLATFORM $BASE:${TAG:-3}-$TARGETARCH\n";
        assert!(check_lines(text, "UndefinedArgInFrom").is_empty());
    }
}
