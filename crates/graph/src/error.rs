//! What can be wrong when asking for a stage graph.

/// A graph request that cannot be answered; each message says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// `--target` names no stage.
    #[error("--target {target}: the file has no such stage; its stages are {stages}")]
    UnknownTarget {
        /// The target as given.
        target: String,
        /// The stage names, comma-separated.
        stages: String,
    },
    /// Stages that depend on each other in a circle.
    #[error("the stages {cycle} depend on each other in a circle; BuildKit refuses such a file, so break one of the COPY --from or mount from= references")]
    Cycle {
        /// The stages on the circle, `a -> b -> a`.
        cycle: String,
    },
    /// The file has no stage at all.
    #[error("the file has no FROM, so there are no stages to show")]
    NoStages,
    /// An unknown `--format`.
    #[error("--format {given}: unknown format; use one of text, dot, mermaid, json, svg")]
    UnknownFormat {
        /// The format as given.
        given: String,
    },
}
