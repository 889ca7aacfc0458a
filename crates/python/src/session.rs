//! One render of a recipe: the recording, the flag values, and which render
//! is current on this thread.

use std::cell::RefCell;

use dsl::{FlagSet, FlagSpec, FlagValue, Recipe, RenderSettings};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::errors::to_py;

thread_local! {
    /// The renders in progress on this thread, innermost last.
    static CURRENT: RefCell<Vec<Py<Session>>> = const { RefCell::new(Vec::new()) };
}

/// The innermost render in progress, if any.
pub(crate) fn current(py: Python<'_>) -> Option<Py<Session>> {
    CURRENT.with_borrow(|stack| stack.last().map(|s| s.clone_ref(py)))
}

/// A render in progress: use as `with session:` around the recipe's code,
/// then call `finish()`.
#[pyclass(module = "docker_dsl._native")]
pub struct Session {
    pub(crate) recipe: Recipe,
    flags: FlagSet,
    values: Py<PyDict>,
}

#[pymethods]
impl Session {
    /// `file` names the recipe; `flags` are raw `(name, value)` pairs;
    /// `describing` lists flags without requiring them; `syntax` is the
    /// header frontend (`None` for none, omitted for the default).
    #[new]
    #[pyo3(signature = (file, flags, describing=false, syntax=Some("docker/dockerfile:1".to_owned())))]
    fn new(
        py: Python<'_>,
        file: String,
        flags: Vec<(String, Option<String>)>,
        describing: bool,
        syntax: Option<String>,
    ) -> PyResult<Self> {
        let flags = if describing { FlagSet::describing() } else { FlagSet::new(flags).map_err(to_py)? };
        Ok(Self { recipe: Recipe::new(file, RenderSettings { syntax }), flags, values: PyDict::new(py).unbind() })
    }

    fn __enter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        CURRENT.with_borrow_mut(|stack| stack.push(slf.clone().unbind()));
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(slf: &Bound<'_, Self>, _args: &Bound<'_, PyTuple>) {
        CURRENT.with_borrow_mut(|stack| {
            if let Some(pos) = stack.iter().rposition(|s| s.as_ptr() == slf.as_ptr()) {
                stack.remove(pos);
            }
        });
    }

    /// The flags registered so far: `(name, type, accepts, default, help)`.
    fn registered(&self) -> Vec<(String, String, String, Option<String>, Option<String>)> {
        self.flags
            .registered()
            .iter()
            .map(|s| {
                (s.name.clone(), s.kind.type_name().to_owned(), s.kind.accepts(), s.default.clone(), s.help.clone())
            })
            .collect()
    }

    /// Ends the render: checks the flags were all used and the build is
    /// valid, and returns the Dockerfile text.
    fn finish(&self) -> PyResult<String> {
        self.flags.check_all_used().map_err(to_py)?;
        Ok(self.recipe.finish().map_err(to_py)?.print())
    }
}

impl Session {
    /// Registers a flag; returns its parsed value, or `None` when the
    /// default applies.
    pub(crate) fn register(&mut self, spec: FlagSpec, at: &dsl::Location) -> PyResult<Option<FlagValue>> {
        self.flags.register(spec, at).map_err(to_py)
    }

    /// The Python values of the registered flags.
    pub(crate) fn values<'py>(&self, py: Python<'py>) -> &Bound<'py, PyDict> {
        self.values.bind(py)
    }

    /// The flags registered so far.
    pub(crate) fn specs(&self) -> Vec<FlagSpec> {
        self.flags.registered().to_vec()
    }

    /// The finished document, for the CLI.
    pub(crate) fn document(&self) -> Result<dockerfile::Document, dsl::DslError> {
        self.flags.check_all_used()?;
        self.recipe.finish()
    }
}

/// The render in progress on this thread, or `None`.
#[pyfunction]
pub fn current_session(py: Python<'_>) -> Option<Py<Session>> {
    current(py)
}

/// True while a render is running the recipe.
#[pyfunction]
pub fn rendering(py: Python<'_>) -> bool {
    current(py).is_some()
}

/// Writes `text` to `path` atomically: a temporary file beside it, renamed
/// over it, so a failure never leaves half a file.
#[pyfunction]
pub fn write_file(path: std::path::PathBuf, text: &str) -> PyResult<()> {
    cli::write_atomically(&path, text.as_bytes())
        .map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("cannot write {}: {e}", path.display())))
}
