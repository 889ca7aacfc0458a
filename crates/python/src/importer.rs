//! `docker_dsl._native.import_recipe` and `import_rust_program`: a Dockerfile's
//! text as recipe (or Rust program) source.

use pyo3::prelude::*;

use crate::errors::DockerDslError;

/// The Python recipe that renders back to the Dockerfile `text`; with
/// `flags_from_args`, global ARG defaults become recipe flags.
#[pyfunction]
#[pyo3(signature = (text, *, flags_from_args=false))]
pub(crate) fn import_recipe(text: &str, flags_from_args: bool) -> PyResult<String> {
    let options = import::ImportOptions { flags_from_args };
    import::to_python(text, &options).map_err(|e| DockerDslError::new_err(e.to_string()))
}

/// The Rust program (on the `dsl` crate's builder) that renders back to the
/// Dockerfile `text`.
#[pyfunction]
pub(crate) fn import_rust_program(text: &str) -> PyResult<String> {
    import::to_rust(text).map_err(|e| DockerDslError::new_err(e.to_string()))
}
