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
    refused_flag: Option<dsl::DslError>,
}

#[pymethods]
impl Session {
    /// `file` names the recipe; `flags` are raw `(name, value)` pairs;
    /// `describing` lists flags without requiring them; `syntax` is the
    /// header frontend (`None` for none, omitted for the default).
    #[new]
    #[pyo3(signature = (file, flags, describing=false, syntax=Some(dockerfile::DEFAULT_SYNTAX.to_owned()), frontend=None))]
    fn new(
        py: Python<'_>,
        file: String,
        flags: Vec<(String, Option<String>)>,
        describing: bool,
        syntax: Option<String>,
        frontend: Option<String>,
    ) -> PyResult<Self> {
        let flags = if describing {
            FlagSet::describing()
        } else {
            FlagSet::new(flags).map_err(to_py)?
        };
        let frontend = frontend
            .map(|v| RenderSettings::parse_frontend("--frontend", &v))
            .transpose()
            .map_err(to_py)?;
        let settings = RenderSettings {
            syntax,
            frontend,
            ..RenderSettings::default()
        };
        Ok(Self {
            recipe: Recipe::new(file, settings),
            flags,
            values: PyDict::new(py).unbind(),
            refused_flag: None,
        })
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

    /// Ends the render: checks the flags were all used and the build is
    /// valid, and returns the Dockerfile text.
    fn finish(&self) -> PyResult<String> {
        Ok(self.document().map_err(to_py)?.print())
    }
}

impl Session {
    /// Registers a flag; returns its parsed value (the given one, else the
    /// default), or `None` while describing a flag without default.
    /// `refused` is a problem the binding found in the definition. A
    /// refused definition is kept, so that `--help` reports it rather than
    /// leaving the flag out.
    pub(crate) fn register(
        &mut self,
        spec: FlagSpec,
        refused: Option<dsl::DslError>,
        at: &dsl::Location,
    ) -> PyResult<Option<FlagValue>> {
        let result = match refused {
            Some(refused) => Err(refused),
            None => self.flags.register(spec, at),
        };
        result.map_err(|e| {
            if matches!(
                e,
                dsl::DslError::BadFlagName { .. }
                    | dsl::DslError::BadFlagDefault { .. }
                    | dsl::DslError::NoneFlagDefault { .. }
            ) {
                self.refused_flag.get_or_insert_with(|| e.clone());
            }
            to_py(e)
        })
    }

    /// The first flag definition the recipe got wrong, if any.
    pub(crate) fn refused_flag(&self) -> Option<&dsl::DslError> {
        self.refused_flag.as_ref()
    }

    /// The Python values of the registered flags.
    pub(crate) fn values<'py>(&self, py: Python<'py>) -> &Bound<'py, PyDict> {
        self.values.bind(py)
    }

    /// The flags registered so far.
    pub(crate) fn specs(&self) -> Vec<FlagSpec> {
        self.flags.registered().to_vec()
    }

    /// The recipe location of each instruction of the document, for lint.
    pub(crate) fn locations(&self) -> Vec<(dockerfile::InstructionId, dsl::Location)> {
        self.recipe.locations()
    }

    /// The finished document, for the CLI.
    pub(crate) fn document(&self) -> Result<dockerfile::Document, dsl::DslError> {
        self.flags.check_all_used()?;
        self.recipe.finish()
    }
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
    cli::write_atomically(&path, text.as_bytes()).map_err(|e| {
        pyo3::exceptions::PyOSError::new_err(format!("cannot write {}: {e}", path.display()))
    })
}

/// `ARG name[=value]` before the first `FROM` (usable in `FROM` lines).
#[pyfunction]
#[pyo3(signature = (name, value=None))]
pub fn global_arg(py: Python<'_>, name: String, value: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    let at = crate::caller::caller(py);
    let value = value
        .filter(|v| !v.is_none())
        .map(|v| crate::convert::word(v, "global_arg() value", &at))
        .transpose()?;
    if let Some(session) = current(py) {
        session
            .borrow_mut(py)
            .recipe
            .global_arg(name, value, &at)
            .map_err(to_py)?;
    }
    Ok(())
}

/// A line written as is before the first `FROM`: the preamble's escape
/// hatch, as `Stage.raw()` is a stage's.
#[pyfunction]
pub fn global_raw(py: Python<'_>, text: String) {
    let at = crate::caller::caller(py);
    if let Some(session) = current(py) {
        session.borrow_mut(py).recipe.global_raw(text, &at);
    }
}

/// Sets the `# escape=` and `# check=` parser directives of this render.
#[pyfunction]
#[pyo3(signature = (*, escape=None, check=None))]
pub fn directives(py: Python<'_>, escape: Option<String>, check: Option<String>) -> PyResult<()> {
    let at = crate::caller::caller(py);
    let escape = escape
        .map(|e| RenderSettings::parse_escape(&e, &at))
        .transpose()
        .map_err(to_py)?;
    if let Some(session) = current(py) {
        let mut session = session.borrow_mut(py);
        if escape.is_some() {
            session.recipe.settings.escape = escape;
        }
        if check.is_some() {
            session.recipe.settings.check = check;
        }
    }
    Ok(())
}

/// Quotes `word` for a POSIX shell so a RUN command gets it as one literal
/// word.
#[pyfunction]
pub fn quote(word: &str) -> String {
    dockerfile::quote::shell_word(word).into_owned()
}

/// Escapes `$` so BuildKit does not expand variables in an ENV, ARG or
/// LABEL value.
#[pyfunction]
pub fn literal(value: &str) -> String {
    dockerfile::quote::literal_dollars(value)
}
