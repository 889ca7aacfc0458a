//! The scan of one image input: reads every archive member once — in stream order, or from
//! disk on several threads — and attributes what it found once the manifests (which may come
//! last) are known.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::catalog::{link_destination, member_digest, normalize_member, Catalog, LayerRef};
use crate::collector::HitCollector;
use crate::compression::{looks_like_tar, peek, Compression, SNIFF_LEN};
use crate::encoding::Encoding;
use crate::error::ScanError;
use crate::hit::{FoundIn, Hit};
use crate::layer::{LayerStats, Limits};
use crate::layout_dir::{LayoutDir, LayoutFile};
use crate::member_scan::{archive_error, MemberKind, MemberOutcome, MemberScanner};
use crate::parallel::run_in_order;
use crate::patterns::PatternSet;
use crate::progress::{Meter, SharedCountingReader};
use crate::report::{LayerSummary, Report};
use crate::secret::Secret;
use crate::tar_guard::{GuardedReader, MetadataBudget};
use crate::truncation::ExactReader;

/// How many symlink hops are followed between archive members.
const MAX_ALIAS_HOPS: usize = 8;

/// Read-buffer size for members read from disk.
const READ_BUFFER: usize = 1 << 20;

/// A layer that was scanned, before its digest is known.
#[derive(Debug)]
struct ScannedLayer {
    member: String,
    compression: Compression,
    stats: LayerStats,
}

/// State of a scan in progress.
pub(crate) struct ImageScan<'a> {
    input: String,
    patterns: &'a PatternSet,
    hits: HitCollector<'a>,
    catalog: Catalog,
    members: HashMap<String, MemberKind>,
    aliases: HashMap<String, String>,
    layers: Vec<ScannedLayer>,
    outer_compression: Compression,
    limits: Limits,
}

impl<'a> ImageScan<'a> {
    /// Starts a scan of the input named `input`.
    pub(crate) fn new(input: &str, patterns: &'a PatternSet, limits: Limits) -> Self {
        Self {
            input: input.to_owned(),
            patterns,
            hits: HitCollector::new(patterns),
            catalog: Catalog::default(),
            members: HashMap::new(),
            aliases: HashMap::new(),
            layers: Vec::new(),
            outer_compression: Compression::None,
            limits,
        }
    }

    /// Scans an archive stream in one pass: a tar (docker-archive or OCI layout), possibly
    /// compressed as a whole.
    pub(crate) fn scan_stream<R: Read>(
        &mut self,
        reader: R,
        meter: &Meter<'_>,
    ) -> Result<(), ScanError> {
        let peeked = peek(reader, SNIFF_LEN).map_err(|e| archive_error(&self.input, e))?;
        let compression = Compression::sniff(&peeked.head);
        self.outer_compression = compression;
        let decoded = compression
            .decoder(peeked.reader)
            .map_err(|e| archive_error(&self.input, e))?;
        let tar = peek(decoded, SNIFF_LEN).map_err(|e| archive_error(&self.input, e))?;
        if !looks_like_tar(&tar.head) {
            return Err(ScanError::NotAnImage {
                input: if tar.head.is_empty() {
                    format!("{} (empty input)", self.input)
                } else {
                    format!("{} (not a tar archive)", self.input)
                },
            });
        }
        self.scan_tar(tar.reader, meter)
    }

    /// Scans the members of an outer tar archive in order.
    fn scan_tar<R: Read>(&mut self, reader: R, meter: &Meter<'_>) -> Result<(), ScanError> {
        let input = self.input.clone();
        let mut scanner = MemberScanner::new(&input, self.patterns, self.limits);
        let budget = MetadataBudget::default();
        let mut archive = tar::Archive::new(GuardedReader::new(reader, &budget));
        let mut entries = archive.entries().map_err(|e| archive_error(&input, e))?;
        while let Some(entry) = budget.capped(|| entries.next()) {
            let mut entry = entry.map_err(|e| archive_error(&input, e))?;
            let member = normalize_member(&String::from_utf8_lossy(&entry.path_bytes()));
            let kind = entry.header().entry_type();
            if kind.is_file() || kind == tar::EntryType::Continuous {
                meter.member(&member);
                let size = entry.size();
                let outcome = scanner.scan(&member, size, ExactReader::new(&mut entry, size))?;
                self.absorb(outcome)?;
            } else if let Some(destination) = link_destination(&entry, &member) {
                self.aliases.insert(member, destination);
            }
        }
        Ok(())
    }

    /// Scans members located on disk (a layout directory, or an indexed tarball) on up to
    /// `threads` threads, merging the results in archive order.
    pub(crate) fn scan_located(
        &mut self,
        located: &LayoutDir,
        threads: usize,
        meter: &Meter<'_>,
    ) -> Result<(), ScanError> {
        for (member, target) in &located.links {
            self.aliases.insert(member.clone(), target.clone());
        }
        let read = AtomicU64::new(0);
        let input = self.input.clone();
        let (patterns, limits) = (self.patterns, self.limits);
        let files = &located.files;
        let mut taken = 0usize;
        run_in_order(
            files,
            threads,
            || MemberScanner::new(&input, patterns, limits),
            |scanner, file| scan_on_disk(scanner, file, &read),
            |outcome| {
                taken += 1;
                if let Some(next) = files.get(taken) {
                    meter.member(&next.member);
                }
                self.absorb(outcome?)
            },
            || meter.catch_up(read.load(Ordering::Relaxed)),
        )?;
        meter.catch_up(read.load(Ordering::Relaxed));
        Ok(())
    }

    /// Merges what one member's scan found.
    fn absorb(&mut self, outcome: MemberOutcome<'_>) -> Result<(), ScanError> {
        if let Some(value) = &outcome.json {
            self.catalog.learn(&self.input, &outcome.member, value)?;
        }
        if let Some((compression, stats)) = outcome.layer {
            self.layers.push(ScannedLayer {
                member: outcome.member.clone(),
                compression,
                stats,
            });
        }
        self.members.insert(outcome.member, outcome.kind);
        self.hits.merge(outcome.hits);
        Ok(())
    }

    /// Follows symlinks between members to the member that holds the bytes.
    fn real_member(&self, member: &str) -> String {
        let mut current = normalize_member(member);
        for _ in 0..MAX_ALIAS_HOPS {
            match self.aliases.get(&current) {
                Some(next) => current = next.clone(),
                None => break,
            }
        }
        current
    }

    fn kind_of(&self, member: &str) -> Option<MemberKind> {
        self.members.get(&self.real_member(member)).copied()
    }

    /// Attributes the hits to layers and the config, checks the image is complete, reports.
    pub(crate) fn finish(self, secrets: &[Secret], bytes_read: u64) -> Result<Report, ScanError> {
        let present = |m: &str| self.kind_of(m).is_some();
        let resolution = self.catalog.resolve(&self.input, &present)?;
        let mut warnings = resolution.warnings.clone();

        let mut configs = HashSet::new();
        for (config, referrer) in &resolution.configs {
            if self.kind_of(config).is_none() {
                return Err(self.missing(referrer, config));
            }
            configs.insert(self.real_member(config));
        }

        let mut digests: HashMap<String, String> = HashMap::new();
        for layer in &resolution.layers {
            let real = self.real_member(&layer.member);
            match self.members.get(&real) {
                None => return Err(self.missing(&layer.referrer, &layer.member)),
                Some(MemberKind::Layer) => {
                    digests.entry(real).or_insert_with(|| layer.digest.clone());
                }
                Some(MemberKind::Json | MemberKind::Raw) => {
                    return Err(ScanError::UnsupportedLayer {
                        member: layer.member.clone(),
                        detail: "it is not a tar stream (plain, gzip, zstd, xz or bzip2)"
                            .to_owned(),
                    })
                }
            }
        }

        let digest_of = |member: &str| {
            digests
                .get(member)
                .cloned()
                .or_else(|| member_digest(member))
                .unwrap_or_else(|| member.to_owned())
        };
        let layers: Vec<LayerSummary> = self
            .layers
            .iter()
            .map(|l| LayerSummary {
                digest: digest_of(&l.member),
                member: l.member.clone(),
                compression: l.compression,
                files: l.stats.files,
                bytes: l.stats.bytes,
            })
            .collect();
        for layer in &layers {
            if let Some(scanned) = self.layers.iter().find(|l| l.member == layer.member) {
                for note in &scanned.stats.notes {
                    warnings.push(format!("layer {}: {note}", layer.digest));
                }
            }
        }
        let layer_members: HashSet<&str> = self.layers.iter().map(|l| l.member.as_str()).collect();

        let (pending, omitted) = self.hits.finish();
        let hits: Vec<Hit> = pending
            .into_iter()
            .map(|p| {
                let layer = if configs.contains(&p.member) {
                    "config".to_owned()
                } else if layer_members.contains(p.member.as_str()) {
                    digest_of(&p.member)
                } else {
                    "archive".to_owned()
                };
                Hit {
                    secret: secrets
                        .get(p.secret)
                        .map_or_else(String::new, |s| s.id().to_owned()),
                    encoding: p.encoding,
                    layer,
                    member: p.member,
                    found_in: p.found_in,
                    path: p.path,
                    offset: p.offset,
                    count: p.count,
                }
            })
            .collect();
        let order = HitOrder::new(&resolution.layers, &self.layers, &digest_of);
        let hits = order.arrange(hits);

        let mut config_list: Vec<String> = configs.into_iter().collect();
        config_list.sort();
        let layout = if self.outer_compression == Compression::None {
            resolution.layout.to_owned()
        } else {
            format!("{} ({})", resolution.layout, self.outer_compression)
        };
        Ok(Report::new(
            self.input.clone(),
            layout,
            resolution.images,
            secrets.iter().map(|s| s.id().to_owned()).collect(),
            config_list,
            layers,
            bytes_read,
            hits,
            omitted,
            warnings,
        ))
    }

    fn missing(&self, referrer: &str, member: &str) -> ScanError {
        ScanError::MissingMember {
            input: self.input.clone(),
            referrer: referrer.to_owned(),
            member: member.to_owned(),
        }
    }
}

/// Scans one member read from its place on disk, counting the bytes read into `read`.
fn scan_on_disk<'p>(
    scanner: &mut MemberScanner<'p>,
    file: &LayoutFile,
    read: &AtomicU64,
) -> Result<MemberOutcome<'p>, ScanError> {
    let open_err = |source| ScanError::Open {
        path: file.path.clone(),
        source,
    };
    let mut opened = File::open(&file.path).map_err(open_err)?;
    opened
        .seek(SeekFrom::Start(file.offset))
        .map_err(open_err)?;
    let counted = SharedCountingReader::new(opened.take(file.size), read);
    let reader = BufReader::with_capacity(READ_BUFFER, counted);
    scanner.scan(&file.member, file.size, ExactReader::new(reader, file.size))
}

/// How hits are listed: each place once, in layer order, then by path.
struct HitOrder {
    /// Layer digests in image order (manifest order, then layers no manifest lists).
    layers: Vec<String>,
}

impl HitOrder {
    fn new(
        listed: &[LayerRef],
        scanned: &[ScannedLayer],
        digest_of: &dyn Fn(&str) -> String,
    ) -> Self {
        let mut layers: Vec<String> = Vec::new();
        let members = listed
            .iter()
            .map(|l| l.member.as_str())
            .chain(scanned.iter().map(|l| l.member.as_str()));
        for member in members {
            let digest = digest_of(member);
            if !layers.contains(&digest) {
                layers.push(digest);
            }
        }
        Self { layers }
    }

    /// Where a hit's place sorts: its layer's position, then the config, then the rest.
    fn rank(&self, hit: &Hit) -> usize {
        match hit.layer.as_str() {
            "config" => self.layers.len(),
            "archive" => self.layers.len() + 1,
            digest => self
                .layers
                .iter()
                .position(|l| l == digest)
                .unwrap_or(self.layers.len() + 2),
        }
    }

    /// Drops the copies of config fields that legacy archives keep in each layer's
    /// `<id>/json` (a label is one place, not two), then sorts by layer order and path.
    fn arrange(&self, mut hits: Vec<Hit>) -> Vec<Hit> {
        let in_config: HashSet<(String, Encoding, FoundIn, String)> = hits
            .iter()
            .filter(|h| h.layer == "config")
            .map(|h| (h.secret.clone(), h.encoding, h.found_in, h.path.clone()))
            .collect();
        hits.retain(|h| {
            !(is_legacy_layer_json(&h.member)
                && in_config.contains(&(h.secret.clone(), h.encoding, h.found_in, h.path.clone())))
        });
        hits.sort_by(|a, b| {
            (
                self.rank(a),
                &a.path,
                a.found_in,
                &a.secret,
                a.encoding,
                a.offset,
            )
                .cmp(&(
                    self.rank(b),
                    &b.path,
                    b.found_in,
                    &b.secret,
                    b.encoding,
                    b.offset,
                ))
        });
        hits
    }
}

/// Whether a member is a legacy docker-archive layer's metadata, `<id>/json`.
fn is_legacy_layer_json(member: &str) -> bool {
    member
        .strip_suffix("/json")
        .is_some_and(|dir| !dir.is_empty() && !dir.contains('/'))
}
