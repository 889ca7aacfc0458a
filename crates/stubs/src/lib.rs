//! Editor stubs for the run builder (`with s.run() as r: r.git(...)`).
//!
//! [`Toolset`] is the committed table of the container toolset
//! (`data/toolset.json`, made by `scripts/toolset/harvest.py` from each tool's
//! own help); [`render_pyi`] prints it as the `Toolset` class that
//! `docker_dsl._native.RunBuilder` inherits in its stub, with each tool's
//! subcommands as `Literal` overloads and their long flags as keywords.
//! The output depends on the table alone, so the shipped
//! `python/docker_dsl/_toolset.pyi` is reproducible (`docker-dsl stubs`).

mod error;
mod overlay;
mod pyi;
mod python_name;
mod toolset;

pub use error::StubsError;
pub use overlay::overlay_files;
pub use pyi::{render_pyi, Commands};
pub use toolset::{Tool, Toolset};
