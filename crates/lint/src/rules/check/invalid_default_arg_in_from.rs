//! ## What it does
//! Flags a `FROM` whose image name, built from global `ARG`s with their
//! default values, is empty or not a valid image reference, as Docker's
//! build check `InvalidDefaultArgInFrom` does. Only names that use a
//! variable are judged: a literal bad name fails the build anyway.
//!
//! ## Why is this bad?
//! The build then only works when every caller passes `--build-arg`; a
//! plain `docker build` fails with an "invalid reference format".
//!
//! ## Example
//! ```dockerfile
//! ARG TAG
//! FROM alpine:$TAG
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ARG TAG=3.20
//! FROM alpine:$TAG
//! ```

use dockerfile::InstructionId;

use crate::build_args::{from_lines, GlobalArgs};
use crate::checker::Checker;
use crate::expansion::Spelling;
use crate::reference::is_valid_image_name;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let globals = GlobalArgs::of(checker.document);
    let escape = checker.escape();
    for (stage, from) in from_lines(checker.document) {
        if !from.image.contains('$') {
            continue;
        }
        let name = globals.expand(&from.image, Spelling::Raw { escape }).result;
        if !is_valid_image_name(&name) {
            out.push(Finding::new(
                rule,
                InstructionId::From { stage },
                format!(
                    "Default value for ARG {} results in empty or invalid base image name: give the global ARG a default (ARG NAME=value) that makes a valid image name",
                    from.image
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::finding_lines;

    #[test]
    fn flags_names_that_defaults_leave_invalid() {
        let text = "ARG TAG\nARG IMAGE\nFROM alpine:$TAG\nFROM $IMAGE\nFROM ${IMAGE:-alpine}\n";
        assert_eq!(finding_lines(text, "InvalidDefaultArgInFrom"), [3, 4]);
    }

    #[test]
    fn accepts_names_that_defaults_complete() {
        let text = "ARG TAG=3\nARG REPO=library\nFROM $REPO/alpine:$TAG AS a\nFROM a\nFROM --platform=$BUILDPLATFORM golang:{{ .go.version }} AS template\n";
        assert!(finding_lines(text, "InvalidDefaultArgInFrom").is_empty());
    }
}
