//! What can go wrong while making stubs.

/// The stubs crate's error.
#[derive(Debug, thiserror::Error)]
pub enum StubsError {
    /// The toolset table is not the JSON shape [`crate::Toolset`] expects.
    #[error("the toolset table {origin} is invalid: {source}")]
    BadTable {
        /// Where the table came from (a path, or "the bundled table").
        origin: String,
        /// What the JSON parser said.
        source: serde_json::Error,
    },
}
