//! The encodings a secret is searched in, and how each one spells the secret.

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde::Serialize;

use crate::spelling::{Alternative, Condition, Spelling, Unit};

/// How a secret's bytes appeared where they were found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// The bytes themselves.
    Raw,
    /// Standard base64 (`+/`), at any alignment inside a longer base64 text, with or without
    /// line breaks (`\n`, `\r\n`) inside it.
    Base64,
    /// URL-safe base64 (`-_`), at any alignment, with or without line breaks.
    #[serde(rename = "base64url")]
    Base64Url,
    /// Lower-case hexadecimal.
    HexLower,
    /// Upper-case hexadecimal.
    HexUpper,
    /// Hexadecimal mixing upper- and lower-case digits.
    HexMixed,
    /// Percent-encoding (`%40`, `%3a`, `+` for a space), as in URLs and form bodies.
    UrlEncoded,
    /// A JSON string's escapes (`\/`, `\"`, `\u00xx`, surrogate pairs).
    JsonEscaped,
    /// UTF-16 little-endian, as Windows and .NET tools write text.
    #[serde(rename = "utf-16le")]
    Utf16Le,
}

/// Every encoding, in the order reports list them.
pub(crate) const ALL_ENCODINGS: [Encoding; 9] = [
    Encoding::Raw,
    Encoding::Base64,
    Encoding::Base64Url,
    Encoding::HexLower,
    Encoding::HexUpper,
    Encoding::HexMixed,
    Encoding::UrlEncoded,
    Encoding::JsonEscaped,
    Encoding::Utf16Le,
];

impl Encoding {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Raw => "raw",
            Self::Base64 => "base64",
            Self::Base64Url => "base64url",
            Self::HexLower => "hex-lower",
            Self::HexUpper => "hex-upper",
            Self::HexMixed => "hex-mixed",
            Self::UrlEncoded => "url-encoded",
            Self::JsonEscaped => "json-escaped",
            Self::Utf16Le => "utf-16le",
        }
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every spelling that betrays `value`, one or more per encoding.
///
/// A spelling may repeat (a base64url core equals the base64 one when neither holds `+` or
/// `/`); callers deduplicate. Escaping encodings that cannot change `value` (a secret with
/// nothing to escape) yield no spelling.
pub(crate) fn spellings_for(value: &[u8]) -> Vec<(Encoding, Spelling)> {
    let mut out = vec![(Encoding::Raw, Spelling::literal(value.to_vec()))];
    for core in base64_cores(value, &STANDARD_NO_PAD) {
        out.push((Encoding::Base64, Spelling::wrapped(&core)));
    }
    for core in base64_cores(value, &URL_SAFE_NO_PAD) {
        out.push((Encoding::Base64Url, Spelling::wrapped(&core)));
    }
    let hex = hex::encode(value).into_bytes();
    out.push((Encoding::HexLower, Spelling::literal(hex.clone())));
    out.push((
        Encoding::HexUpper,
        Spelling::literal(hex::encode_upper(value).into_bytes()),
    ));
    if hex.iter().any(u8::is_ascii_alphabetic) {
        out.push((
            Encoding::HexMixed,
            Spelling::new(
                vec![Unit::one(Alternative::any_case(hex))],
                Condition::MixedCase,
            ),
        ));
    }
    out.extend(url_spelling(value).map(|s| (Encoding::UrlEncoded, s)));
    out.extend(json_spelling(value).map(|s| (Encoding::JsonEscaped, s)));
    out.extend(utf16le(value).map(|bytes| (Encoding::Utf16Le, Spelling::literal(bytes))));
    out
}

/// The fixed byte strings that betray `value` in a text that is not wrapped
/// or escaped: its bytes, its base64 and base64url cores, its hex in either
/// case (what a log scrubber replaces).
pub(crate) fn plain_patterns(value: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![value.to_vec()];
    out.extend(base64_cores(value, &STANDARD_NO_PAD));
    out.extend(base64_cores(value, &URL_SAFE_NO_PAD));
    out.push(hex::encode(value).into_bytes());
    out.push(hex::encode_upper(value).into_bytes());
    out.sort();
    out.dedup();
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

/// Bytes that percent-encoders never escape (RFC 3986 unreserved characters).
fn url_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// The secret percent-encoded by any encoder: each reserved byte raw or as `%XX` (either
/// case), a space also as `+`; at least one byte must be escaped.
fn url_spelling(value: &[u8]) -> Option<Spelling> {
    if value.iter().all(|&b| url_unreserved(b)) {
        return None;
    }
    let units = value
        .iter()
        .map(|&b| {
            if url_unreserved(b) {
                return Unit::one(Alternative::exact(vec![b]));
            }
            let mut escapes = vec![Alternative::any_case(format!("%{b:02X}").into_bytes())];
            if b == b' ' {
                escapes.push(Alternative::exact(b"+".to_vec()));
            }
            Unit::with_raw(b, escapes)
        })
        .collect();
    Some(Spelling::new(units, Condition::SomeEscaped))
}

/// The secret as JSON string escapes may write it: each character that is not a letter or
/// digit raw, as its short escape (`\"`, `\\`, `\/`, `\n`, ...), or as `\uXXXX` (either
/// case; a surrogate pair beyond the BMP); at least one must be escaped. Secrets that are not
/// UTF-8 text have no JSON spelling beyond the raw bytes.
fn json_spelling(value: &[u8]) -> Option<Spelling> {
    let text = std::str::from_utf8(value).ok()?;
    if text.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let units = text
        .chars()
        .map(|c| {
            let mut raw = [0u8; 4];
            let raw = c.encode_utf8(&mut raw).as_bytes().to_vec();
            if c.is_ascii_alphanumeric() {
                return Unit::one(Alternative::exact(raw));
            }
            let mut escapes = Vec::new();
            let short = match c {
                '"' => Some("\\\""),
                '\\' => Some("\\\\"),
                '/' => Some("\\/"),
                '\u{8}' => Some("\\b"),
                '\u{c}' => Some("\\f"),
                '\n' => Some("\\n"),
                '\r' => Some("\\r"),
                '\t' => Some("\\t"),
                _ => None,
            };
            if let Some(short) = short {
                escapes.push(Alternative::exact(short.as_bytes().to_vec()));
            }
            let mut units16 = [0u16; 2];
            let code: String = c
                .encode_utf16(&mut units16)
                .iter()
                .map(|u| format!("\\u{u:04x}"))
                .collect();
            escapes.push(Alternative::any_case(code.into_bytes()));
            Unit::with_raw_bytes(raw, escapes)
        })
        .collect();
    Some(Spelling::new(units, Condition::SomeEscaped))
}

/// The secret's text as UTF-16LE, when it is UTF-8 text.
fn utf16le(value: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(value).ok()?;
    Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect())
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
    fn escaping_encodings_need_something_to_escape() {
        let plain: Vec<Encoding> = spellings_for(b"abcDEF123456")
            .into_iter()
            .map(|(e, _)| e)
            .collect();
        assert!(!plain.contains(&Encoding::UrlEncoded));
        assert!(!plain.contains(&Encoding::JsonEscaped));
        let special: Vec<Encoding> = spellings_for(b"ab/cd@ef:gh")
            .into_iter()
            .map(|(e, _)| e)
            .collect();
        assert!(special.contains(&Encoding::UrlEncoded));
        assert!(special.contains(&Encoding::JsonEscaped));
        assert!(special.contains(&Encoding::Utf16Le));
    }

    #[test]
    fn utf16_follows_the_text_not_the_bytes() {
        assert_eq!(utf16le("aé".as_bytes()), Some(vec![b'a', 0, 0xe9, 0]));
        assert_eq!(utf16le(b"\xff\xfe"), None);
    }
}
