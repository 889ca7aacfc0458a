//! Detecting archive members that end before their declared size.

use std::error::Error;
use std::fmt;
use std::io::{self, Read};

/// The error carried inside an `io::Error` when a member is cut short.
#[derive(Debug)]
pub(crate) struct Truncation {
    /// The size the header declares.
    pub(crate) expected: u64,
    /// The bytes actually present.
    pub(crate) got: u64,
}

impl fmt::Display for Truncation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "member ends after {} of its {} bytes",
            self.got, self.expected
        )
    }
}

impl Error for Truncation {}

/// A reader that fails with [`Truncation`] if its input ends before `expected` bytes.
pub(crate) struct ExactReader<R> {
    inner: R,
    expected: u64,
    got: u64,
}

impl<R> ExactReader<R> {
    /// Wraps `inner`, which should yield exactly `expected` bytes.
    pub(crate) fn new(inner: R, expected: u64) -> Self {
        Self {
            inner,
            expected,
            got: 0,
        }
    }
}

impl<R: Read> Read for ExactReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() && self.got < self.expected {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                Truncation {
                    expected: self.expected,
                    got: self.got,
                },
            ));
        }
        self.got += n as u64;
        Ok(n)
    }
}

/// Finds a [`Truncation`] anywhere in an error's chain (decoders and tar wrap errors).
pub(crate) fn find_truncation(err: &io::Error) -> Option<&Truncation> {
    let mut current: Option<&(dyn Error + 'static)> = err.get_ref().map(|e| e as _);
    let mut depth = 0;
    while let Some(e) = current {
        if let Some(t) = e.downcast_ref::<Truncation>() {
            return Some(t);
        }
        if let Some(io_err) = e.downcast_ref::<io::Error>() {
            if let Some(t) = find_truncation(io_err) {
                return Some(t);
            }
        }
        depth += 1;
        if depth > 16 {
            return None;
        }
        current = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_input_is_reported() {
        let mut reader = ExactReader::new(&b"abc"[..], 10);
        let mut out = Vec::new();
        let err = reader.read_to_end(&mut out).expect_err("truncated");
        let t = find_truncation(&err).expect("truncation in chain");
        assert_eq!((t.expected, t.got), (10, 3));
    }

    #[test]
    fn exact_input_is_fine() {
        let mut reader = ExactReader::new(&b"abc"[..], 3);
        let mut out = Vec::new();
        assert_eq!(reader.read_to_end(&mut out).expect("complete"), 3);
    }

    #[test]
    fn wrapped_truncation_is_found() {
        let inner = io::Error::new(
            io::ErrorKind::UnexpectedEof,
            Truncation {
                expected: 2,
                got: 1,
            },
        );
        let outer = io::Error::other(inner);
        assert!(find_truncation(&outer).is_some());
    }
}
