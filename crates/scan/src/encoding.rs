//! The encodings a secret is searched in, and the byte patterns each one yields.

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde::Serialize;

/// How a secret's bytes appeared where they were found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// The bytes themselves.
    Raw,
    /// Standard base64 (`+/`), at any alignment inside a longer base64 text.
    Base64,
    /// URL-safe base64 (`-_`), at any alignment inside a longer base64 text.
    #[serde(rename = "base64url")]
    Base64Url,
    /// Lower-case hexadecimal.
    HexLower,
    /// Upper-case hexadecimal.
    HexUpper,
}

impl Encoding {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Raw => "raw",
            Self::Base64 => "base64",
            Self::Base64Url => "base64url",
            Self::HexLower => "hex-lower",
            Self::HexUpper => "hex-upper",
        }
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every pattern that betrays `value`: raw, base64 cores, base64url cores, hex.
///
/// A pattern may repeat (a base64url core equals the base64 one when neither holds `+` or
/// `/`); callers deduplicate.
pub(crate) fn patterns_for(value: &[u8]) -> Vec<(Encoding, Vec<u8>)> {
    let mut out = vec![(Encoding::Raw, value.to_vec())];
    for core in base64_cores(value, &STANDARD_NO_PAD) {
        out.push((Encoding::Base64, core));
    }
    for core in base64_cores(value, &URL_SAFE_NO_PAD) {
        out.push((Encoding::Base64Url, core));
    }
    out.push((Encoding::HexLower, hex::encode(value).into_bytes()));
    out.push((Encoding::HexUpper, hex::encode_upper(value).into_bytes()));
    out
}

/// The base64 characters that depend only on `value`'s bits, for each of the three byte
/// alignments `value` can have inside a longer encoded text.
///
/// Output character `i` encodes bits `6i..6i+6` of the input. With `a` bytes before the
/// secret, its bits are `8a..8a+8n`, so the characters fully inside are
/// `ceil(8a/6)..floor((8a+8n)/6)`; the ones at either edge mix in neighbouring bytes and are
/// dropped.
pub(crate) fn base64_cores(value: &[u8], engine: &impl Engine) -> Vec<Vec<u8>> {
    let n = value.len();
    (0..3usize)
        .filter_map(|a| {
            let mut padded = vec![0u8; a];
            padded.extend_from_slice(value);
            padded.extend_from_slice(&[0u8; 3]);
            let encoded = engine.encode(&padded).into_bytes();
            let start = (8 * a).div_ceil(6);
            let end = (8 * a + 8 * n) / 6;
            encoded.get(start..end).map(<[u8]>::to_vec)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn every_alignment_is_covered() {
        let secret = b"s3cr3t-token-value";
        let cores = base64_cores(secret, &STANDARD_NO_PAD);
        assert_eq!(cores.len(), 3);
        for prefix_len in 0..6 {
            let mut text = b"xyzxyz".get(..prefix_len).unwrap_or_default().to_vec();
            text.extend_from_slice(secret);
            text.extend_from_slice(b"!trailer");
            let encoded = STANDARD.encode(&text).into_bytes();
            assert!(
                cores.iter().any(|core| contains(&encoded, core)),
                "prefix {prefix_len}: no core in {}",
                String::from_utf8_lossy(&encoded)
            );
        }
    }

    #[test]
    fn cores_are_long_enough_to_mean_something() {
        for core in base64_cores(b"12345678", &STANDARD_NO_PAD) {
            assert!(core.len() >= 9, "{}", String::from_utf8_lossy(&core));
        }
    }

    #[test]
    fn hex_patterns_are_both_cases() {
        let patterns = patterns_for(b"\xab\xcd\xef\x01secret");
        assert!(patterns.contains(&(Encoding::HexLower, b"abcdef01736563726574".to_vec())));
        assert!(patterns.contains(&(Encoding::HexUpper, b"ABCDEF01736563726574".to_vec())));
    }
}
