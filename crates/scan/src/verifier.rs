//! The public entry point: search an image, from a path or a stream, for a set of secrets.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::path::Path;
use std::thread;

use crate::compression::{looks_like_tar, Compression, SNIFF_LEN};
use crate::error::ScanError;
use crate::image_scan::ImageScan;
use crate::layer::Limits;
use crate::layout_dir::LayoutDir;
use crate::patterns::PatternSet;
use crate::progress::{Meter, MeteredReader, Progress};
use crate::report::Report;
use crate::secret::Secret;

/// Read-buffer size for archive streams.
const READ_BUFFER: usize = 1 << 20;

/// Searches images for a fixed set of secrets; build it once, scan any number of images.
#[derive(Debug)]
pub struct Verifier {
    secrets: Vec<Secret>,
    patterns: PatternSet,
    limits: Limits,
    threads: usize,
}

impl Verifier {
    /// Prepares the search for `secrets` (at least one, ids unique).
    pub fn new(secrets: Vec<Secret>) -> Result<Self, ScanError> {
        if secrets.is_empty() {
            return Err(ScanError::NoSecrets);
        }
        let mut ids = HashSet::new();
        for secret in &secrets {
            if !ids.insert(secret.id()) {
                return Err(ScanError::DuplicateSecretId {
                    id: secret.id().to_owned(),
                });
            }
        }
        let patterns = PatternSet::new(&secrets)?;
        Ok(Self {
            secrets,
            patterns,
            limits: Limits::default(),
            threads: thread::available_parallelism().map_or(1, usize::from),
        })
    }

    /// Scans up to `threads` layers at once (at least 1) when the input is a file or
    /// directory; the default is the number of cores. Streams are read by one thread.
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// Opens nested archives and compressed streams only as far as `limits` allow.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The secrets searched for.
    pub fn secrets(&self) -> &[Secret] {
        &self.secrets
    }

    /// Scans an image file (docker-archive or OCI layout tarball, optionally compressed) or an
    /// image directory (OCI layout, or an unpacked docker-archive).
    ///
    /// An uncompressed tarball or a directory is read on several threads, one member each;
    /// a compressed tarball is read as one stream.
    pub fn scan_path(&self, path: &Path, progress: &dyn Progress) -> Result<Report, ScanError> {
        let open_err = |source| ScanError::Open {
            path: path.to_path_buf(),
            source,
        };
        let input = path.display().to_string();
        let meta = fs::metadata(path).map_err(open_err)?;
        let located = if meta.is_dir() {
            let dir = LayoutDir::list(path)?;
            if !dir.has("manifest.json") && !dir.has("index.json") {
                return Err(ScanError::NotAnImage { input });
            }
            dir
        } else {
            let mut head = Vec::with_capacity(SNIFF_LEN);
            File::open(path)
                .map_err(open_err)?
                .take(SNIFF_LEN as u64)
                .read_to_end(&mut head)
                .map_err(open_err)?;
            if Compression::sniff(&head) != Compression::None || !looks_like_tar(&head) {
                let file = File::open(path).map_err(open_err)?;
                return self.scan_reader(file, &input, Some(meta.len()), progress);
            }
            LayoutDir::index_tar(path, &input)?
        };
        let total = if meta.is_dir() {
            located.total_size()
        } else {
            meta.len()
        };
        let meter = Meter::new(progress, Some(total));
        let mut scan = ImageScan::new(&input, &self.patterns, self.limits);
        scan.scan_located(&located, self.threads, &meter)?;
        // Headers and padding of a tarball were read while indexing it.
        meter.catch_up(total);
        meter.finish();
        scan.finish(&self.secrets, meter.read())
    }

    /// Scans an archive stream, such as the output of `docker save`, in a single pass.
    ///
    /// `input` names it in messages; `total` is its size when known, for progress.
    pub fn scan_reader<R: Read>(
        &self,
        reader: R,
        input: &str,
        total: Option<u64>,
        progress: &dyn Progress,
    ) -> Result<Report, ScanError> {
        let meter = Meter::new(progress, total);
        let buffered = BufReader::with_capacity(READ_BUFFER, MeteredReader::new(reader, &meter));
        let mut scan = ImageScan::new(input, &self.patterns, self.limits);
        scan.scan_stream(buffered, &meter)?;
        meter.finish();
        scan.finish(&self.secrets, meter.read())
    }
}
