//! A secret value to search for, normalised by the trailing-newline rule.

use std::fmt;

use crate::error::ScanError;

/// The shortest secret (in bytes) that verify accepts.
pub const MIN_SECRET_LEN: usize = 8;

/// The longest secret (in bytes) that verify accepts.
pub const MAX_SECRET_LEN: usize = 1 << 20;

/// A named secret whose bytes must not appear anywhere in an image.
///
/// Trailing `\n` and `\r` bytes are removed: secret files usually end with a newline that the
/// tools reading them drop (`$(cat /run/secrets/x)`), and the shorter value is a prefix of the
/// longer one, so searching it finds every copy of either.
#[derive(Clone)]
pub struct Secret {
    id: String,
    value: Vec<u8>,
}

impl Secret {
    /// Makes a secret from its id and raw bytes, applying the trailing-newline rule.
    pub fn new(id: impl Into<String>, bytes: &[u8]) -> Result<Self, ScanError> {
        let id = id.into();
        let end = bytes
            .iter()
            .rposition(|&b| b != b'\n' && b != b'\r')
            .map_or(0, |last| last + 1);
        let value = bytes.get(..end).unwrap_or_default().to_vec();
        if value.len() < MIN_SECRET_LEN {
            return Err(ScanError::SecretTooShort {
                id,
                len: value.len(),
                min: MIN_SECRET_LEN,
            });
        }
        if value.len() > MAX_SECRET_LEN {
            return Err(ScanError::SecretTooLong {
                id,
                len: value.len(),
                max: MAX_SECRET_LEN,
            });
        }
        Ok(Self { id, value })
    }

    /// The secret's id, as given on the command line.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The normalised bytes that are searched for.
    pub(crate) fn value(&self) -> &[u8] {
        &self.value
    }

    /// The fixed byte strings that betray the secret in plain text (its
    /// bytes, base64, base64url and hex), for other searchers such as the
    /// build-log scrubber.
    pub fn patterns(&self) -> Vec<Vec<u8>> {
        crate::encoding::plain_patterns(&self.value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret")
            .field("id", &self.id)
            .field("len", &self.value.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_newlines_are_removed() {
        let secret = Secret::new("a", b"hunter2-token\r\n\n").expect("valid secret");
        assert_eq!(secret.value(), b"hunter2-token");
    }

    #[test]
    fn inner_newlines_are_kept() {
        let secret = Secret::new("a", b"line-one\nline-two\n").expect("valid secret");
        assert_eq!(secret.value(), b"line-one\nline-two");
    }

    #[test]
    fn short_secrets_are_refused_after_stripping() {
        let err = Secret::new("pin", b"1234567\n").expect_err("too short");
        assert!(
            matches!(err, ScanError::SecretTooShort { len: 7, .. }),
            "{err}"
        );
        assert!(Secret::new("empty", b"\n\n").is_err());
    }

    #[test]
    fn debug_does_not_print_the_value() {
        let secret = Secret::new("a", b"supersecretvalue").expect("valid secret");
        assert!(!format!("{secret:?}").contains("supersecret"));
    }
}
