//! The package's exceptions, and the one place Rust errors become them.

use dsl::{DslError, ErrorKind};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::PyErr;

create_exception!(
    docker_dsl,
    DockerDslError,
    PyException,
    "Base class of every error docker-dsl raises."
);
create_exception!(
    docker_dsl,
    RecipeError,
    DockerDslError,
    "A recipe asks for something invalid; the message names the line and the fix."
);
create_exception!(
    docker_dsl,
    FlagError,
    DockerDslError,
    "A recipe flag is unknown, missing, or has a bad value."
);

/// The attributes every docker-dsl error carries (`None` when unknown), like
/// pydantic-core's `ValidationError` fields: match on these, not on the text.
const ATTRIBUTES: [&str; 3] = ["file", "line", "code"];

/// Gives the exception classes their attributes' defaults (`None`), so an
/// error raised from Python code has them too.
pub(crate) fn add_attribute_defaults(py: Python<'_>) -> PyResult<()> {
    let base = py.get_type::<DockerDslError>();
    for name in ATTRIBUTES {
        base.setattr(name, py.None())?;
    }
    Ok(())
}

/// Raises `error` as `RecipeError` or `FlagError`, with its `file`, `line`
/// and `code` as attributes.
pub(crate) fn to_py(error: DslError) -> PyErr {
    let message = error.to_string();
    let err = match error.kind() {
        ErrorKind::Recipe => RecipeError::new_err(message),
        ErrorKind::Flag => FlagError::new_err(message),
    };
    Python::attach(|py| {
        let value = err.value(py);
        let (file, line) = match error.location() {
            Some(at) => (Some(at.file.to_string()), Some(at.line)),
            None => (None, None),
        };
        // Setting attributes on a fresh exception cannot fail in practice;
        // if it did, the error would still carry its message.
        let _ = value.setattr("file", file);
        let _ = value.setattr("line", line);
        let _ = value.setattr("code", error.code());
    });
    err
}
