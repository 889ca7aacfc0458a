//! Every spelling of every secret, found together in one pass over the data.

use std::collections::HashMap;

use aho_corasick::packed;
use aho_corasick::{AhoCorasick, Input, MatchKind, Span};

use crate::encoding::{spellings_for, Encoding};
use crate::error::ScanError;
use crate::secret::Secret;
use crate::spelling::{Needle, Spelling};

/// A secret (by index) and the encoding one spelling represents for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Owner {
    /// Index into the secrets the set was built from.
    pub(crate) secret: usize,
    /// How the secret is encoded in this spelling.
    pub(crate) encoding: Encoding,
}

/// A match of one spelling: which spelling, and where it starts and ends in the haystack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PatternMatch {
    /// The spelling's index, for [`PatternSet::owners`].
    pub(crate) pattern: usize,
    /// Start of the match in the haystack.
    pub(crate) start: usize,
    /// End (exclusive) of the match in the haystack.
    pub(crate) end: usize,
}

/// Needles per SIMD (Teddy) searcher; Teddy is at its best with at most 16.
const TEDDY_GROUP: usize = 16;

/// How one group's needles are found.
#[derive(Debug)]
enum Finder {
    /// A SIMD (Teddy) searcher.
    Teddy(packed::Searcher),
    /// An Aho-Corasick automaton (CPUs without Teddy).
    Automaton(AhoCorasick),
}

/// Needles searched together, each with the spelling it belongs to.
#[derive(Debug)]
struct Group {
    finder: Finder,
    needles: Vec<(usize, Needle)>,
}

/// One distinct spelling and the secrets and encodings it stands for.
#[derive(Debug)]
struct Entry {
    spelling: Spelling,
    owners: Vec<Owner>,
}

/// All spellings of all secrets, searched together in one pass over the data.
///
/// Needles (the ways a spelling can begin) are found with leftmost-first semantics, which
/// allows SIMD searching at memory speed; overlapping occurrences are still all reported,
/// because each needle found restarts the search one byte further on and the position is
/// checked against every needle of the group, then verified against its whole spelling.
#[derive(Debug)]
pub(crate) struct PatternSet {
    groups: Vec<Group>,
    ids: Vec<String>,
    entries: Vec<Entry>,
    max_len: usize,
}

impl PatternSet {
    /// Builds the searchers; identical spellings are merged and keep every owner.
    pub(crate) fn new(secrets: &[Secret]) -> Result<Self, ScanError> {
        Self::build(secrets, true)
    }

    fn build(secrets: &[Secret], simd: bool) -> Result<Self, ScanError> {
        let mut index: HashMap<Spelling, usize> = HashMap::new();
        let mut entries: Vec<Entry> = Vec::new();
        for (secret, s) in secrets.iter().enumerate() {
            for (encoding, spelling) in spellings_for(s.value()) {
                let owner = Owner { secret, encoding };
                let slot = *index.entry(spelling.clone()).or_insert_with(|| {
                    entries.push(Entry {
                        spelling,
                        owners: Vec::new(),
                    });
                    entries.len() - 1
                });
                if let Some(entry) = entries.get_mut(slot) {
                    if !entry.owners.iter().any(|o| o.secret == secret) {
                        entry.owners.push(owner);
                    }
                }
            }
        }
        let max_len = entries
            .iter()
            .map(|e| e.spelling.max_len())
            .max()
            .unwrap_or(1);
        let needles: Vec<Vec<(usize, Needle)>> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| e.spelling.needles().into_iter().map(|n| (i, n)).collect())
            .collect();
        let teddy = if simd { teddy_groups(&needles) } else { None };
        let groups = match teddy {
            Some(groups) => groups,
            None => {
                let all: Vec<(usize, Needle)> = needles.into_iter().flatten().collect();
                let automaton = AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(all.iter().map(|(_, n)| &n.bytes))
                    .map_err(|source| ScanError::Automaton { source })?;
                vec![Group {
                    finder: Finder::Automaton(automaton),
                    needles: all,
                }]
            }
        };
        Ok(Self {
            groups,
            ids: secrets.iter().map(|s| s.id().to_owned()).collect(),
            entries,
            max_len,
        })
    }

    /// The length of the longest text a match can span.
    pub(crate) fn max_len(&self) -> usize {
        self.max_len
    }

    /// Which secrets and encodings a spelling stands for.
    pub(crate) fn owners(&self, pattern: usize) -> &[Owner] {
        self.entries
            .get(pattern)
            .map_or(&[], |e| e.owners.as_slice())
    }

    /// Calls `on_match` for every occurrence of every spelling, overlapping ones included.
    pub(crate) fn for_each_match(&self, haystack: &[u8], mut on_match: impl FnMut(PatternMatch)) {
        for group in &self.groups {
            let mut at = 0;
            while at < haystack.len() {
                let span = Span::from(at..haystack.len());
                let found = match &group.finder {
                    Finder::Teddy(searcher) => searcher.find_in(haystack, span).map(|m| m.start()),
                    Finder::Automaton(automaton) => automaton
                        .find(Input::new(haystack).span(span))
                        .map(|m| m.start()),
                };
                let Some(start) = found else {
                    break;
                };
                self.report_at(haystack, start, &group.needles, &mut on_match);
                at = start + 1;
            }
        }
    }

    /// Verifies every needle of a group that occurs at `at` against its whole spelling.
    fn report_at(
        &self,
        haystack: &[u8],
        at: usize,
        needles: &[(usize, Needle)],
        on_match: &mut impl FnMut(PatternMatch),
    ) {
        let rest = haystack.get(at..).unwrap_or_default();
        let mut seen: Vec<(usize, usize)> = Vec::new();
        for (pattern, needle) in needles {
            if !rest.starts_with(&needle.bytes) {
                continue;
            }
            let Some(entry) = self.entries.get(*pattern) else {
                continue;
            };
            let Some((start, end)) = entry.spelling.confirm(haystack, at, needle) else {
                continue;
            };
            if seen.contains(&(*pattern, start)) {
                continue;
            }
            seen.push((*pattern, start));
            on_match(PatternMatch {
                pattern: *pattern,
                start,
                end,
            });
        }
    }

    /// `text` with every occurrence of a spelling replaced by `[secret ID]`, so reports that quote
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

/// Teddy searchers over the needles, one per group of at most [`TEDDY_GROUP`] needles (a
/// spelling's needles stay in one group), or `None` where Teddy is unavailable.
fn teddy_groups(needles: &[Vec<(usize, Needle)>]) -> Option<Vec<Group>> {
    let mut packs: Vec<Vec<(usize, Needle)>> = Vec::new();
    for spelling in needles {
        let fits = packs
            .last()
            .is_some_and(|p| p.len() + spelling.len() <= TEDDY_GROUP);
        if !fits {
            packs.push(Vec::new());
        }
        packs.last_mut()?.extend(spelling.iter().cloned());
    }
    packs
        .into_iter()
        .map(|pack| {
            let mut builder = packed::Config::new()
                .match_kind(packed::MatchKind::LeftmostFirst)
                .builder();
            for (_, needle) in &pack {
                builder.add(&needle.bytes);
            }
            Some(Group {
                finder: Finder::Teddy(builder.build()?),
                needles: pack,
            })
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
        assert!(plain
            .groups
            .iter()
            .all(|g| matches!(g.finder, Finder::Automaton(_))));
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
