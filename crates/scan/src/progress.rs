//! Reporting how far a scan has got, for progress bars.

use std::cell::Cell;
use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};

/// How many bytes of input pass between two progress reports.
const REPORT_EVERY: u64 = 1 << 20;

/// Receives progress while an image is scanned; implement it to draw a progress bar.
pub trait Progress {
    /// Bytes of the input read so far, and the input's size when it is known.
    fn advance(&self, read: u64, total: Option<u64>);

    /// The archive member (layer, config, manifest) that scanning has reached.
    fn member(&self, _name: &str) {}
}

/// A [`Progress`] that ignores everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn advance(&self, _read: u64, _total: Option<u64>) {}
}

/// Counts input bytes and forwards them to a [`Progress`], at most once per MiB.
pub(crate) struct Meter<'p> {
    progress: &'p dyn Progress,
    total: Option<u64>,
    read: Cell<u64>,
    reported: Cell<u64>,
}

impl<'p> Meter<'p> {
    /// A meter for an input of `total` bytes, when known.
    pub(crate) fn new(progress: &'p dyn Progress, total: Option<u64>) -> Self {
        Self {
            progress,
            total,
            read: Cell::new(0),
            reported: Cell::new(0),
        }
    }

    /// Adds `n` bytes read.
    pub(crate) fn add(&self, n: u64) {
        let read = self.read.get() + n;
        self.read.set(read);
        if read - self.reported.get() >= REPORT_EVERY {
            self.reported.set(read);
            self.progress.advance(read, self.total);
        }
    }

    /// Brings the count up to `read` (bytes other threads counted).
    pub(crate) fn catch_up(&self, read: u64) {
        let now = self.read.get();
        if read > now {
            self.add(read - now);
        }
    }

    /// Reports the final count.
    pub(crate) fn finish(&self) {
        self.progress.advance(self.read.get(), self.total);
    }

    /// Tells the progress which member is being scanned.
    pub(crate) fn member(&self, name: &str) {
        self.progress.member(name);
    }

    /// Bytes read so far.
    pub(crate) fn read(&self) -> u64 {
        self.read.get()
    }
}

/// A reader that counts what passes through it into a [`Meter`].
pub(crate) struct MeteredReader<'m, 'p, R> {
    inner: R,
    meter: &'m Meter<'p>,
}

impl<'m, 'p, R> MeteredReader<'m, 'p, R> {
    /// Wraps `inner`.
    pub(crate) fn new(inner: R, meter: &'m Meter<'p>) -> Self {
        Self { inner, meter }
    }
}

impl<R: Read> Read for MeteredReader<'_, '_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.meter.add(n as u64);
        Ok(n)
    }
}

/// A reader that counts the bytes passing through it.
pub(crate) struct CountingReader<R> {
    inner: R,
    count: u64,
}

impl<R> CountingReader<R> {
    /// Wraps `inner`.
    pub(crate) fn new(inner: R) -> Self {
        Self { inner, count: 0 }
    }

    /// Bytes read so far.
    pub(crate) fn count(&self) -> u64 {
        self.count
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// A reader that adds the bytes passing through it to a counter shared between threads.
pub(crate) struct SharedCountingReader<'c, R> {
    inner: R,
    count: &'c AtomicU64,
}

impl<'c, R> SharedCountingReader<'c, R> {
    /// Wraps `inner`.
    pub(crate) fn new(inner: R, count: &'c AtomicU64) -> Self {
        Self { inner, count }
    }
}

impl<R: Read> Read for SharedCountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
