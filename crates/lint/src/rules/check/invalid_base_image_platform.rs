//! ## What it does
//! Flags a `FROM` whose base image is built for one platform only, and for
//! another OS or architecture than the stage asks for (its `--platform`, or
//! the build's target platform), as Docker's build check
//! `InvalidBaseImagePlatform` does. Docker sees the platform in the config
//! of the image it pulled; docker-dsl reads it from `docker-dsl.lock`
//! (`docker-dsl lock` records a single-platform image's platform from its
//! config), so the check runs on the images the lock holds and on no other.
//!
//! ## Why is this bad?
//! BuildKit uses the image anyway: the stage then runs another
//! architecture's binaries (under emulation, or failing with `exec format
//! error`), and the result is labelled with the platform it was not built
//! for.
//!
//! ## Example
//! ```dockerfile
//! # docker-dsl.lock: registry.example/tools:1 is linux/arm64 only
//! FROM registry.example/tools:1
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! # a tag built for the target platform, or a multi-platform one
//! FROM registry.example/tools:1-amd64
//! ```

use dockerfile::InstructionId;

use crate::build_args::{from_lines, GlobalArgs};
use crate::checker::Checker;
use crate::expansion::Spelling;
use crate::platform::Platform;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    if checker.base_platforms.is_empty() {
        return;
    }
    let globals = GlobalArgs::of(checker.document);
    let escape = checker.escape();
    for (stage, from) in from_lines(checker.document) {
        if checker.parents[stage].is_some() {
            continue;
        }
        let image = globals.expand(&from.image, Spelling::Raw { escape });
        let Some(actual) = checker
            .base_platforms
            .get(&image.result)
            .and_then(|platform| Platform::parse(platform))
        else {
            continue;
        };
        let wanted = match &from.platform {
            Some(flag) => globals.expand(flag, Spelling::Value),
            None => globals.expand("$TARGETPLATFORM", Spelling::Value),
        };
        if !wanted.unmatched.is_empty() {
            continue;
        }
        let Some(expected) = Platform::parse(&wanted.result) else {
            continue;
        };
        if (&expected.os, &expected.architecture) == (&actual.os, &actual.architecture) {
            continue;
        }
        out.push(Finding::new(
            rule,
            InstructionId::From { stage },
            format!(
                "Base image {} was pulled with platform \"{actual}\", expected \"{expected}\" for current build: the lock records it for {actual} only; FROM a tag built for {expected}, or a multi-platform one",
                image.result
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::testing::check_lines_with;
    use crate::Options;

    fn lines(text: &str, platforms: &[(&str, &str)]) -> Vec<usize> {
        let options = Options {
            base_platforms: platforms
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<BTreeMap<_, _>>(),
            ..Options::default()
        };
        check_lines_with(text, "InvalidBaseImagePlatform", options)
            .into_iter()
            .map(|(line, _)| line)
            .collect()
    }

    #[test]
    fn flags_a_single_platform_image_of_another_architecture() {
        let text = "ARG REG=r.example\nFROM $REG/arm:1 AS a\nFROM --platform=$BUILDPLATFORM r.example/arm:1\nFROM --platform=linux/arm/v7 r.example/arm:1\nFROM a\n";
        assert_eq!(
            lines(text, &[("r.example/arm:1", "linux/arm64")]),
            [2, 3, 4]
        );
    }

    #[test]
    fn accepts_matching_platforms_and_images_the_lock_does_not_know() {
        let text = "FROM --platform=linux/arm64/v8 r.example/arm:1\nFROM --platform=linux/arm64 r.example/arm:1\nFROM r.example/amd:1\nFROM alpine\nFROM --platform=$UNSET r.example/arm:1\n";
        let known = [
            ("r.example/arm:1", "linux/arm64"),
            ("r.example/amd:1", "linux/amd64"),
        ];
        assert!(lines(text, &known).is_empty());
        assert!(lines("FROM r.example/arm:1\n", &[]).is_empty());
    }
}
