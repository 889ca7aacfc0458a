//! Why a Dockerfile text could not be parsed, and on which line.

/// A Dockerfile that BuildKit's parser would reject; every variant names the
/// 1-based line and says how to fix the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// A physical line longer than BuildKit's 65,535-byte limit.
    #[error("line {line}: the line is {length} bytes long, more than BuildKit's limit of 65535; split it with line continuations")]
    LineTooLong {
        /// The line.
        line: usize,
        /// Its length in bytes.
        length: usize,
    },
    /// A parser directive given twice in the leading comment block.
    #[error(
        "line {line}: only one `# {name}=` parser directive can be used; remove the repeated one"
    )]
    DuplicateDirective {
        /// The line of the second directive.
        line: usize,
        /// The directive's name (lower case).
        name: String,
    },
    /// `# escape=` with something other than `\` or `` ` ``.
    #[error("line {line}: invalid escape token {value:?}; `# escape=` takes `\\` or `` ` ``")]
    InvalidEscape {
        /// The directive's line.
        line: usize,
        /// The value given.
        value: String,
    },
    /// A heredoc whose terminator line never comes.
    #[error("line {line}: unterminated heredoc `<<{name}`; end its body with a line holding exactly `{name}`")]
    UnterminatedHeredoc {
        /// The line of the instruction that opens the heredoc.
        line: usize,
        /// The heredoc's terminator word.
        name: String,
    },
    /// A heredoc word that BuildKit's shell lexer cannot read.
    #[error("line {line}: cannot read the heredoc word `{word}`: {reason}")]
    HeredocWord {
        /// The instruction's line.
        line: usize,
        /// The word after `<<`.
        word: String,
        /// What the lexer found.
        reason: String,
    },
    /// A JSON array (exec form) holding something other than strings.
    #[error(
        "line {line}: `{keyword}` in JSON array form must hold only strings; quote every element"
    )]
    JsonNotStrings {
        /// The instruction's first line.
        line: usize,
        /// The instruction keyword as written.
        keyword: String,
    },
    /// `ENV`/`LABEL` in the legacy `KEY name value` form without a value.
    #[error("line {line}: {keyword} must have two arguments; write `{keyword} name=value`")]
    MissingValue {
        /// The instruction's first line.
        line: usize,
        /// `ENV` or `LABEL`.
        keyword: String,
    },
    /// `ENV`/`LABEL` in the `name=value` form with a word lacking `=`.
    #[error("line {line}: can't find = in {word:?}; every word of {keyword} must be of the form name=value")]
    MissingEquals {
        /// The instruction's first line.
        line: usize,
        /// `ENV` or `LABEL`.
        keyword: String,
        /// The word without `=`.
        word: String,
    },
    /// A text with no instruction at all (empty, or only comments).
    #[error("line {line}: file with no instructions; a Dockerfile needs at least a FROM")]
    NoInstructions {
        /// The last line of the text.
        line: usize,
    },
}

impl ParseError {
    /// The 1-based line the error is about.
    pub fn line(&self) -> usize {
        match self {
            ParseError::LineTooLong { line, .. }
            | ParseError::DuplicateDirective { line, .. }
            | ParseError::InvalidEscape { line, .. }
            | ParseError::UnterminatedHeredoc { line, .. }
            | ParseError::HeredocWord { line, .. }
            | ParseError::JsonNotStrings { line, .. }
            | ParseError::MissingValue { line, .. }
            | ParseError::MissingEquals { line, .. }
            | ParseError::NoInstructions { line } => *line,
        }
    }
}
