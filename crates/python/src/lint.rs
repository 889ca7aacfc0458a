//! `docker_dsl.lint(path_or_text)`: the linter's findings as typed objects.

use std::path::PathBuf;

use cli::{Diagnostic, LintSource};
use pyo3::prelude::*;

use crate::cli_bridge::AttachingRunner;
use crate::errors::DockerDslError;

/// One lint finding.
#[pyclass(module = "docker_dsl._native", name = "LintFinding", frozen, get_all)]
pub struct LintFinding {
    /// The Dockerfile or recipe (`<text>` for text).
    path: String,
    /// 1-based line.
    line: usize,
    /// 1-based column.
    column: usize,
    /// The rule's code, e.g. `S001`.
    code: String,
    /// The rule's name.
    name: String,
    /// `secret`, `cache`, `mount`, `syntax` or `check`.
    category: String,
    /// `error`, `warning` or `info`.
    severity: String,
    /// What is wrong and how to fix it.
    message: String,
    /// For recipes: the line in the rendered Dockerfile.
    rendered_line: Option<usize>,
}

#[pymethods]
impl LintFinding {
    fn __repr__(&self) -> String {
        format!(
            "LintFinding({}:{}:{}: {} {})",
            self.path, self.line, self.column, self.code, self.message
        )
    }
}

impl From<Diagnostic> for LintFinding {
    fn from(d: Diagnostic) -> Self {
        Self {
            path: d.path,
            line: d.line,
            column: d.column,
            code: d.code.to_owned(),
            name: d.name.to_owned(),
            category: d.category.name().to_owned(),
            severity: d.severity.name().to_owned(),
            message: d.message,
            rendered_line: d.rendered.map(|r| r.line),
        }
    }
}

/// Lints a Dockerfile, recipe or directory (a path), several of them (a
/// list of paths: the Dockerfiles are linted in parallel), or Dockerfile
/// text (a `str` that names no file); `select`/`ignore` take codes, names or
/// categories; `lock_file` is the `docker-dsl.lock` InvalidBaseImagePlatform
/// reads (default: `./docker-dsl.lock` when there is one). The interpreter is
/// released while the linter runs.
#[pyfunction]
#[pyo3(signature = (source, *, select = Vec::new(), ignore = Vec::new(), lock_file = None))]
pub fn lint(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    select: Vec<String>,
    ignore: Vec<String>,
    lock_file: Option<PathBuf>,
) -> PyResult<Vec<LintFinding>> {
    let (text, paths) = match source.extract::<String>() {
        Ok(text) if text.contains('\n') || !PathBuf::from(&text).exists() => (Some(text), vec![]),
        Ok(path) => (None, vec![path]),
        Err(_) => match source.extract::<PathBuf>() {
            Ok(path) => (None, vec![path.display().to_string()]),
            Err(_) => (
                None,
                source
                    .extract::<Vec<PathBuf>>()?
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect(),
            ),
        },
    };
    let source = match &text {
        Some(text) => LintSource::Text(text),
        None => LintSource::Paths(&paths),
    };
    let lock_file = lock_file.map(|path| path.display().to_string());
    py.detach(|| cli::lint_source(source, &select, &ignore, lock_file, &AttachingRunner))
        .map(|found| found.into_iter().map(LintFinding::from).collect())
        .map_err(DockerDslError::new_err)
}
