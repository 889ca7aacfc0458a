//! What can go wrong turning a Dockerfile into a recipe.

/// A Dockerfile that the recipe DSL cannot express (yet).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The Dockerfile does not parse.
    #[error(transparent)]
    Parse(#[from] dockerfile::ParseError),
    /// A construct with no recipe spelling, at a line of the Dockerfile.
    #[error("line {line}: {what} cannot be written as a recipe yet; {fix}")]
    Unsupported {
        /// The 1-based Dockerfile line.
        line: usize,
        /// What was found.
        what: String,
        /// What the user can do instead.
        fix: String,
    },
}
