//! Whether a base image name is one that Docker can pull: the grammar of
//! `distribution/reference` as its `ParseNormalizedNamed` applies it.

use std::sync::LazyLock;

use regex::Regex;

/// `[domain/]path-component[/path-component...][:tag][@digest]`, the
/// domain already split off; the tag is captured (its class is ASCII, as
/// Go's `\w` is, and its length is checked apart: a bounded repetition
/// makes the regex slow to build).
static REMAINDER: LazyLock<Regex> = LazyLock::new(|| {
    let component = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    let tag = r"[A-Za-z0-9_][A-Za-z0-9_.-]*";
    let digest = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    Regex::new(&format!(
        r"^{component}(?:/{component})*(?::({tag}))?(?:@{digest})?$"
    ))
    .expect("valid regex")
});

/// The longest tag Docker accepts.
const MAX_TAG: usize = 128;

/// A registry host: a domain name, an IPv4 address or `[IPv6]`, with an
/// optional port.
static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    let label = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    Regex::new(&format!(
        r"^(?:{label}(?:\.{label})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$"
    ))
    .expect("valid regex")
});

/// Whether `name` is an image reference Docker accepts (`alpine`,
/// `ghcr.io/o/r:1`, `localhost:5000/x@sha256:...`); empty names, upper-case
/// repositories, a trailing `:` and stray characters are not.
pub(crate) fn is_valid_image_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 255 {
        return false;
    }
    let is_hex_id = name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit());
    if is_hex_id {
        return false;
    }
    let (domain, remainder) = match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first != first.to_lowercase() =>
        {
            (Some(first), rest)
        }
        _ => (None, name),
    };
    let tag_fits = |tag: regex::Match<'_>| tag.len() <= MAX_TAG;
    domain.is_none_or(|d| DOMAIN.is_match(d))
        && REMAINDER
            .captures(remainder)
            .is_some_and(|c| c.get(1).is_none_or(tag_fits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_accepts_these_names() {
        for good in [
            "alpine",
            "alpine:3.19",
            "library/alpine",
            "ghcr.io/owner/repo:1.0",
            "localhost:5000/app",
            "docker-dsl-test/busybox:1",
            "my_app__x-y/z.w",
            "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "scratch",
        ] {
            assert!(is_valid_image_name(good), "{good}");
        }
    }

    #[test]
    fn and_refuses_these() {
        for bad in [
            "",
            "alpine:",
            "Alpine",
            ":latest",
            "a b",
            "alpine:$TAG",
            "-x",
            "a//b",
        ] {
            assert!(!is_valid_image_name(bad), "{bad}");
        }
    }
}
