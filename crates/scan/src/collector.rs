//! Collecting hits with bounded memory: one record per place, occurrences counted.

use std::collections::HashMap;

use crate::encoding::Encoding;
use crate::hit::FoundIn;
use crate::patterns::{Owner, PatternSet};

/// The most distinct places recorded; further ones are only counted.
pub(crate) const MAX_RECORDS: usize = 10_000;

/// Paths and member names longer than this (in bytes) are shortened in reports.
pub(crate) const MAX_PATH_LEN: usize = 4096;

/// A hit before its member is attributed to a layer digest or the config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PendingHit {
    /// Index of the secret.
    pub(crate) secret: usize,
    /// Its encoding.
    pub(crate) encoding: Encoding,
    /// The archive member.
    pub(crate) member: String,
    /// The kind of place.
    pub(crate) found_in: FoundIn,
    /// File path or JSON pointer.
    pub(crate) path: String,
    /// First offset.
    pub(crate) offset: u64,
    /// Occurrences.
    pub(crate) count: u64,
}

type Key = (usize, Encoding, String, FoundIn, String);

/// Accumulates [`PendingHit`]s, merging repeats of the same place.
///
/// Paths are stored with secrets redacted and at most [`MAX_PATH_LEN`] bytes long, so the
/// collector's memory is bounded and reports never quote a secret.
#[derive(Debug)]
pub(crate) struct HitCollector<'p> {
    patterns: &'p PatternSet,
    hits: Vec<PendingHit>,
    index: HashMap<Key, usize>,
    omitted: u64,
}

/// Where a group of hits was found, shared by every hit of one file, name or string.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Place<'a> {
    /// The archive member.
    pub(crate) member: &'a str,
    /// The kind of place.
    pub(crate) found_in: FoundIn,
    /// File path or JSON pointer.
    pub(crate) path: &'a str,
}

impl<'p> HitCollector<'p> {
    /// An empty collector that redacts with `patterns`.
    pub(crate) fn new(patterns: &'p PatternSet) -> Self {
        Self {
            patterns,
            hits: Vec::new(),
            index: HashMap::new(),
            omitted: 0,
        }
    }

    /// Records `count` occurrences of `owner` at `place`, the first at `offset`.
    pub(crate) fn add(&mut self, owner: Owner, place: Place<'_>, offset: u64, count: u64) {
        let hit = PendingHit {
            secret: owner.secret,
            encoding: owner.encoding,
            member: self.clean(place.member),
            found_in: place.found_in,
            path: self.clean(place.path),
            offset,
            count,
        };
        self.insert(hit);
    }

    /// Takes over the hits of another collector (a member scanned on another thread).
    pub(crate) fn merge(&mut self, other: HitCollector<'_>) {
        self.omitted += other.omitted;
        for hit in other.hits {
            self.insert(hit);
        }
    }

    /// Records a hit whose member and path are already cleaned, merging it with an earlier
    /// record of the same place.
    fn insert(&mut self, hit: PendingHit) {
        let key: Key = (
            hit.secret,
            hit.encoding,
            hit.member.clone(),
            hit.found_in,
            hit.path.clone(),
        );
        if let Some(known) = self.index.get(&key).and_then(|&i| self.hits.get_mut(i)) {
            known.offset = known.offset.min(hit.offset);
            known.count += hit.count;
            return;
        }
        if self.hits.len() >= MAX_RECORDS {
            self.omitted += hit.count;
            return;
        }
        self.hits.push(hit);
        self.index.insert(key, self.hits.len() - 1);
    }

    /// `text` redacted, then shortened to [`MAX_PATH_LEN`] bytes.
    fn clean(&self, text: &str) -> String {
        let mut redacted = self.patterns.redact(text);
        if redacted.len() > MAX_PATH_LEN {
            let mut cut = MAX_PATH_LEN;
            while !redacted.is_char_boundary(cut) {
                cut -= 1;
            }
            redacted.truncate(cut);
            redacted.push_str("...");
        }
        redacted
    }

    /// The recorded hits and the number of occurrences that were not recorded.
    pub(crate) fn finish(self) -> (Vec<PendingHit>, u64) {
        (self.hits, self.omitted)
    }
}

/// Merges the hits of one stream (a file's contents) before they reach the collector.
#[derive(Debug, Default)]
pub(crate) struct LocalHits {
    found: Vec<(Owner, u64, u64)>,
}

impl LocalHits {
    /// Notes one occurrence of `owner` at `offset`.
    pub(crate) fn note(&mut self, owner: Owner, offset: u64) {
        if let Some(entry) = self.found.iter_mut().find(|(o, _, _)| *o == owner) {
            entry.1 = entry.1.min(offset);
            entry.2 += 1;
        } else {
            self.found.push((owner, offset, 1));
        }
    }

    /// The merged hits: owner, first offset, occurrences.
    #[cfg(test)]
    pub(crate) fn entries(&self) -> impl Iterator<Item = (Owner, u64, u64)> + '_ {
        self.found.iter().copied()
    }

    /// Forgets the hits of `owners` (found more precisely elsewhere).
    pub(crate) fn forget(&mut self, owners: &[Owner]) {
        self.found.retain(|(o, _, _)| !owners.contains(o));
    }

    /// Moves the merged hits into `collector` at `place`.
    pub(crate) fn flush(&mut self, collector: &mut HitCollector<'_>, place: Place<'_>) {
        self.flush_noting(collector, place, &mut Vec::new());
    }

    /// Like [`LocalHits::flush`], adding each owner flushed to `seen`.
    pub(crate) fn flush_noting(
        &mut self,
        collector: &mut HitCollector<'_>,
        place: Place<'_>,
        seen: &mut Vec<Owner>,
    ) {
        for (owner, offset, count) in self.found.drain(..) {
            if !seen.contains(&owner) {
                seen.push(owner);
            }
            collector.add(owner, place, offset, count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn patterns() -> PatternSet {
        PatternSet::new(&[Secret::new("tok", b"secret-value-1").expect("valid")]).expect("set")
    }

    const OWNER: Owner = Owner {
        secret: 0,
        encoding: Encoding::Raw,
    };

    fn place(path: &str) -> Place<'_> {
        Place {
            member: "layer",
            found_in: FoundIn::FileContent,
            path,
        }
    }

    #[test]
    fn repeats_of_one_place_are_merged() {
        let set = patterns();
        let mut collector = HitCollector::new(&set);
        collector.add(OWNER, place("/a"), 40, 1);
        collector.add(OWNER, place("/a"), 10, 2);
        collector.add(OWNER, place("/b"), 5, 1);
        let (hits, omitted) = collector.finish();
        assert_eq!(hits.len(), 2);
        assert_eq!((hits[0].offset, hits[0].count), (10, 3));
        assert_eq!(omitted, 0);
    }

    #[test]
    fn records_are_capped() {
        let set = patterns();
        let mut collector = HitCollector::new(&set);
        for i in 0..MAX_RECORDS + 5 {
            collector.add(OWNER, place(&format!("/f{i}")), 0, 1);
        }
        let (hits, omitted) = collector.finish();
        assert_eq!(hits.len(), MAX_RECORDS);
        assert_eq!(omitted, 5);
    }

    #[test]
    fn paths_are_redacted_and_bounded() {
        let set = patterns();
        let mut collector = HitCollector::new(&set);
        let long = format!("/x/secret-value-1/{}", "\u{e9}".repeat(5000));
        collector.add(OWNER, place(&long), 0, 1);
        let (hits, _) = collector.finish();
        assert!(hits[0].path.starts_with("/x/[secret tok]/"));
        assert!(hits[0].path.len() <= MAX_PATH_LEN + 3);
        assert!(hits[0].path.ends_with("..."));
    }
}
