//! A spelling of a secret: a sequence of units, each written in one of a few alternative ways
//! (raw or escaped, either case), optionally with line breaks between units. A spelling is
//! found through short needles — the ways its first bytes can be written — and each needle
//! occurrence is then verified unit by unit.

/// The preferred needle length in bytes; needles are shorter only where the case or escape
/// variants of a longer prefix would be too many.
const NEEDLE_LEN: usize = 8;

/// The most needles one spelling contributes.
const MAX_NEEDLES: usize = 16;

/// Units at the head of a wrapped spelling that form its first needle; the next as many form
/// its second, so that one line break anywhere in the head leaves one needle whole.
const ANCHOR_UNITS: usize = 8;

/// The shortest line a wrapped spelling is found across (base64 tools wrap at 64 or 76).
pub(crate) const MIN_LINE: usize = 16;

/// One way to write a unit.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Alternative {
    bytes: Vec<u8>,
    any_case: bool,
    escaped: bool,
}

impl Alternative {
    /// These bytes exactly.
    pub(crate) fn exact(bytes: Vec<u8>) -> Self {
        Self {
            bytes,
            any_case: false,
            escaped: false,
        }
    }

    /// These bytes with ASCII letters in either case.
    pub(crate) fn any_case(bytes: Vec<u8>) -> Self {
        Self {
            bytes,
            any_case: true,
            escaped: false,
        }
    }

    fn matches(&self, hay: &[u8]) -> bool {
        match hay.get(..self.bytes.len()) {
            Some(head) if self.any_case => head.eq_ignore_ascii_case(&self.bytes),
            Some(head) => head == self.bytes,
            None => false,
        }
    }

    /// Every way the first `want` bytes can be written (case variants), and whether they are
    /// the whole alternative.
    fn prefixes(&self, want: usize) -> (Vec<Vec<u8>>, bool) {
        if !self.any_case {
            return (vec![self.bytes.clone()], true);
        }
        let mut take = want.min(self.bytes.len());
        let letters = |n: usize| {
            self.bytes
                .iter()
                .take(n)
                .filter(|b| b.is_ascii_alphabetic())
                .count()
        };
        while take > 1 && (1usize << letters(take).min(16)) > MAX_NEEDLES {
            take -= 1;
        }
        let mut out = vec![Vec::with_capacity(take)];
        for &b in self.bytes.iter().take(take) {
            if b.is_ascii_alphabetic() {
                out = out
                    .into_iter()
                    .flat_map(|p| {
                        [b.to_ascii_lowercase(), b.to_ascii_uppercase()].map(|c| {
                            let mut v = p.clone();
                            v.push(c);
                            v
                        })
                    })
                    .collect();
            } else {
                for p in &mut out {
                    p.push(b);
                }
            }
        }
        (out, take == self.bytes.len())
    }
}

/// One unit of a spelling: a character (or the whole literal) in any of its alternatives,
/// longest first so the longest escape is tried before the raw byte it starts with.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Unit {
    alternatives: Vec<Alternative>,
}

impl Unit {
    /// A unit with a single way to write it.
    pub(crate) fn one(alternative: Alternative) -> Self {
        Self {
            alternatives: vec![alternative],
        }
    }

    /// A byte written raw or as one of `escapes`.
    pub(crate) fn with_raw(byte: u8, escapes: Vec<Alternative>) -> Self {
        Self::with_raw_bytes(vec![byte], escapes)
    }

    /// A character (its raw bytes) written raw or as one of `escapes`.
    pub(crate) fn with_raw_bytes(raw: Vec<u8>, escapes: Vec<Alternative>) -> Self {
        let mut alternatives: Vec<Alternative> = escapes
            .into_iter()
            .map(|a| Alternative { escaped: true, ..a })
            .collect();
        alternatives.push(Alternative::exact(raw));
        alternatives.sort_by_key(|a| std::cmp::Reverse(a.bytes.len()));
        Self { alternatives }
    }

    fn max_len(&self) -> usize {
        self.alternatives
            .iter()
            .map(|a| a.bytes.len())
            .max()
            .unwrap_or(0)
    }
}

/// What a match must also satisfy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Condition {
    /// Nothing more.
    None,
    /// At least one unit is written escaped (otherwise it is the raw spelling).
    SomeEscaped,
    /// Both upper- and lower-case letters occur (otherwise it is one of the one-case hexes).
    MixedCase,
}

/// A sequence of units that spells a secret in one encoding.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Spelling {
    units: Vec<Unit>,
    wrapped: bool,
    condition: Condition,
}

/// Where a needle sits in a match, and what the match's head must look like for it to count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Needle {
    /// The bytes searched for.
    pub(crate) bytes: Vec<u8>,
    /// The distances from the match's start to the needle that are possible.
    leads: Vec<usize>,
    /// For wrapped spellings: whether the head (first anchor) must hold a line break (second
    /// needle) or must not (first needle), so one match is found through exactly one needle.
    head_broken: Option<bool>,
}

/// What verifying a spelling at a position saw.
struct Verified {
    end: usize,
    head_broken: bool,
    anchor_at: usize,
}

impl Spelling {
    /// A spelling of these bytes exactly.
    pub(crate) fn literal(bytes: Vec<u8>) -> Self {
        Self::new(vec![Unit::one(Alternative::exact(bytes))], Condition::None)
    }

    /// A base64 text that may be broken into lines (`\n` or `\r\n`) anywhere.
    pub(crate) fn wrapped(text: &[u8]) -> Self {
        Self {
            units: text
                .iter()
                .map(|&b| Unit::one(Alternative::exact(vec![b])))
                .collect(),
            wrapped: true,
            condition: Condition::None,
        }
    }

    /// A spelling from its units.
    pub(crate) fn new(units: Vec<Unit>, condition: Condition) -> Self {
        Self {
            units,
            wrapped: false,
            condition,
        }
    }

    fn max_breaks(&self) -> usize {
        if self.wrapped {
            self.units.len() / MIN_LINE + 1
        } else {
            0
        }
    }

    /// The longest text a match can span.
    pub(crate) fn max_len(&self) -> usize {
        self.units.iter().map(Unit::max_len).sum::<usize>() + 2 * self.max_breaks()
    }

    /// The needles that find every match of this spelling.
    pub(crate) fn needles(&self) -> Vec<Needle> {
        if self.wrapped {
            return self.wrapped_needles();
        }
        let mut prefixes: Vec<(Vec<u8>, bool)> = vec![(Vec::new(), true)];
        for (i, unit) in self.units.iter().enumerate() {
            let mut next: Vec<(Vec<u8>, bool)> = Vec::new();
            for (prefix, open) in &prefixes {
                if !open || prefix.len() >= NEEDLE_LEN {
                    next.push((prefix.clone(), false));
                    continue;
                }
                for alternative in &unit.alternatives {
                    let (variants, whole) = alternative.prefixes(NEEDLE_LEN - prefix.len());
                    for variant in variants {
                        let mut bytes = prefix.clone();
                        bytes.extend_from_slice(&variant);
                        next.push((bytes, whole));
                    }
                }
            }
            next.sort();
            next.dedup();
            if i > 0 && next.len() > MAX_NEEDLES {
                break;
            }
            prefixes = next;
            if prefixes
                .iter()
                .all(|(p, open)| !open || p.len() >= NEEDLE_LEN)
            {
                break;
            }
        }
        let mut bytes: Vec<Vec<u8>> = prefixes.into_iter().map(|(p, _)| p).collect();
        bytes.sort();
        bytes.dedup();
        bytes
            .into_iter()
            .map(|bytes| Needle {
                bytes,
                leads: vec![0],
                head_broken: None,
            })
            .collect()
    }

    fn wrapped_needles(&self) -> Vec<Needle> {
        let text: Vec<u8> = self
            .units
            .iter()
            .filter_map(|u| {
                u.alternatives
                    .first()
                    .and_then(|a| a.bytes.first().copied())
            })
            .collect();
        let head = text.get(..ANCHOR_UNITS.min(text.len())).unwrap_or_default();
        let Some(second) = text.get(ANCHOR_UNITS..2 * ANCHOR_UNITS) else {
            return vec![Needle {
                bytes: head.to_vec(),
                leads: vec![0],
                head_broken: None,
            }];
        };
        vec![
            Needle {
                bytes: head.to_vec(),
                leads: vec![0],
                head_broken: Some(false),
            },
            Needle {
                bytes: second.to_vec(),
                leads: vec![ANCHOR_UNITS + 1, ANCHOR_UNITS + 2],
                head_broken: Some(true),
            },
        ]
    }

    /// The end of the match that `needle`, found at `at`, belongs to, if it is one.
    pub(crate) fn confirm(&self, hay: &[u8], at: usize, needle: &Needle) -> Option<(usize, usize)> {
        needle.leads.iter().find_map(|&lead| {
            let start = at.checked_sub(lead)?;
            let found = self.verify(hay, start)?;
            match needle.head_broken {
                Some(true) if !(found.head_broken && found.anchor_at == at) => None,
                Some(false) if found.head_broken => None,
                _ => Some((start, found.end)),
            }
        })
    }

    fn verify(&self, hay: &[u8], start: usize) -> Option<Verified> {
        let mut pos = start;
        let mut escaped = false;
        let mut breaks = 0;
        let mut head_broken = false;
        let mut anchor_at = start;
        for (i, unit) in self.units.iter().enumerate() {
            if self.wrapped && i > 0 {
                let rest = hay.get(pos..)?;
                let skip = if rest.starts_with(b"\r\n") {
                    2
                } else {
                    usize::from(rest.first() == Some(&b'\n'))
                };
                if skip > 0 {
                    breaks += 1;
                    if breaks > self.max_breaks() {
                        return None;
                    }
                    head_broken |= i < ANCHOR_UNITS;
                    pos += skip;
                }
            }
            if i == ANCHOR_UNITS {
                anchor_at = pos;
            }
            let rest = hay.get(pos..)?;
            let alternative = unit.alternatives.iter().find(|a| a.matches(rest))?;
            escaped |= alternative.escaped;
            pos += alternative.bytes.len();
        }
        let holds = match self.condition {
            Condition::None => true,
            Condition::SomeEscaped => escaped,
            Condition::MixedCase => {
                let text = hay.get(start..pos)?;
                text.iter().any(u8::is_ascii_lowercase) && text.iter().any(u8::is_ascii_uppercase)
            }
        };
        holds.then_some(Verified {
            end: pos,
            head_broken,
            anchor_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(spelling: &Spelling, hay: &[u8]) -> Vec<(usize, usize)> {
        let needles = spelling.needles();
        let mut out = Vec::new();
        for at in 0..hay.len() {
            for needle in &needles {
                if hay.get(at..).is_some_and(|r| r.starts_with(&needle.bytes)) {
                    out.extend(spelling.confirm(hay, at, needle));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn a_wrapped_text_is_found_whatever_the_break_position() {
        let text = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";
        let spelling = Spelling::wrapped(text);
        for cut in 1..text.len() {
            for newline in [&b"\n"[..], b"\r\n"] {
                let mut hay = b"xx".to_vec();
                hay.extend_from_slice(&text[..cut]);
                hay.extend_from_slice(newline);
                hay.extend_from_slice(&text[cut..]);
                hay.extend_from_slice(b"yy");
                assert_eq!(
                    found(&spelling, &hay),
                    vec![(2, hay.len() - 2)],
                    "cut {cut} {newline:?}"
                );
            }
        }
        let mut changed = text.to_vec();
        changed[20] = b'z';
        assert!(found(&spelling, &changed).is_empty());
        assert!(found(&spelling, &text[..text.len() - 1]).is_empty());
    }

    #[test]
    fn needles_stay_few_and_long_enough() {
        let mixed = Spelling::new(
            vec![Unit::one(Alternative::any_case(b"6a6b6c6d6e6f70".to_vec()))],
            Condition::MixedCase,
        );
        let needles = mixed.needles();
        assert!(needles.len() <= MAX_NEEDLES, "{}", needles.len());
        assert!(needles.iter().all(|n| n.bytes.len() >= 6));
        assert_eq!(found(&mixed, b"..6a6B6c6d6E6f70.."), vec![(2, 16)]);
        assert!(found(&mixed, b"..6a6b6c6d6e6f70..").is_empty());
        assert!(found(&mixed, b"..6A6B6C6D6E6F70..").is_empty());
        assert!(found(&mixed, b"..6a6B6c6d6E6f71..").is_empty());
    }
}
