//! ## What it does
//! Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`), as
//! Docker's build check `RedundantTargetPlatform` does.
//!
//! ## Why is this bad?
//! A stage is built for the target platform anyway: the flag adds nothing
//! but noise, and suggests to a reader that it changes something.
//!
//! ## Example
//! ```dockerfile
//! FROM --platform=$TARGETPLATFORM alpine
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine
//! ```

use dockerfile::InstructionId;

use crate::build_args::{platform_flags, GlobalArgs};
use crate::checker::Checker;
use crate::{Finding, Rule};

/// The predefined argument that names the target platform.
const TARGET_PLATFORM: &str = "TARGETPLATFORM";

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let globals = GlobalArgs::of(checker.document);
    for (stage, _, flag, expansion) in platform_flags(checker.document, &globals) {
        let only_target = expansion.matched == [TARGET_PLATFORM] && expansion.unmatched.is_empty();
        if only_target && Some(expansion.result.as_str()) == globals.value(TARGET_PLATFORM) {
            out.push(
                Finding::new(
                    rule,
                    InstructionId::From { stage },
                    format!(
                        "Setting platform to predefined {flag} in FROM is redundant as this is the default behavior: remove --platform={flag}"
                    ),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::finding_lines;

    #[test]
    fn flags_the_target_platform() {
        let text =
            "FROM --platform=$TARGETPLATFORM alpine\nFROM --platform=${TARGETPLATFORM} alpine\n";
        assert_eq!(finding_lines(text, "RedundantTargetPlatform"), [1, 2]);
    }

    #[test]
    fn accepts_other_platforms() {
        let text = "FROM --platform=$BUILDPLATFORM alpine\nFROM --platform=${TARGETPLATFORM}-x alpine\nFROM alpine\n";
        assert!(finding_lines(text, "RedundantTargetPlatform").is_empty());
    }
}
