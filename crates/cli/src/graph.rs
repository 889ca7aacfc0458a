//! `docker-dsl graph RECIPE|Dockerfile [--format F] [--target STAGE ...]`:
//! the stage graph, its parallel levels and what a target needs, of a
//! rendered recipe or a parsed Dockerfile.

use std::io::Write as _;
use std::process::{Command, Stdio};

use dockerfile::Document;
use graph::{Format, StageGraph};

use crate::error::CliError;
use crate::output::emit;
use crate::recipe_args::{header, OptionSpec, RecipeInvocation};
use crate::recipe_runner::RecipeRunner;
use crate::render::{prepare, render_document};

/// The options of `graph` beside `--syntax`, `--frontend` and `--help`.
const OPTIONS: [OptionSpec; 2] = [
    OptionSpec {
        names: &["--format", "-f"],
        takes_value: true,
        usage: "--format F",
        help: "text (default), dot, mermaid, json, or svg (through Graphviz's dot)",
    },
    OptionSpec {
        names: &["--target"],
        takes_value: true,
        usage: "--target STAGE",
        help: "the stage(s) a build asks for (repeatable; default: the last stage)",
    },
];

pub(crate) fn run(args: RecipeInvocation, runner: &dyn RecipeRunner) -> Result<i32, CliError> {
    let Some((recipe, split)) = prepare("graph", &args, &OPTIONS, runner)? else {
        return Ok(0);
    };
    let format = split.value("--format").unwrap_or_else(|| "text".to_owned());
    let svg = format == "svg";
    let format = if svg {
        Format::Dot
    } else {
        match Format::parse(&format) {
            Ok(format) => format,
            Err(e) => return Err(CliError::usage(e.to_string())),
        }
    };
    let document = load(recipe, &split, runner)?;
    let graph = StageGraph::of(&document);
    let text = match graph.plan(&split.values("--target")) {
        Ok(plan) => plan.render(format),
        Err(e) => return Err(CliError::usage(e.to_string())),
    };
    let bytes = if svg {
        match to_svg(&text) {
            Ok(bytes) => bytes,
            Err(message) => return Err(CliError::usage(message)),
        }
    } else {
        text.into_bytes()
    };
    match emit(&bytes, None, "the graph") {
        Ok(()) => Ok(0),
        Err(message) => Err(CliError::usage(message)),
    }
}

/// The document to graph: a Dockerfile (see [`is_dockerfile`]), parsed;
/// otherwise a recipe, run with its flags.
fn load(
    source: &str,
    split: &crate::recipe_args::SplitArgs,
    runner: &dyn RecipeRunner,
) -> Result<Document, CliError> {
    if is_dockerfile(source) {
        parse_dockerfile(source, split).map_err(CliError::usage)
    } else {
        header(split).and_then(|header| render_document(source, split, &header, runner))
    }
}

/// Whether `source` names a Dockerfile: an existing file not ending in `.py`.
pub(crate) fn is_dockerfile(source: &str) -> bool {
    !source.ends_with(".py") && std::path::Path::new(source).is_file()
}

/// Reads and parses the Dockerfile `source`, which takes no recipe flags.
pub(crate) fn parse_dockerfile(
    source: &str,
    split: &crate::recipe_args::SplitArgs,
) -> Result<Document, String> {
    if let Some(flag) = split.flags.first() {
        return Err(format!(
            "{source} is a Dockerfile, which takes no recipe flags (got {flag}); flags are for .py recipes"
        ));
    }
    let text = std::fs::read_to_string(source).map_err(|e| format!("cannot read {source}: {e}"))?;
    dockerfile::parse(&text)
        .map(|parsed| parsed.document)
        .map_err(|e| format!("{source}: {e}"))
}

/// Runs Graphviz's `dot -Tsvg` over `dot_text`.
fn to_svg(dot_text: &str) -> Result<Vec<u8>, String> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "--format svg needs Graphviz's `dot`, which is not installed: install it (Debian: apt-get install graphviz), or print --format dot and render that elsewhere".to_owned(),
            _ => format!("cannot run Graphviz's dot: {e}"),
        })?;
    let written = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(dot_text.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot run Graphviz's dot: {e}"))?;
    if !output.status.success() || !matches!(written, Some(Ok(()))) {
        let reason = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        return Err(format!("Graphviz's dot failed: {reason}"));
    }
    Ok(output.stdout)
}
