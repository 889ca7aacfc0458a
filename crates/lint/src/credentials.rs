//! What credentials look like: the words of their variable names, and the
//! shapes of well-known tokens and keys.

use std::sync::LazyLock;

use regex::Regex;

/// Words of a variable name (split at `_` and `-`, upper-cased) that say it
/// holds a credential. `API`+`KEY` style pairs are written joined.
const NAME_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASS",
    "TOKEN",
    "SECRET",
    "APIKEY",
    "API_KEY",
    "ACCESS_KEY",
    "PRIVATE_KEY",
    "SECRET_KEY",
    "CREDENTIALS",
    "CREDENTIAL",
    "AUTH_TOKEN",
    "PAT",
];

/// Last words of a name that hold where a credential is, not the credential.
const REFERENCE_SUFFIXES: &[&str] = &["FILE", "PATH", "DIR", "ID", "NAME", "URL", "USER", "LENGTH"];

/// The credential word in `name`, if the name says it holds a credential.
pub(crate) fn credential_word(name: &str) -> Option<&'static str> {
    let upper = name.to_ascii_uppercase().replace('-', "_");
    let words: Vec<&str> = upper.split('_').filter(|w| !w.is_empty()).collect();
    if words.last().is_some_and(|w| REFERENCE_SUFFIXES.contains(w)) {
        return None;
    }
    NAME_WORDS.iter().copied().find(|entry| {
        let parts: Vec<&str> = entry.split('_').collect();
        words.windows(parts.len()).any(|w| w == parts.as_slice())
    })
}

/// A known credential shape: what it is and its pattern.
pub(crate) struct Shape {
    /// What the token is, for messages.
    pub kind: &'static str,
    pattern: &'static str,
}

/// The shapes, most specific first.
const SHAPES: &[Shape] = &[
    Shape {
        kind: "GitHub token",
        pattern: r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b",
    },
    Shape {
        kind: "GitHub fine-grained token",
        pattern: r"\bgithub_pat_[A-Za-z0-9_]{82}\b",
    },
    Shape {
        kind: "GitLab token",
        pattern: r"\bglpat-[A-Za-z0-9_-]{20}\b",
    },
    Shape {
        kind: "Slack token",
        pattern: r"\bxox[abposr]-[A-Za-z0-9-]{10,}",
    },
    Shape {
        kind: "AWS access key id",
        pattern: r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
    },
    Shape {
        kind: "npm token",
        pattern: r"\bnpm_[A-Za-z0-9]{36}\b",
    },
    Shape {
        kind: "PyPI token",
        pattern: r"\bpypi-AgE[A-Za-z0-9_-]{50,}",
    },
    Shape {
        kind: "Stripe secret key",
        pattern: r"\b(?:sk|rk)_live_[0-9A-Za-z]{24,}",
    },
    Shape {
        kind: "Google API key",
        pattern: r"\bAIza[0-9A-Za-z_-]{35}\b",
    },
    Shape {
        kind: "private key",
        pattern: r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----",
    },
    Shape {
        kind: "password in a URL",
        pattern: r"\b[a-z][a-z0-9+.-]*://[^/\s:@$]+:[^/\s@$:{}]{3,}@[A-Za-z0-9.-]",
    },
];

static COMPILED: LazyLock<Vec<(&'static Shape, Regex)>> = LazyLock::new(|| {
    SHAPES
        .iter()
        .filter_map(|shape| Regex::new(shape.pattern).ok().map(|re| (shape, re)))
        .collect()
});

/// The first credential-shaped part of `text`: its kind and the matched text.
pub(crate) fn credential_shape(text: &str) -> Option<(&'static str, &str)> {
    COMPILED
        .iter()
        .find_map(|(shape, re)| re.find(text).map(|m| (shape.kind, m.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_hold_credentials() {
        assert_eq!(credential_word("NPM_TOKEN"), Some("TOKEN"));
        assert_eq!(credential_word("db_password"), Some("PASSWORD"));
        assert_eq!(credential_word("AWS_SECRET_ACCESS_KEY"), Some("SECRET"));
        assert_eq!(credential_word("POSTGRES_PASSWORD_FILE"), None);
        assert_eq!(credential_word("GPG_KEY"), None);
        assert_eq!(credential_word("PASSENGER_VERSION"), None);
        assert_eq!(credential_word("BYPASS"), None);
    }

    #[test]
    fn every_shape_compiles_and_matches_its_example() {
        assert_eq!(COMPILED.len(), SHAPES.len());
        let examples = [
            "ghp_0123456789abcdefghijABCDEFGHIJ012345",
            "glpat-abcdefghij0123456789",
            "AKIAIOSFODNN7EXAMPLE",
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            "https://bob:hunter22@example.com/simple",
        ];
        for example in examples {
            assert!(credential_shape(example).is_some(), "{example}");
        }
        assert!(credential_shape("https://$(cat /run/secrets/t)@pypi.example.com").is_none());
        assert!(credential_shape("https://user:${PASS}@host").is_none());
        assert!(credential_shape("git@github.com:org/repo.git").is_none());
    }
}
