//! The stage graph of a Dockerfile.
//!
//! [`StageGraph::of`] reads a [`dockerfile::Document`] — rendered from a
//! recipe or parsed from a file — into stages and the edges between them:
//! `FROM` an earlier stage, `COPY --from`, and `RUN --mount` `from=` (bind and
//! cache). [`StageGraph::plan`] adds what a set of targets needs and the
//! levels BuildKit can run at once; [`Format`] prints the result.

mod error;
mod format;
mod plan;
mod stage_graph;

pub use error::GraphError;
pub use format::Format;
pub use plan::Plan;
pub use stage_graph::{Edge, EdgeKind, StageGraph, StageNode};
