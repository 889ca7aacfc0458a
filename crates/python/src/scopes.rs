//! `with` blocks that scope a mount or environment variables over RUNs.

use dockerfile::Mount;
use dsl::StageId;
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
}

impl MountScope {
    pub(crate) fn new(handle: Handle, mount: Mount, uses: Vec<StageId>) -> Self {
        Self {
            handle,
            mount,
            uses,
        }
    }
}

#[pymethods]
impl MountScope {
    fn __enter__(slf: PyRef<'_, Self>) -> PyResult<PyRef<'_, Self>> {
        let py = slf.py();
        let at = caller(py);
        let (mount, uses) = (slf.mount.clone(), slf.uses.clone());
        with_recipe(py, &slf.handle, |recipe, id| {
            recipe.enter_mount(id, mount, uses, &at)
        })
        .transpose()
        .map_err(to_py)?;
        Ok(slf)
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, PyTuple>) {
        with_recipe(py, &self.handle, |recipe, id| recipe.exit_mount(id));
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
}

impl EnvScope {
    pub(crate) fn new(handle: Handle, pairs: Vec<(String, String)>) -> Self {
        Self { handle, pairs }
    }
}

#[pymethods]
impl EnvScope {
    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        let pairs = slf.pairs.clone();
        with_recipe(slf.py(), &slf.handle, |recipe, id| {
            recipe.enter_env(id, pairs)
        });
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, PyTuple>) {
        let len = self.pairs.len();
        with_recipe(py, &self.handle, |recipe, id| recipe.exit_env(id, len));
    }
}
