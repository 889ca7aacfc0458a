//! Secret values kept out of the streamed build log.
//!
//! A RUN may print a secret it mounts; the engine streams that output to the
//! terminal (and often into CI logs). [`LogScrubber`] replaces every pattern
//! of every supplied secret — its bytes, base64 and hex forms — with `***`,
//! also when a value arrives split across two reads. It is a safety net:
//! `docker-dsl verify` remains the proof that no secret landed in an image.

use std::io::{Read, Write};

use aho_corasick::{AhoCorasick, MatchKind};

/// What a scrubbed secret is written as.
pub const REDACTED: &[u8] = b"***";

/// The patterns to redact, searched together.
#[derive(Clone, Default)]
pub struct LogScrubber {
    finder: Option<AhoCorasick>,
    longest: usize,
}

impl std::fmt::Debug for LogScrubber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the patterns: they are the secrets.
        f.debug_struct("LogScrubber")
            .field("active", &self.finder.is_some())
            .finish_non_exhaustive()
    }
}

impl LogScrubber {
    /// A scrubber for `patterns` (empty ones are ignored); with none, it
    /// passes everything through.
    pub fn new(patterns: Vec<Vec<u8>>) -> LogScrubber {
        let patterns: Vec<Vec<u8>> = patterns.into_iter().filter(|p| !p.is_empty()).collect();
        let longest = patterns.iter().map(Vec::len).max().unwrap_or(0);
        let finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()
            .filter(|_| longest > 0);
        LogScrubber { finder, longest }
    }

    /// Whether any pattern is redacted.
    pub fn is_active(&self) -> bool {
        self.finder.is_some()
    }

    /// Copies `input` to `output` until the end, redacting on the way; each
    /// read is written (and flushed) at once, except for the few bytes that
    /// may begin a pattern. When `output` fails, the rest of `input` is still
    /// read (and dropped), so the writer at the other end never blocks.
    pub fn copy(&self, mut input: impl Read, mut output: impl Write) -> std::io::Result<()> {
        let mut stream = ScrubStream::new(self);
        let mut buffer = vec![0u8; 64 * 1024];
        let mut written: std::io::Result<()> = Ok(());
        loop {
            let read = match input.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let out = stream.feed(buffer.get(..read).unwrap_or_default());
            if written.is_ok() {
                written = output.write_all(&out).and_then(|()| output.flush());
            }
        }
        written?;
        output.write_all(&stream.finish())?;
        output.flush()
    }
}

/// One stream being scrubbed: the bytes held back because a pattern may
/// start in them.
struct ScrubStream<'a> {
    scrubber: &'a LogScrubber,
    pending: Vec<u8>,
}

impl<'a> ScrubStream<'a> {
    fn new(scrubber: &'a LogScrubber) -> Self {
        ScrubStream {
            scrubber,
            pending: Vec::new(),
        }
    }

    /// Takes the next chunk; returns what can be shown now.
    ///
    /// Every match that starts more than `longest - 1` bytes before the end
    /// of the buffered text lies wholly inside it, so it is final; the rest is
    /// held back for the next chunk.
    fn feed(&mut self, chunk: &[u8]) -> Vec<u8> {
        let Some(finder) = &self.scrubber.finder else {
            return chunk.to_vec();
        };
        self.pending.extend_from_slice(chunk);
        let mut cut = self.pending.len().saturating_sub(self.scrubber.longest - 1);
        let mut out = Vec::with_capacity(self.pending.len());
        let mut shown = 0;
        for found in finder.find_iter(&self.pending) {
            if found.start() >= cut {
                break;
            }
            out.extend_from_slice(self.pending.get(shown..found.start()).unwrap_or_default());
            out.extend_from_slice(REDACTED);
            shown = found.end();
        }
        cut = cut.max(shown);
        out.extend_from_slice(self.pending.get(shown..cut).unwrap_or_default());
        self.pending.drain(..cut);
        out
    }

    /// The end of the stream: the held-back bytes, redacted.
    fn finish(mut self) -> Vec<u8> {
        let Some(finder) = &self.scrubber.finder else {
            return std::mem::take(&mut self.pending);
        };
        let mut out = Vec::with_capacity(self.pending.len());
        finder.replace_all_with_bytes(&self.pending, &mut out, |_, _, dst| {
            dst.extend_from_slice(REDACTED);
            true
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrub_in_chunks(scrubber: &LogScrubber, text: &[u8], size: usize) -> Vec<u8> {
        let mut stream = ScrubStream::new(scrubber);
        let mut out = Vec::new();
        for chunk in text.chunks(size) {
            out.extend(stream.feed(chunk));
        }
        out.extend(stream.finish());
        out
    }

    #[test]
    fn every_split_of_the_log_is_redacted_alike() {
        let scrubber = LogScrubber::new(vec![b"hunter2-token".to_vec(), b"68756e746572".to_vec()]);
        let log =
            b"#5 0.31 hunter2-token\n#5 0.32 hex 68756e746572 and hunter2-tokenhunter2-token!\n";
        let want = b"#5 0.31 ***\n#5 0.32 hex *** and ******!\n".to_vec();
        for size in 1..=log.len() {
            assert_eq!(
                String::from_utf8_lossy(&scrub_in_chunks(&scrubber, log, size)),
                String::from_utf8_lossy(&want),
                "chunks of {size}"
            );
        }
    }

    #[test]
    fn the_longest_overlapping_pattern_wins() {
        let scrubber = LogScrubber::new(vec![b"secret".to_vec(), b"secret-long".to_vec()]);
        for size in 1..=20 {
            assert_eq!(
                scrub_in_chunks(&scrubber, b"a secret-long b secret", size),
                b"a *** b ***"
            );
        }
    }

    #[test]
    fn without_patterns_everything_passes_at_once() {
        let scrubber = LogScrubber::new(vec![Vec::new()]);
        assert!(!scrubber.is_active());
        let mut stream = ScrubStream::new(&scrubber);
        assert_eq!(stream.feed(b"abc"), b"abc");
    }

    #[test]
    fn copy_streams_and_flushes_the_tail() {
        let scrubber = LogScrubber::new(vec![b"topsecret".to_vec()]);
        let mut out = Vec::new();
        scrubber
            .copy(&b"x topsecret y topsec"[..], &mut out)
            .expect("in memory");
        assert_eq!(out, b"x *** y topsec");
    }
}
