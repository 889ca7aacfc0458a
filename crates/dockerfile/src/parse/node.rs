//! The parse tree as BuildKit's parser builds it: one [`Node`] per
//! instruction, before any typing.

/// A parser directive of the leading comment block (`# syntax=...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveLine {
    /// The directive's name, lower case (`syntax`, `escape`, `check`).
    pub name: String,
    /// Its value, trimmed.
    pub value: String,
    /// Its 1-based line.
    pub line: usize,
}

/// A heredoc opened by an instruction (`<<EOF`, `<<-"EOF"`, `3<<EOF`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The terminator word, quotes removed.
    pub name: String,
    /// The body, every line with its line ending, as the file has it.
    pub content: String,
    /// False when the word was quoted, so the body is not expanded.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped (the terminator may be indented).
    pub chomp: bool,
    /// The file descriptor before `<<` (0 when none was written).
    pub file_descriptor: u64,
}

/// One instruction as BuildKit's parser splits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The keyword as written (`RUN`, `run`, or an unknown word).
    pub keyword: String,
    /// The `--flag` words, quotes and escapes removed.
    pub flags: Vec<String>,
    /// The argument words as the keyword's splitter cuts them (BuildKit's
    /// `Next` chain): one word for shell forms, the strings of a JSON array,
    /// key and value pairs for `ENV`/`LABEL`, `[""]` for unknown keywords.
    pub next: Vec<String>,
    /// The arguments were a JSON array (exec form).
    pub json: bool,
    /// The instruction that `ONBUILD` registers.
    pub onbuild: Option<Box<Node>>,
    /// Heredoc bodies, in the order their words appear.
    pub heredocs: Vec<Heredoc>,
    /// The instruction line with continuations joined (BuildKit's `Original`).
    pub original: String,
    /// The first line, 1-based.
    pub start_line: usize,
    /// The last line (continuations and heredoc bodies included).
    pub end_line: usize,
    /// Blank lines inside the instruction's line continuations (BuildKit
    /// warns about them: "Empty continuation line").
    pub empty_continuation_lines: Vec<usize>,
    /// The last line of the instruction's own text (continuations included,
    /// heredoc bodies not); BuildKit reports empty continuations there.
    pub text_end_line: usize,
    /// Where the arguments after the flags start, as a byte offset into
    /// `original` (for `ONBUILD`'s instruction, into its own `original`, which
    /// is the `ONBUILD` node's text from its `rest_at` on).
    pub rest_at: usize,
}

/// A whole Dockerfile at BuildKit's parser level.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NodeTree {
    /// The parser directives, in order.
    pub directives: Vec<DirectiveLine>,
    /// The instructions, in order.
    pub nodes: Vec<Node>,
    /// The `# comment` lines outside instructions: line and text after `#`.
    pub comments: Vec<(usize, String)>,
    /// The escape character in force (`\` or `` ` ``).
    pub escape: char,
    /// Where each line of the joined `original`s came from, per node:
    /// `(offset in original, line, byte column)` for every piece.
    pub(crate) pieces: Vec<Vec<Piece>>,
}

/// A stretch of a joined instruction line taken from one physical line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Byte offset in the joined line.
    pub(crate) at: usize,
    /// The 1-based physical line.
    pub(crate) line: usize,
    /// Byte offset of the stretch inside that line.
    pub(crate) column: usize,
}
