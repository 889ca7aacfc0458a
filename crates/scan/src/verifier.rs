//! The public entry point: search an image, from a path or a stream, for a set of secrets.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::path::Path;

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
        })
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

    /// Scans an image file (docker-archive or OCI layout tarball, optionally gzip/zstd) or an
    /// image directory (OCI layout, or an unpacked docker-archive).
    pub fn scan_path(&self, path: &Path, progress: &dyn Progress) -> Result<Report, ScanError> {
        let open_err = |source| ScanError::Open {
            path: path.to_path_buf(),
            source,
        };
        let input = path.display().to_string();
        let meta = fs::metadata(path).map_err(open_err)?;
        if meta.is_dir() {
            let dir = LayoutDir::list(path)?;
            let meter = Meter::new(progress, Some(dir.total_size()));
            let mut scan = ImageScan::new(&input, &self.patterns, self.limits);
            scan.scan_dir(&dir, &meter)?;
            meter.finish();
            return scan.finish(&self.secrets, meter.read());
        }
        let file = File::open(path).map_err(open_err)?;
        self.scan_reader(file, &input, Some(meta.len()), progress)
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
