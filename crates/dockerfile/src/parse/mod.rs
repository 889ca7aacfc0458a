//! Dockerfile text into the typed [`Document`](crate::Document), agreeing
//! with BuildKit's own parser.
//!
//! Two layers: [`parse_nodes`] mirrors BuildKit's parser (directives, line
//! continuations with either escape character, comments inside
//! continuations, heredocs, JSON and shell forms, flags) and returns its
//! [`Node`]s; [`parse`] lowers them into the typed document and a
//! [`SourceMap`](crate::SourceMap) of the lines each instruction came from.

mod directive;
mod error;
mod flags;
mod heredoc;
mod lexer;
mod lower;
mod mount;
mod node;
mod split;
mod words;

pub use directive::known_directive;
pub use error::ParseError;
pub use mount::parse_bool as parse_go_bool;
pub use node::{DirectiveLine, Heredoc, Node, NodeTree};

use crate::{Document, SourceMap};

/// The instruction keywords BuildKit's instruction parser knows, in lower
/// case. BuildKit's node parser accepts any keyword; a build of a file with
/// another one fails with "unknown instruction".
pub const INSTRUCTION_KEYWORDS: [&str; 18] = [
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// A parsed Dockerfile: the typed document and where each of its
/// instructions stands in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The typed syntax tree.
    pub document: Document,
    /// The lines of every directive and instruction of `document`.
    pub source_map: SourceMap,
}

/// Parses Dockerfile text into BuildKit's parse tree.
pub fn parse_nodes(text: &str) -> Result<NodeTree, ParseError> {
    lexer::parse_nodes(text)
}

/// Parses Dockerfile text into the typed document and its source map.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let tree = lexer::parse_nodes(text)?;
    let lines = lexer::physical_lines(text);
    Ok(lower::lower(&tree, &lines))
}
