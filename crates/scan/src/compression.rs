//! Recognising a stream's compression (and whether it is a tar) from its first bytes.

use std::fmt;
use std::io::{self, Cursor, Read};

use serde::Serialize;

/// The most memory the xz decoder may use (`xz -9` needs 65 MiB).
const XZ_MEMORY_LIMIT: u64 = 256 << 20;

/// How many leading bytes are looked at to recognise a stream.
pub(crate) const SNIFF_LEN: usize = 512;

/// The compression of a layer or archive stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (one or more members).
    Gzip,
    /// Zstandard (one or more frames).
    Zstd,
    /// xz (one or more streams).
    Xz,
    /// bzip2 (one or more streams).
    Bzip2,
}

impl Compression {
    /// Recognises the compression from a stream's first bytes.
    pub(crate) fn sniff(head: &[u8]) -> Self {
        if head.starts_with(&[0x1f, 0x8b]) {
            Self::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Self::Zstd
        } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
            Self::Xz
        } else if head.starts_with(b"BZh") && head.get(3).is_some_and(|b| (b'1'..=b'9').contains(b))
        {
            Self::Bzip2
        } else {
            Self::None
        }
    }

    /// Wraps `reader` in this compression's streaming decoder.
    pub(crate) fn decoder<'a, R: Read + 'a>(self, reader: R) -> io::Result<Box<dyn Read + 'a>> {
        Ok(match self {
            Self::None => Box::new(reader),
            Self::Gzip => Box::new(flate2::read::MultiGzDecoder::new(reader)),
            Self::Zstd => Box::new(zstd::stream::read::Decoder::new(reader)?),
            Self::Xz => {
                let stream = liblzma::stream::Stream::new_stream_decoder(
                    XZ_MEMORY_LIMIT,
                    liblzma::stream::CONCATENATED,
                )
                .map_err(io::Error::other)?;
                Box::new(liblzma::read::XzDecoder::new_stream(reader, stream))
            }
            Self::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(reader)),
        })
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "uncompressed",
            Self::Gzip => "gzip",
            Self::Zstd => "zstd",
            Self::Xz => "xz",
            Self::Bzip2 => "bzip2",
        })
    }
}

/// A stream whose first bytes have been read for sniffing and are replayed on read.
pub(crate) struct Peeked<R> {
    /// The first bytes (up to the requested count; fewer only if the stream is shorter).
    pub(crate) head: Vec<u8>,
    /// The whole stream again, head included.
    pub(crate) reader: io::Chain<Cursor<Vec<u8>>, R>,
}

/// Reads up to `len` bytes from `reader` and returns them with a reader that replays them.
pub(crate) fn peek<R: Read>(mut reader: R, len: usize) -> io::Result<Peeked<R>> {
    let mut head = vec![0u8; len];
    let mut filled = 0;
    while filled < len {
        let Some(rest) = head.get_mut(filled..) else {
            break;
        };
        match reader.read(rest) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    head.truncate(filled);
    Ok(Peeked {
        reader: Cursor::new(head.clone()).chain(reader),
        head,
    })
}

/// Whether a stream's first bytes open a zip archive (a local file header, or the end record
/// of an empty archive).
pub(crate) fn looks_like_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// Whether a stream's first bytes are a tar header block (or the empty archive's zeros).
pub(crate) fn looks_like_tar(head: &[u8]) -> bool {
    let Some(block) = head.get(..512) else {
        return false;
    };
    if block.iter().all(|&b| b == 0) {
        return true;
    }
    if block.get(257..262) == Some(b"ustar".as_slice()) {
        return true;
    }
    header_checksum_matches(block)
}

/// Whether a 512-byte block's checksum field agrees with its contents (old v7 tar headers).
fn header_checksum_matches(block: &[u8]) -> bool {
    let Some(field) = block.get(148..156) else {
        return false;
    };
    let digits: Vec<u8> = field
        .iter()
        .copied()
        .skip_while(|&b| b == b' ')
        .take_while(|&b| (b'0'..=b'7').contains(&b))
        .collect();
    if digits.is_empty() {
        return false;
    }
    let Some(expected) = digits.iter().try_fold(0u64, |acc, &d| {
        acc.checked_mul(8)?.checked_add(u64::from(d - b'0'))
    }) else {
        return false;
    };
    let actual: u64 = block
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                u64::from(b' ')
            } else {
                u64::from(b)
            }
        })
        .sum();
    actual == expected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_are_recognised() {
        assert_eq!(Compression::sniff(&[0x1f, 0x8b, 8, 0]), Compression::Gzip);
        assert_eq!(
            Compression::sniff(&[0x28, 0xb5, 0x2f, 0xfd, 0]),
            Compression::Zstd
        );
        assert_eq!(Compression::sniff(b"\xfd7zXZ\x00rest"), Compression::Xz);
        assert_eq!(Compression::sniff(b"BZh91AY"), Compression::Bzip2);
        assert_eq!(Compression::sniff(b"{\"a\":1}"), Compression::None);
        assert_eq!(Compression::sniff(b""), Compression::None);
    }

    #[test]
    fn peek_replays_the_head() {
        let peeked = peek(&b"hello world"[..], 5).expect("in memory");
        assert_eq!(peeked.head, b"hello");
        let mut all = String::new();
        let mut reader = peeked.reader;
        reader.read_to_string(&mut all).expect("in memory");
        assert_eq!(all, "hello world");
    }

    #[test]
    fn tar_headers_are_recognised() {
        let mut builder = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_old();
        header.set_path("a").expect("short path");
        header.set_size(1);
        header.set_cksum();
        builder.append(&header, &b"x"[..]).expect("in memory");
        let old = builder.into_inner().expect("in memory");
        assert!(looks_like_tar(&old));
        assert!(looks_like_tar(&[0u8; 1024]));
        assert!(!looks_like_tar(&[b'{'; 600]));
        assert!(!looks_like_tar(b"short"));
    }
}
