//! The one Dockerfile syntax tree of docker-dsl and its printer.
//!
//! The recipe model lowers into [`Document`]; [`Document::print`] turns it into
//! text. Every value that reaches the text goes through [`quote`], so BuildKit
//! reads back what the tree holds.

mod ast;
mod json;
mod print;
pub mod quote;
mod syntax;

pub use ast::{
    Add, CacheSharing, Copy, Directive, Document, ExecOrShell, From, Healthcheck, Instruction,
    Mount, NetworkMode, Run, SecurityMode, Stage,
};
pub use json::json_array;
pub use syntax::{features, SyntaxVersion, VersionNeed};
