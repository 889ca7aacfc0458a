//! `with` blocks that scope a mount or environment variables over RUNs.

use dockerfile::Mount;
use dsl::{ScopeId, StageId};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::caller::caller;
use crate::errors::to_py;
use crate::stage::{with_recipe, Handle};

/// A `with` block that applies one mount to every RUN inside it. Several in
/// one `with` apply together, outermost first.
#[pyclass(module = "docker_dsl._native")]
pub struct MountScope {
    handle: Handle,
    mount: Mount,
    uses: Vec<StageId>,
    entered: Vec<ScopeId>,
}

impl MountScope {
    pub(crate) fn new(handle: Handle, mount: Mount, uses: Vec<StageId>) -> Self {
        Self {
            handle,
            mount,
            uses,
            entered: Vec::new(),
        }
    }
}

#[pymethods]
impl MountScope {
    fn __enter__(mut slf: PyRefMut<'_, Self>) -> PyResult<PyRefMut<'_, Self>> {
        let py = slf.py();
        let at = caller(py);
        let (mount, uses) = (slf.mount.clone(), slf.uses.clone());
        let scope = with_recipe(py, &slf.handle, |recipe, id| {
            recipe.enter_mount(id, mount, uses, &at)
        })
        .transpose()
        .map_err(to_py)?;
        slf.entered.extend(scope);
        Ok(slf)
    }

    #[pyo3(signature = (exc_type=None, *_rest))]
    fn __exit__(
        &mut self,
        py: Python<'_>,
        exc_type: Option<&Bound<'_, PyAny>>,
        _rest: &Bound<'_, PyTuple>,
    ) -> PyResult<()> {
        exit_scope(py, &self.handle, self.entered.pop(), exc_type)
    }

    /// The `--mount=...` flag this scope adds.
    fn __str__(&self) -> String {
        self.mount.print()
    }
}

/// A `with` block that confines variables to the RUNs inside it: they are
/// exported ahead of each RUN instead of becoming a stage-wide `ENV`.
#[pyclass(module = "docker_dsl._native")]
pub struct EnvScope {
    handle: Handle,
    pairs: Vec<(String, String)>,
    entered: Vec<ScopeId>,
}

impl EnvScope {
    pub(crate) fn new(handle: Handle, pairs: Vec<(String, String)>) -> Self {
        Self {
            handle,
            pairs,
            entered: Vec::new(),
        }
    }
}

#[pymethods]
impl EnvScope {
    fn __enter__(mut slf: PyRefMut<'_, Self>) -> PyRefMut<'_, Self> {
        let py = slf.py();
        let at = caller(py);
        let pairs = slf.pairs.clone();
        let scope = with_recipe(py, &slf.handle, |recipe, id| {
            recipe.enter_env(id, pairs, &at)
        });
        slf.entered.extend(scope);
        slf
    }

    #[pyo3(signature = (exc_type=None, *_rest))]
    fn __exit__(
        &mut self,
        py: Python<'_>,
        exc_type: Option<&Bound<'_, PyAny>>,
        _rest: &Bound<'_, PyTuple>,
    ) -> PyResult<()> {
        exit_scope(py, &self.handle, self.entered.pop(), exc_type)
    }
}

/// Closes `scope` (the one entered last) of the stage behind `handle`. While
/// an exception leaves the block, that exception is the one to report, so a
/// scope problem is not raised over it.
pub(crate) fn exit_scope(
    py: Python<'_>,
    handle: &Handle,
    scope: Option<ScopeId>,
    exc_type: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let at = caller(py);
    let result = with_recipe(py, handle, |recipe, id| match scope {
        Some(scope) => recipe.exit_scope(id, scope, &at),
        None => Err(dsl::DslError::ScopeNotOpen { at: at.clone() }),
    });
    match result {
        Some(Err(e)) if exc_type.is_none_or(|t| t.is_none()) => Err(to_py(e)),
        _ => Ok(()),
    }
}
