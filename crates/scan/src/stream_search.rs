//! Searching a byte stream in fixed-size windows, so memory stays bounded and matches that
//! straddle two reads are still found.

use std::io::{self, Read};

use crate::collector::LocalHits;
use crate::patterns::{Owner, PatternSet};

/// The smallest window read from a stream at once.
const MIN_WINDOW: usize = 256 * 1024;

/// A reusable window buffer that scans streams for a [`PatternSet`].
#[derive(Debug)]
pub(crate) struct StreamSearcher {
    buf: Vec<u8>,
    overlap: usize,
}

impl StreamSearcher {
    /// Sizes the window for the longest pattern of `patterns`.
    pub(crate) fn new(patterns: &PatternSet) -> Self {
        Self::with_window(patterns, MIN_WINDOW)
    }

    /// Like [`StreamSearcher::new`] with a chosen minimum window (tests use tiny ones).
    pub(crate) fn with_window(patterns: &PatternSet, window: usize) -> Self {
        let overlap = patterns.max_len().saturating_sub(1);
        let size = window.max(4 * overlap).max(overlap + 1);
        Self {
            buf: vec![0; size],
            overlap,
        }
    }

    /// Reads `reader` to its end and reports each (owner, offset) found, in stream order.
    ///
    /// Returns the number of bytes read. The last `longest match - 1` bytes of a window are
    /// carried into the next one, and a match is reported only if it ends in the new bytes, so
    /// every occurrence is reported exactly once.
    pub(crate) fn search<R: Read>(
        &mut self,
        patterns: &PatternSet,
        mut reader: R,
        mut on_hit: impl FnMut(Owner, u64),
    ) -> io::Result<u64> {
        let mut carry = 0usize;
        let mut base = 0u64;
        let mut total = 0u64;
        loop {
            let filled = fill(&mut reader, &mut self.buf, carry)?;
            if filled == carry {
                return Ok(total);
            }
            total += (filled - carry) as u64;
            (base, carry) = self.slide(patterns, filled, carry, base, &mut on_hit);
        }
    }

    /// Searches `buf[..filled]`, reporting matches that end past `carry`, and keeps its tail
    /// for the next window; returns the next window's base offset and carry.
    fn slide(
        &mut self,
        patterns: &PatternSet,
        filled: usize,
        carry: usize,
        base: u64,
        on_hit: &mut impl FnMut(Owner, u64),
    ) -> (u64, usize) {
        let window = self.buf.get(..filled).unwrap_or_default();
        patterns.for_each_match(window, |m| {
            if m.end > carry {
                for owner in patterns.owners(m.pattern) {
                    on_hit(*owner, base + m.start as u64);
                }
            }
        });
        let keep = self.overlap.min(filled);
        self.buf.copy_within(filled - keep..filled, 0);
        (base + (filled - keep) as u64, keep)
    }
}

/// A reader that searches every byte read through it, for a file whose bytes are also read
/// by something else (a decompressor or archive reader looking inside it).
pub(crate) struct SearchingReader<'p, R> {
    inner: R,
    patterns: &'p PatternSet,
    searcher: StreamSearcher,
    filled: usize,
    carry: usize,
    base: u64,
    hits: LocalHits,
    failure: Option<io::Error>,
}

impl<'p, R: Read> SearchingReader<'p, R> {
    /// Wraps `inner`; its bytes are searched for `patterns`.
    pub(crate) fn new(inner: R, patterns: &'p PatternSet) -> Self {
        Self {
            inner,
            patterns,
            searcher: StreamSearcher::new(patterns),
            filled: 0,
            carry: 0,
            base: 0,
            hits: LocalHits::default(),
            failure: None,
        }
    }

    /// Reads the rest of the input, searches the last window and returns what was found;
    /// an error reading the input (not one of the reader's consumers) is returned here.
    pub(crate) fn finish(mut self) -> io::Result<LocalHits> {
        if let Some(failure) = self.failure.take() {
            return Err(failure);
        }
        io::copy(&mut self, &mut io::sink())?;
        if self.filled > self.carry {
            let patterns = self.patterns;
            let hits = &mut self.hits;
            self.searcher.slide(
                patterns,
                self.filled,
                self.carry,
                self.base,
                &mut |o, at| hits.note(o, at),
            );
        }
        Ok(self.hits)
    }

    fn feed(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            let room = self.searcher.buf.len() - self.filled;
            let (now, later) = data.split_at(room.min(data.len()));
            if let Some(dest) = self
                .searcher
                .buf
                .get_mut(self.filled..self.filled + now.len())
            {
                dest.copy_from_slice(now);
            }
            self.filled += now.len();
            data = later;
            if self.filled == self.searcher.buf.len() {
                let patterns = self.patterns;
                let hits = &mut self.hits;
                (self.base, self.carry) = self.searcher.slide(
                    patterns,
                    self.filled,
                    self.carry,
                    self.base,
                    &mut |o, at| hits.note(o, at),
                );
                self.filled = self.carry;
            }
        }
    }
}

impl<R: Read> Read for SearchingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                self.feed(buf.get(..n).unwrap_or_default());
                Ok(n)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) => {
                let echo = io::Error::new(e.kind(), e.to_string());
                self.failure = Some(e);
                Err(echo)
            }
        }
    }
}

/// Reads into `buf[from..]` until it is full or the reader ends; returns the filled length.
fn fill<R: Read>(reader: &mut R, buf: &mut [u8], from: usize) -> io::Result<usize> {
    let mut filled = from;
    while filled < buf.len() {
        let Some(rest) = buf.get_mut(filled..) else {
            break;
        };
        match reader.read(rest) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::Encoding;
    use crate::secret::Secret;

    /// A reader that hands out at most `step` bytes per call.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            let (head, tail) = self.data.split_at(n);
            buf.get_mut(..n).unwrap_or_default().copy_from_slice(head);
            self.data = tail;
            Ok(n)
        }
    }

    #[test]
    fn matches_across_every_window_boundary_are_found_once() {
        let secrets = [Secret::new("k", b"0123456789abcdef").expect("valid")];
        let set = PatternSet::new(&secrets).expect("automaton");
        for start in 0..80usize {
            let mut data = vec![b'.'; 200];
            data.get_mut(start..start + 16)
                .expect("in range")
                .copy_from_slice(b"0123456789abcdef");
            let mut searcher = StreamSearcher::with_window(&set, 40);
            let mut raw = Vec::new();
            let n = searcher
                .search(
                    &set,
                    Trickle {
                        data: &data,
                        step: 7,
                    },
                    |owner, offset| {
                        if owner.encoding == Encoding::Raw {
                            raw.push(offset);
                        }
                    },
                )
                .expect("in-memory read");
            assert_eq!(n, 200);
            assert_eq!(raw, vec![start as u64], "secret at {start}");
        }
    }

    #[test]
    fn a_searching_reader_finds_what_its_consumer_reads_past() {
        let secrets = [Secret::new("k", b"0123456789abcdef").expect("valid")];
        let set = PatternSet::new(&secrets).expect("automaton");
        let mut data = vec![b'.'; 700_000];
        for at in [5usize, 262_140, 699_980] {
            data.get_mut(at..at + 16)
                .expect("in range")
                .copy_from_slice(b"0123456789abcdef");
        }
        let mut reader = SearchingReader::new(
            Trickle {
                data: &data,
                step: 1000,
            },
            &set,
        );
        let mut head = [0u8; 100];
        reader.read_exact(&mut head).expect("in memory");
        let hits = reader.finish().expect("in memory");
        let raw: Vec<(u64, u64)> = hits
            .entries()
            .filter(|(o, _, _)| o.encoding == Encoding::Raw)
            .map(|(_, first, count)| (first, count))
            .collect();
        assert_eq!(raw, vec![(5, 3)]);
    }
}
