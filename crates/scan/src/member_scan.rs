//! Scanning one archive member on its own — a layer, a JSON document or anything else — so
//! members can be scanned on several threads and merged in archive order.

use std::io::{self, Read};

use serde_json::Value;

use crate::collector::{HitCollector, LocalHits, Place};
use crate::compression::{looks_like_tar, peek, Compression, SNIFF_LEN};
use crate::error::ScanError;
use crate::hit::FoundIn;
use crate::json_fields::scan_json;
use crate::layer::{LayerScanner, LayerStats, Limits};
use crate::patterns::PatternSet;
use crate::stream_search::StreamSearcher;
use crate::truncation::find_truncation;

/// JSON members larger than this are searched as raw bytes instead of parsed.
const MAX_JSON_LEN: u64 = 16 << 20;

/// What an archive member turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MemberKind {
    /// A tar stream (plain or compressed): a layer.
    Layer,
    /// A JSON document.
    Json,
    /// Anything else, searched as raw bytes.
    Raw,
}

/// What scanning one member found.
pub(crate) struct MemberOutcome<'p> {
    /// The member's name in the archive.
    pub(crate) member: String,
    /// What it is.
    pub(crate) kind: MemberKind,
    /// For a layer: its compression and what its scan saw.
    pub(crate) layer: Option<(Compression, LayerStats)>,
    /// For a JSON document: its value, for the catalog of manifests.
    pub(crate) json: Option<Value>,
    /// The hits found in it.
    pub(crate) hits: HitCollector<'p>,
}

/// Scans members one at a time with a reusable window buffer.
pub(crate) struct MemberScanner<'p> {
    input: &'p str,
    patterns: &'p PatternSet,
    searcher: StreamSearcher,
    limits: Limits,
}

impl<'p> MemberScanner<'p> {
    /// A scanner for the members of the input named `input`.
    pub(crate) fn new(input: &'p str, patterns: &'p PatternSet, limits: Limits) -> Self {
        Self {
            input,
            patterns,
            searcher: StreamSearcher::new(patterns),
            limits,
        }
    }

    /// Recognises one member (layer, JSON, other) by its first bytes and searches it.
    pub(crate) fn scan<R: Read>(
        &mut self,
        member: &str,
        size: u64,
        reader: R,
    ) -> Result<MemberOutcome<'p>, ScanError> {
        let mut outcome = MemberOutcome {
            member: member.to_owned(),
            kind: MemberKind::Raw,
            layer: None,
            json: None,
            hits: HitCollector::new(self.patterns),
        };
        let peeked =
            peek(reader, SNIFF_LEN).map_err(|e| member_error(self.input, member, None, e))?;
        let compression = Compression::sniff(&peeked.head);
        match compression {
            Compression::None if looks_like_tar(&peeked.head) => {
                self.scan_layer(&mut outcome, compression, peeked.reader)?;
            }
            Compression::None if size <= MAX_JSON_LEN && starts_like_json(&peeked.head) => {
                let mut bytes = Vec::new();
                peeked
                    .reader
                    .take(MAX_JSON_LEN + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| member_error(self.input, member, None, e))?;
                match serde_json::from_slice::<Value>(&bytes) {
                    Ok(value) => self.scan_json(&mut outcome, value),
                    Err(_) => self.scan_raw(&mut outcome, None, bytes.as_slice())?,
                }
            }
            Compression::None => self.scan_raw(&mut outcome, None, peeked.reader)?,
            Compression::Gzip | Compression::Zstd | Compression::Xz | Compression::Bzip2 => {
                let failed = |e| member_error(self.input, member, Some(compression), e);
                let decoded = compression.decoder(peeked.reader).map_err(failed)?;
                let inner = peek(decoded, SNIFF_LEN).map_err(failed)?;
                if inner.head.is_empty() || looks_like_tar(&inner.head) {
                    self.scan_layer(&mut outcome, compression, inner.reader)?;
                } else {
                    self.scan_raw(&mut outcome, Some(compression), inner.reader)?;
                }
            }
        }
        Ok(outcome)
    }

    fn scan_layer<R: Read>(
        &mut self,
        outcome: &mut MemberOutcome<'p>,
        compression: Compression,
        reader: R,
    ) -> Result<(), ScanError> {
        let mut scanner = LayerScanner {
            patterns: self.patterns,
            searcher: &mut self.searcher,
            hits: &mut outcome.hits,
            limits: self.limits,
        };
        let stats = scanner
            .scan(&outcome.member, reader)
            .map_err(|e| member_error(self.input, &outcome.member, Some(compression), e))?;
        outcome.kind = MemberKind::Layer;
        outcome.layer = Some((compression, stats));
        Ok(())
    }

    fn scan_json(&mut self, outcome: &mut MemberOutcome<'p>, value: Value) {
        for hit in scan_json(&value, self.patterns) {
            outcome.hits.add(
                hit.owner,
                Place {
                    member: &outcome.member,
                    found_in: hit.found_in,
                    path: &hit.pointer,
                },
                hit.offset,
                1,
            );
        }
        outcome.kind = MemberKind::Json;
        outcome.json = Some(value);
    }

    fn scan_raw<R: Read>(
        &mut self,
        outcome: &mut MemberOutcome<'p>,
        compression: Option<Compression>,
        reader: R,
    ) -> Result<(), ScanError> {
        let mut local = LocalHits::default();
        self.searcher
            .search(self.patterns, reader, |owner, offset| {
                local.note(owner, offset)
            })
            .map_err(|e| member_error(self.input, &outcome.member, compression, e))?;
        local.flush(
            &mut outcome.hits,
            Place {
                member: &outcome.member,
                found_in: FoundIn::ArchiveFile,
                path: &outcome.member,
            },
        );
        outcome.kind = MemberKind::Raw;
        Ok(())
    }
}

/// The error for a failure reading the outer archive of `input`.
pub(crate) fn archive_error(input: &str, source: io::Error) -> ScanError {
    if let Some(t) = find_truncation(&source) {
        return ScanError::Truncated {
            input: input.to_owned(),
            member: "(unknown)".to_owned(),
            expected: t.expected,
            got: t.got,
        };
    }
    ScanError::Archive {
        input: input.to_owned(),
        source,
    }
}

/// The error for a failure reading `member` of `input` (decompressed with `compression`).
pub(crate) fn member_error(
    input: &str,
    member: &str,
    compression: Option<Compression>,
    source: io::Error,
) -> ScanError {
    if let Some(t) = find_truncation(&source) {
        return ScanError::Truncated {
            input: input.to_owned(),
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
            input: input.to_owned(),
            source,
        },
    }
}

/// Whether a member's first bytes open a JSON object or array.
fn starts_like_json(head: &[u8]) -> bool {
    matches!(
        head.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_recognised_by_its_first_byte() {
        assert!(starts_like_json(b"  {\"a\":1}"));
        assert!(starts_like_json(b"[1]"));
        assert!(!starts_like_json(b"1.0"));
    }
}
