//! Bounding the memory the tar reader spends on metadata.
//!
//! The `tar` crate reads GNU long names and PAX headers into memory while it looks for the
//! next entry. A hostile layer could declare a multi-gigabyte PAX header; this guard caps the
//! bytes read while the next entry is being located, so memory stays bounded.

use std::cell::Cell;
use std::io::{self, Read, Seek, SeekFrom};

/// The most bytes read while locating one entry (headers, long names, PAX records).
pub(crate) const MAX_ENTRY_METADATA: u64 = 16 << 20;

/// Whether reads are currently capped, and how many bytes remain.
#[derive(Debug, Default)]
pub(crate) struct MetadataBudget {
    remaining: Cell<Option<u64>>,
}

impl MetadataBudget {
    /// Caps reads until [`MetadataBudget::lift`].
    pub(crate) fn limit(&self) {
        self.remaining.set(Some(MAX_ENTRY_METADATA));
    }

    /// Removes the cap (entry contents are read without limit).
    pub(crate) fn lift(&self) {
        self.remaining.set(None);
    }

    /// Runs `locate` (finding the next tar entry) with reads capped.
    pub(crate) fn capped<T>(&self, locate: impl FnOnce() -> T) -> T {
        self.limit();
        let found = locate();
        self.lift();
        found
    }
}

/// A reader that enforces a [`MetadataBudget`].
pub(crate) struct GuardedReader<'b, R> {
    inner: R,
    budget: &'b MetadataBudget,
}

impl<'b, R> GuardedReader<'b, R> {
    /// Wraps `inner`.
    pub(crate) fn new(inner: R, budget: &'b MetadataBudget) -> Self {
        Self { inner, budget }
    }
}

impl<R: Read> Read for GuardedReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let Some(remaining) = self.budget.remaining.get() else {
            return self.inner.read(buf);
        };
        if remaining == 0 && !buf.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a tar entry's metadata (long name or PAX header) exceeds {} MiB",
                    MAX_ENTRY_METADATA >> 20
                ),
            ));
        }
        let max = buf
            .len()
            .min(usize::try_from(remaining).unwrap_or(usize::MAX));
        let n = self.inner.read(buf.get_mut(..max).unwrap_or_default())?;
        self.budget.remaining.set(Some(remaining - n as u64));
        Ok(n)
    }
}

impl<R: Seek> Seek for GuardedReader<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_reads_fail_past_the_budget() {
        let budget = MetadataBudget::default();
        let data = vec![0u8; (MAX_ENTRY_METADATA + 10) as usize];
        let mut reader = GuardedReader::new(data.as_slice(), &budget);
        budget.limit();
        let mut sink = Vec::new();
        let err = reader.read_to_end(&mut sink).expect_err("over budget");
        assert!(err.to_string().contains("exceeds 16 MiB"), "{err}");
        budget.lift();
        let mut rest = Vec::new();
        assert_eq!(reader.read_to_end(&mut rest).expect("uncapped"), 10);
    }
}
