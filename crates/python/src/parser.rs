//! The parser from Python: `buildkit_nodes(text)` gives the node layer in the
//! shape of PyPI `dockerfile`'s `Command` tuples (for the conformance test and
//! the bench); `reprint(text)` parses into the typed document and prints it.

use dockerfile::parse::{parse, parse_nodes, Node, ParseError};
use pyo3::prelude::*;

use crate::errors::DockerDslError;

/// `(name, file_descriptor, content)` of one heredoc.
type HeredocTuple = (String, u64, String);

/// `(cmd, sub_cmd, json, original, start_line, end_line, flags, value, heredocs)`.
type CommandTuple = (
    String,
    Option<String>,
    bool,
    String,
    usize,
    usize,
    Vec<String>,
    Vec<String>,
    Vec<HeredocTuple>,
);

/// One node as the wrapper reports it: `ONBUILD` shows its instruction's
/// keyword, words and JSON flag, and no heredocs.
fn command(node: &Node) -> CommandTuple {
    let (sub_cmd, json, value, heredocs) = match &node.onbuild {
        Some(inner) => (
            Some(inner.keyword.clone()),
            inner.json,
            inner.next.clone(),
            &[][..],
        ),
        None => (None, node.json, node.next.clone(), node.heredocs.as_slice()),
    };
    let mut original = node.original.clone();
    if !heredocs.is_empty() {
        original.push('\n');
    }
    for heredoc in heredocs {
        original.push_str(&heredoc.content);
        original.push_str(&heredoc.name);
        original.push('\n');
    }
    (
        node.keyword.clone(),
        sub_cmd,
        json,
        original,
        node.start_line,
        node.end_line,
        node.flags.clone(),
        value,
        heredocs
            .iter()
            .map(|h| (h.name.clone(), h.file_descriptor, h.content.clone()))
            .collect(),
    )
}

/// Parses `text` with docker-dsl's parser into BuildKit-shaped command tuples.
#[pyfunction]
pub(crate) fn buildkit_nodes(text: &str) -> PyResult<Vec<CommandTuple>> {
    let tree = parse_nodes(text).map_err(to_py)?;
    Ok(tree.nodes.iter().map(command).collect())
}

/// Parses `text` into the typed document and prints that document.
#[pyfunction]
pub(crate) fn reprint(text: &str) -> PyResult<String> {
    Ok(parse(text).map_err(to_py)?.document.print())
}

fn to_py(error: ParseError) -> PyErr {
    DockerDslError::new_err(error.to_string())
}
