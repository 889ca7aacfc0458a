//! One Aho-Corasick automaton over every pattern of every secret.

use std::collections::HashMap;

use aho_corasick::packed;
use aho_corasick::{AhoCorasick, Input, MatchKind, Span};

use crate::encoding::{patterns_for, Encoding};
use crate::error::ScanError;
use crate::secret::Secret;

/// A secret (by index) and the encoding one pattern represents for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Owner {
    /// Index into the secrets the set was built from.
    pub(crate) secret: usize,
    /// How the secret is encoded in this pattern.
    pub(crate) encoding: Encoding,
}

/// A match of one pattern: which pattern, and where it starts in the haystack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PatternMatch {
    /// The pattern's index, for [`PatternSet::owners`].
    pub(crate) pattern: usize,
    /// Start of the match in the haystack.
    pub(crate) start: usize,
    /// End (exclusive) of the match in the haystack.
    pub(crate) end: usize,
}

/// Patterns per SIMD (Teddy) searcher; Teddy is at its best with at most 16.
const TEDDY_GROUP: usize = 16;

/// How matches are found: SIMD searchers over groups of patterns, or one automaton.
#[derive(Debug)]
enum Finder {
    /// One Teddy searcher per group of at most [`TEDDY_GROUP`] patterns, with their ids.
    Teddy(Vec<(packed::Searcher, Vec<usize>)>),
    /// An Aho-Corasick automaton over all patterns (CPUs without Teddy).
    Automaton(AhoCorasick),
}

/// All patterns of all secrets, searched together in one pass over the data.
///
/// Matching uses leftmost-first semantics, which allows SIMD searching at memory speed;
/// overlapping occurrences are still all reported, because each match restarts the search
/// one byte further on and its position is checked against every pattern.
#[derive(Debug)]
pub(crate) struct PatternSet {
    finder: Finder,
    ids: Vec<String>,
    patterns: Vec<Vec<u8>>,
    owners: Vec<Vec<Owner>>,
    max_len: usize,
}

impl PatternSet {
    /// Builds the searchers; identical patterns are merged and keep every owner.
    pub(crate) fn new(secrets: &[Secret]) -> Result<Self, ScanError> {
        Self::build(secrets, true)
    }

    fn build(secrets: &[Secret], simd: bool) -> Result<Self, ScanError> {
        let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<Owner>> = Vec::new();
        for (secret, s) in secrets.iter().enumerate() {
            for (encoding, bytes) in patterns_for(s.value()) {
                let owner = Owner { secret, encoding };
                let slot = *index.entry(bytes.clone()).or_insert_with(|| {
                    patterns.push(bytes);
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                if let Some(list) = owners.get_mut(slot) {
                    if !list.iter().any(|o| o.secret == secret) {
                        list.push(owner);
                    }
                }
            }
        }
        let max_len = patterns.iter().map(Vec::len).max().unwrap_or(1);
        let teddy = if simd { teddy_groups(&patterns) } else { None };
        let finder = match teddy {
            Some(groups) => Finder::Teddy(groups),
            None => Finder::Automaton(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(&patterns)
                    .map_err(|source| ScanError::Automaton { source })?,
            ),
        };
        Ok(Self {
            finder,
            ids: secrets.iter().map(|s| s.id().to_owned()).collect(),
            patterns,
            owners,
            max_len,
        })
    }

    /// The length of the longest pattern.
    pub(crate) fn max_len(&self) -> usize {
        self.max_len
    }

    /// Which secrets and encodings a pattern stands for.
    pub(crate) fn owners(&self, pattern: usize) -> &[Owner] {
        self.owners.get(pattern).map_or(&[], Vec::as_slice)
    }

    /// Calls `on_match` for every occurrence of every pattern, overlapping ones included.
    pub(crate) fn for_each_match(&self, haystack: &[u8], mut on_match: impl FnMut(PatternMatch)) {
        match &self.finder {
            Finder::Teddy(groups) => {
                for (searcher, ids) in groups {
                    let mut at = 0;
                    while at < haystack.len() {
                        let Some(found) =
                            searcher.find_in(haystack, Span::from(at..haystack.len()))
                        else {
                            break;
                        };
                        self.report_at(haystack, found.start(), ids.iter().copied(), &mut on_match);
                        at = found.start() + 1;
                    }
                }
            }
            Finder::Automaton(automaton) => {
                let mut at = 0;
                while at < haystack.len() {
                    let input = Input::new(haystack).span(at..haystack.len());
                    let Some(found) = automaton.find(input) else {
                        break;
                    };
                    self.report_at(
                        haystack,
                        found.start(),
                        0..self.patterns.len(),
                        &mut on_match,
                    );
                    at = found.start() + 1;
                }
            }
        }
    }

    /// Reports every pattern among `ids` that occurs at `start`.
    fn report_at(
        &self,
        haystack: &[u8],
        start: usize,
        ids: impl Iterator<Item = usize>,
        on_match: &mut impl FnMut(PatternMatch),
    ) {
        let rest = haystack.get(start..).unwrap_or_default();
        for pattern in ids {
            let Some(bytes) = self.patterns.get(pattern) else {
                continue;
            };
            if rest.starts_with(bytes) {
                on_match(PatternMatch {
                    pattern,
                    start,
                    end: start + bytes.len(),
                });
            }
        }
    }

    /// `text` with every pattern occurrence replaced by `[secret ID]`, so reports that quote
    /// paths and JSON keys never repeat a secret.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        self.for_each_match(text.as_bytes(), |m| {
            let secret = self.owners(m.pattern).first().map_or(0, |o| o.secret);
            spans.push((m.start, m.end, secret));
        });
        if spans.is_empty() {
            return text.to_owned();
        }
        spans.sort_unstable();
        let bytes = text.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut pos = 0;
        for (start, end, secret) in spans {
            if end <= pos {
                continue;
            }
            if start >= pos {
                out.extend_from_slice(bytes.get(pos..start).unwrap_or_default());
                let id = self.ids.get(secret).map_or("?", String::as_str);
                out.extend_from_slice(format!("[secret {id}]").as_bytes());
            }
            pos = end;
        }
        out.extend_from_slice(bytes.get(pos..).unwrap_or_default());
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Every (owner, offset) found in a small in-memory haystack such as a file name.
    pub(crate) fn find_in(&self, haystack: &[u8]) -> Vec<(Owner, u64)> {
        let mut found = Vec::new();
        self.for_each_match(haystack, |m| {
            for owner in self.owners(m.pattern) {
                found.push((*owner, m.start as u64));
            }
        });
        found
    }
}

/// Teddy searchers for the patterns in groups, or `None` where Teddy is unavailable.
fn teddy_groups(patterns: &[Vec<u8>]) -> Option<Vec<(packed::Searcher, Vec<usize>)>> {
    let ids: Vec<usize> = (0..patterns.len()).collect();
    ids.chunks(TEDDY_GROUP)
        .map(|group| {
            let mut builder = packed::Config::new()
                .match_kind(packed::MatchKind::LeftmostFirst)
                .builder();
            for &id in group {
                builder.add(patterns.get(id)?);
            }
            Some((builder.build()?, group.to_vec()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_secrets_are_both_found() {
        let secrets = [
            Secret::new("short", b"abcdefgh").expect("valid"),
            Secret::new("long", b"abcdefghijkl").expect("valid"),
        ];
        let set = PatternSet::new(&secrets).expect("automaton");
        let found = set.find_in(b"xxabcdefghijklxx");
        assert!(found.contains(&(
            Owner {
                secret: 0,
                encoding: Encoding::Raw
            },
            2
        )));
        assert!(found.contains(&(
            Owner {
                secret: 1,
                encoding: Encoding::Raw
            },
            2
        )));
    }

    #[test]
    fn simd_and_automaton_finders_agree() {
        // Five secrets make more patterns than one Teddy group holds.
        let values: Vec<Vec<u8>> = (0..5u8)
            .map(|i| format!("secret-{i}-value-xyz").into_bytes())
            .collect();
        let secrets: Vec<Secret> = values
            .iter()
            .enumerate()
            .map(|(i, v)| Secret::new(format!("s{i}"), v).expect("valid"))
            .collect();
        let mut hay = Vec::new();
        for (i, v) in values.iter().enumerate() {
            hay.extend_from_slice(b"..");
            hay.extend_from_slice(v);
            hay.extend_from_slice(hex::encode(v).as_bytes());
            hay.extend(std::iter::repeat_n(b'z', i * 7));
        }
        let simd = PatternSet::build(&secrets, true).expect("simd");
        let plain = PatternSet::build(&secrets, false).expect("automaton");
        assert!(matches!(plain.finder, Finder::Automaton(_)));
        let mut a = simd.find_in(&hay);
        let mut b = plain.find_in(&hay);
        a.sort_by_key(|(o, off)| (*off, o.secret, o.encoding));
        b.sort_by_key(|(o, off)| (*off, o.secret, o.encoding));
        assert_eq!(a, b);
        assert_eq!(a.len(), 10);
    }

    #[test]
    fn redaction_hides_every_encoding() {
        let secrets = [Secret::new("tok", b"abcdefgh12").expect("valid")];
        let set = PatternSet::new(&secrets).expect("automaton");
        assert_eq!(
            set.redact("/a/abcdefgh12/b/61626364656667683132/c"),
            "/a/[secret tok]/b/[secret tok]/c"
        );
        assert_eq!(set.redact("nothing here"), "nothing here");
    }

    #[test]
    fn equal_secrets_share_a_pattern() {
        let secrets = [
            Secret::new("a", b"samevalue123").expect("valid"),
            Secret::new("b", b"samevalue123").expect("valid"),
        ];
        let set = PatternSet::new(&secrets).expect("automaton");
        let found = set.find_in(b"samevalue123");
        assert_eq!(found.len(), 2);
    }
}
