//! Where each instruction of a [`Document`](crate::Document) stands in a text.
//!
//! The parser fills a [`SourceMap`] for the file it read; the printer can fill
//! one for the text it wrote. Lint findings and parse errors name lines through
//! it, so rules work on the tree and never on text positions. The parser also
//! records each instruction's [`Spelling`]: the few facts of how the file
//! writes it that the typed tree does not keep (keyword casing, the legacy
//! `ENV key value` form, blank lines inside continuations).

use std::collections::BTreeMap;

/// The address of one instruction inside a [`Document`](crate::Document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InstructionId {
    /// A parser directive, by its index in `Document::directives`.
    Directive(usize),
    /// An instruction before the first `FROM`, by its index in `Document::preamble`.
    Preamble(usize),
    /// The `FROM` line of stage `stage`.
    From {
        /// The stage's index in `Document::stages`.
        stage: usize,
    },
    /// Instruction `index` of the body of stage `stage`.
    Body {
        /// The stage's index in `Document::stages`.
        stage: usize,
        /// The instruction's index in `Stage::body`.
        index: usize,
    },
}

/// The lines an instruction occupies: 1-based, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The first line (where the keyword stands).
    pub start_line: usize,
    /// The last line (continuations and heredoc bodies included).
    pub end_line: usize,
}

/// How the file spells one source instruction, where the typed tree does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spelling {
    /// The keyword as written (`RUN`, `run`, `Run`).
    pub keyword: String,
    /// The `AS` word of `FROM image AS name` as written.
    pub as_keyword: Option<String>,
    /// `ENV` or `LABEL` written in the legacy `key value` form (no `=`).
    pub legacy_key_value: bool,
    /// Blank lines inside the instruction's line continuations.
    pub empty_continuation_lines: Vec<usize>,
    /// The last line of the instruction's own text: its continuations
    /// included, heredoc bodies not.
    pub text_end_line: usize,
}

/// Instruction addresses mapped to the lines they came from and, for a
/// parsed file, to their spelling.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    spans: BTreeMap<InstructionId, Span>,
    spellings: BTreeMap<InstructionId, Spelling>,
}

impl SourceMap {
    /// Records where instruction `id` stands.
    pub fn insert(&mut self, id: InstructionId, span: Span) {
        self.spans.insert(id, span);
    }

    /// The lines of instruction `id`, if it was recorded.
    pub fn get(&self, id: InstructionId) -> Option<Span> {
        self.spans.get(&id).copied()
    }

    /// Every recorded instruction with its lines, in document order.
    pub fn iter(&self) -> impl Iterator<Item = (InstructionId, Span)> + '_ {
        self.spans.iter().map(|(id, span)| (*id, *span))
    }

    /// Records how instruction `id` is spelled. A source instruction that
    /// lowers into several (`ARG a b`) is recorded once, on the first.
    pub fn insert_spelling(&mut self, id: InstructionId, spelling: Spelling) {
        self.spellings.insert(id, spelling);
    }

    /// How instruction `id` is spelled, if the text was parsed.
    pub fn spelling(&self, id: InstructionId) -> Option<&Spelling> {
        self.spellings.get(&id)
    }

    /// Every spelled source instruction, in document order.
    pub fn spellings(&self) -> impl Iterator<Item = (InstructionId, &Spelling)> + '_ {
        self.spellings.iter().map(|(id, spelling)| (*id, spelling))
    }
}
