//! The scan of one image input: reads every archive member once, in stream order, and
//! attributes what it found once the manifests (which may come last) are known.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, Read};

use crate::catalog::{member_digest, normalize_member, Catalog, LayerRef};
use crate::collector::{HitCollector, LocalHits, Place};
use crate::compression::{looks_like_tar, peek, Compression, SNIFF_LEN};
use crate::encoding::Encoding;
use crate::error::ScanError;
use crate::hit::{FoundIn, Hit};
use crate::json_fields::scan_json;
use crate::layer::{LayerScanner, LayerStats, Limits};
use crate::layout_dir::LayoutDir;
use crate::patterns::PatternSet;
use crate::progress::{Meter, MeteredReader};
use crate::report::{LayerSummary, Report};
use crate::secret::Secret;
use crate::stream_search::StreamSearcher;
use crate::tar_guard::{GuardedReader, MetadataBudget};
use crate::truncation::{find_truncation, ExactReader};

/// JSON members larger than this are searched as raw bytes instead of parsed.
const MAX_JSON_LEN: u64 = 16 << 20;

/// How many symlink hops are followed between archive members.
const MAX_ALIAS_HOPS: usize = 8;

/// What an archive member turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MemberKind {
    /// A tar stream (plain, gzip or zstd): a layer.
    Layer,
    /// A JSON document.
    Json,
    /// Anything else, searched as raw bytes.
    Raw,
}

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
    searcher: StreamSearcher,
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
            searcher: StreamSearcher::new(patterns),
            hits: HitCollector::new(patterns),
            catalog: Catalog::default(),
            members: HashMap::new(),
            aliases: HashMap::new(),
            layers: Vec::new(),
            outer_compression: Compression::None,
            limits,
        }
    }

    /// Scans an archive stream: a tar (docker-archive or OCI layout), possibly gzip/zstd'd.
    pub(crate) fn scan_stream<R: Read>(
        &mut self,
        reader: R,
        meter: &Meter<'_>,
    ) -> Result<(), ScanError> {
        let peeked = peek(reader, SNIFF_LEN).map_err(|e| self.archive_error(e))?;
        let compression = Compression::sniff(&peeked.head);
        self.outer_compression = compression;
        let decoded = compression
            .decoder(peeked.reader)
            .map_err(|e| self.archive_error(e))?;
        let tar = peek(decoded, SNIFF_LEN).map_err(|e| self.archive_error(e))?;
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
        let budget = MetadataBudget::default();
        let mut archive = tar::Archive::new(GuardedReader::new(reader, &budget));
        let mut entries = archive.entries().map_err(|e| self.archive_error(e))?;
        loop {
            budget.limit();
            let next = entries.next();
            budget.lift();
            let Some(entry) = next else {
                break;
            };
            let mut entry = entry.map_err(|e| self.archive_error(e))?;
            let member = normalize_member(&String::from_utf8_lossy(&entry.path_bytes()));
            let kind = entry.header().entry_type();
            if kind.is_file() || kind == tar::EntryType::Continuous {
                meter.member(&member);
                let size = entry.size();
                self.scan_member(&member, size, ExactReader::new(&mut entry, size))?;
            } else if kind.is_symlink() || kind.is_hard_link() {
                if let Some(target) = entry.link_name_bytes() {
                    let target = String::from_utf8_lossy(&target).into_owned();
                    let resolved = if kind.is_symlink() {
                        resolve_relative(&member, &target)
                    } else {
                        normalize_member(&target)
                    };
                    self.aliases.insert(member, resolved);
                }
            }
        }
        Ok(())
    }

    /// Scans an image laid out as a directory.
    pub(crate) fn scan_dir(&mut self, dir: &LayoutDir, meter: &Meter<'_>) -> Result<(), ScanError> {
        if !dir.has("manifest.json") && !dir.has("index.json") {
            return Err(ScanError::NotAnImage {
                input: self.input.clone(),
            });
        }
        for (member, target) in &dir.links {
            self.aliases
                .insert(member.clone(), resolve_relative(member, target));
        }
        for file in &dir.files {
            meter.member(&file.member);
            let opened = File::open(&file.path).map_err(|source| ScanError::Open {
                path: file.path.clone(),
                source,
            })?;
            let reader = BufReader::with_capacity(1 << 20, MeteredReader::new(opened, meter));
            self.scan_member(&file.member, file.size, ExactReader::new(reader, file.size))?;
        }
        Ok(())
    }

    /// Recognises one member (layer, JSON, other) and searches it.
    fn scan_member<R: Read>(
        &mut self,
        member: &str,
        size: u64,
        reader: R,
    ) -> Result<(), ScanError> {
        let peeked = peek(reader, SNIFF_LEN).map_err(|e| self.member_error(member, None, e))?;
        let compression = Compression::sniff(&peeked.head);
        match compression {
            Compression::None if looks_like_tar(&peeked.head) => {
                self.scan_layer(member, compression, peeked.reader)
            }
            Compression::None if size <= MAX_JSON_LEN && starts_like_json(&peeked.head) => {
                self.scan_json_member(member, peeked.reader)
            }
            Compression::None => self.scan_raw(member, None, peeked.reader),
            Compression::Gzip | Compression::Zstd | Compression::Xz | Compression::Bzip2 => {
                let decoded = compression
                    .decoder(peeked.reader)
                    .map_err(|e| self.member_error(member, Some(compression), e))?;
                let inner = peek(decoded, SNIFF_LEN)
                    .map_err(|e| self.member_error(member, Some(compression), e))?;
                if inner.head.is_empty() || looks_like_tar(&inner.head) {
                    self.scan_layer(member, compression, inner.reader)
                } else {
                    self.scan_raw(member, Some(compression), inner.reader)
                }
            }
        }
    }

    fn scan_layer<R: Read>(
        &mut self,
        member: &str,
        compression: Compression,
        reader: R,
    ) -> Result<(), ScanError> {
        let mut scanner = LayerScanner {
            patterns: self.patterns,
            searcher: &mut self.searcher,
            hits: &mut self.hits,
            limits: self.limits,
        };
        let stats = scanner
            .scan(member, reader)
            .map_err(|e| self.member_error(member, Some(compression), e))?;
        self.members.insert(member.to_owned(), MemberKind::Layer);
        self.layers.push(ScannedLayer {
            member: member.to_owned(),
            compression,
            stats,
        });
        Ok(())
    }

    fn scan_json_member<R: Read>(&mut self, member: &str, reader: R) -> Result<(), ScanError> {
        let mut bytes = Vec::new();
        reader
            .take(MAX_JSON_LEN + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| self.member_error(member, None, e))?;
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            return self.scan_raw(member, None, bytes.as_slice());
        };
        self.catalog.learn(&self.input, member, &value)?;
        for hit in scan_json(&value, self.patterns) {
            self.hits.add(
                hit.owner,
                Place {
                    member,
                    found_in: hit.found_in,
                    path: &hit.pointer,
                },
                hit.offset,
                1,
            );
        }
        self.members.insert(member.to_owned(), MemberKind::Json);
        Ok(())
    }

    fn scan_raw<R: Read>(
        &mut self,
        member: &str,
        compression: Option<Compression>,
        reader: R,
    ) -> Result<(), ScanError> {
        let mut local = LocalHits::default();
        self.searcher
            .search(self.patterns, reader, |owner, offset| {
                local.note(owner, offset)
            })
            .map_err(|e| self.member_error(member, compression, e))?;
        local.flush(
            &mut self.hits,
            Place {
                member,
                found_in: FoundIn::ArchiveFile,
                path: member,
            },
        );
        self.members.insert(member.to_owned(), MemberKind::Raw);
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

    fn archive_error(&self, source: io::Error) -> ScanError {
        if let Some(t) = find_truncation(&source) {
            return ScanError::Truncated {
                input: self.input.clone(),
                member: "(unknown)".to_owned(),
                expected: t.expected,
                got: t.got,
            };
        }
        ScanError::Archive {
            input: self.input.clone(),
            source,
        }
    }

    fn member_error(
        &self,
        member: &str,
        compression: Option<Compression>,
        source: io::Error,
    ) -> ScanError {
        if let Some(t) = find_truncation(&source) {
            return ScanError::Truncated {
                input: self.input.clone(),
                member: member.to_owned(),
                expected: t.expected,
                got: t.got,
            };
        }
        match compression {
            Some(compression) => ScanError::Layer {
                member: member.to_owned(),
                compression,
                source,
            },
            None => ScanError::Archive {
                input: self.input.clone(),
                source,
            },
        }
    }
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

/// Whether a member's first bytes open a JSON object or array.
fn starts_like_json(head: &[u8]) -> bool {
    matches!(
        head.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[')
    )
}

/// Resolves a symlink target relative to the member's directory, inside the archive.
fn resolve_relative(member: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = member.split('/').collect();
        dir.pop();
        dir
    };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symlinks_resolve_inside_the_archive() {
        assert_eq!(
            resolve_relative("b/layer.tar", "../a/layer.tar"),
            "a/layer.tar"
        );
        assert_eq!(resolve_relative("b/layer.tar", "/a/x"), "a/x");
        assert_eq!(resolve_relative("x", "../../../etc/passwd"), "etc/passwd");
    }

    #[test]
    fn json_is_recognised_by_its_first_byte() {
        assert!(starts_like_json(b"  {\"a\":1}"));
        assert!(starts_like_json(b"[1]"));
        assert!(!starts_like_json(b"1.0"));
    }
}
