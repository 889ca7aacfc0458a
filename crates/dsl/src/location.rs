//! Where in a recipe something happened.

use std::fmt;
use std::sync::Arc;

/// A recipe file and line, shown in every error as `file:line`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The recipe file (as the interpreter or the compiler names it).
    pub file: Arc<str>,
    /// The 1-based line.
    pub line: u32,
}

impl Location {
    /// A location in `file` at `line`.
    pub fn new(file: impl Into<Arc<str>>, line: u32) -> Self {
        Self {
            file: file.into(),
            line,
        }
    }
}

impl Location {
    /// The last component of a recipe path, as messages show it.
    pub fn file_name(file: &str) -> &str {
        file.rsplit(['/', '\\']).next().unwrap_or(file)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", Self::file_name(&self.file), self.line)
    }
}
