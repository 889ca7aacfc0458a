//! ## What it does
//! Flags `FROM --platform=` with a constant platform (no variable in it),
//! unless the stage's name mentions that platform's OS or architecture, as
//! Docker's build check `FromPlatformFlagConstDisallowed` does.
//!
//! ## Why is this bad?
//! A fixed platform makes the stage run emulated (and slowly) on every
//! other machine, and ignores `docker build --platform`. Build tools for the
//! machine that builds (`$BUILDPLATFORM`) or the target (the default) instead.
//!
//! ## Example
//! ```dockerfile
//! FROM --platform=linux/amd64 golang:1.23 AS build
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM --platform=$BUILDPLATFORM golang:1.23 AS build
//! ```

use dockerfile::InstructionId;

use crate::build_args::{platform_flags, GlobalArgs};
use crate::checker::Checker;
use crate::platform::Platform;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let globals = GlobalArgs::of(checker.document);
    for (stage, from, _, expansion) in platform_flags(checker.document, &globals) {
        if !expansion.matched.is_empty() || !expansion.unmatched.is_empty() {
            continue;
        }
        let Some(platform) = Platform::parse(&expansion.result) else {
            continue;
        };
        let name = from.name.as_deref().unwrap_or_default().to_lowercase();
        if name.contains(&platform.os) || name.contains(&platform.architecture) {
            continue;
        }
        out.push(
            Finding::new(
                rule,
                InstructionId::From { stage },
                format!(
                    "FROM --platform flag should not use constant value \"{}\": use --platform=$BUILDPLATFORM for build tools, or leave the flag out to build for the target",
                    expansion.result
                ),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::finding_lines;

    #[test]
    fn flags_constant_platforms() {
        let text = "FROM --platform=linux/amd64 alpine AS build\nFROM --platform=arm64 alpine\n";
        assert_eq!(
            finding_lines(text, "FromPlatformFlagConstDisallowed"),
            [1, 2]
        );
    }

    #[test]
    fn accepts_variables_and_stage_names_that_say_the_platform() {
        let text = "FROM --platform=$BUILDPLATFORM alpine AS a\nFROM --platform=linux/arm64 alpine AS build-arm64\nFROM --platform=amd64 alpine AS Linux-tools\nFROM --platform=nonsense alpine\n";
        assert!(finding_lines(text, "FromPlatformFlagConstDisallowed").is_empty());
    }
}
