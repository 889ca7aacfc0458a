//! The one Dockerfile syntax tree of docker-dsl, its printer and its parser.
//!
//! The recipe model lowers into [`Document`]; [`Document::print`] turns it into
//! text. Every value that reaches the text goes through [`quote`], so BuildKit
//! reads back what the tree holds.

mod ast;
pub mod go_path;
mod json;
mod mount_id;
pub mod parse;
mod print;
pub mod quote;
mod source_map;
mod syntax;

pub use ast::{
    Add, CacheSharing, CopyInstruction, Directive, Document, ExecOrShell, FromInstruction,
    Healthcheck, Instruction, Mount, NetworkMode, Run, SecurityMode, Stage,
};
pub use json::json_array;
pub use mount_id::mount_id_problem;
pub use parse::{parse, parse_go_bool, ParseError, Parsed};
pub use source_map::{InstructionId, SourceMap, Span, Spelling};
pub use syntax::{features, SyntaxVersion, VersionNeed, DEFAULT_SYNTAX};
