//! ## What it does
//! Flags a `# syntax=` pin whose tag floats: no tag at all (`latest`), or a
//! tag that names a channel rather than a version (`latest`, `master`,
//! `experimental`, `labs`). A major version (`docker/dockerfile:1`) is a
//! deliberate floating major that Docker recommends and is not flagged;
//! neither is any tag that starts with a version number, nor a digest.
//!
//! ## Why is this bad?
//! The frontend image is pulled at build time. A channel tag moves to
//! whatever was published last, including breaking changes and, for
//! `master`, unreleased code: the same Dockerfile parses differently from one
//! week to the next, and an old build cannot be reproduced.
//!
//! ## Example
//! ```dockerfile
//! # syntax=docker/dockerfile-upstream:master
//! FROM alpine
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! # syntax=docker/dockerfile:1.19
//! FROM alpine
//! ```

use dockerfile::{Directive, InstructionId};

use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (index, directive) in checker.document.directives.iter().enumerate() {
        let Directive::Syntax(reference) = directive else {
            continue;
        };
        let Some(tag) = floating_tag(reference) else {
            continue;
        };
        out.push(Finding::new(
            rule,
            InstructionId::Directive(index),
            format!(
                "`# syntax={reference}` follows the moving tag `{tag}`, so the frontend changes under the file: pin a version tag (docker/dockerfile:1.19, or :1 for the stable major) or a digest"
            ),
        ));
    }
}

/// The tag of a frontend reference when it names a channel, not a version
/// (`latest` when there is none); `None` for version tags and digests.
fn floating_tag(reference: &str) -> Option<&str> {
    let reference = reference.split_whitespace().next()?;
    if reference.contains('@') {
        return None;
    }
    let last = reference.rsplit('/').next().unwrap_or(reference);
    match last.split_once(':') {
        None => Some("latest"),
        Some((_, tag)) if tag.starts_with(|c: char| c.is_ascii_digit()) => None,
        Some((_, tag)) => Some(tag),
    }
}

#[cfg(test)]
mod tests {
    use super::floating_tag;

    #[test]
    fn channel_tags_float_and_versions_do_not() {
        assert_eq!(floating_tag("docker/dockerfile"), Some("latest"));
        assert_eq!(floating_tag("docker/dockerfile:latest"), Some("latest"));
        assert_eq!(
            floating_tag("docker/dockerfile-upstream:master"),
            Some("master")
        );
        assert_eq!(floating_tag("localhost:5000/dockerfile"), Some("latest"));
        assert_eq!(floating_tag("docker/dockerfile:1"), None);
        assert_eq!(floating_tag("docker/dockerfile:1.7-labs"), None);
        assert_eq!(floating_tag("docker/dockerfile@sha256:abc"), None);
        assert_eq!(floating_tag("localhost:5000/dockerfile:1.4"), None);
    }
}
