//! Where each instruction of a [`Document`](crate::Document) stands in a text.
//!
//! The parser fills a [`SourceMap`] for the file it read; the printer can fill
//! one for the text it wrote. Lint findings and parse errors name lines through
//! it, so rules work on the tree and never on text positions.

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

/// Instruction addresses mapped to the lines they came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    spans: BTreeMap<InstructionId, Span>,
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
}
