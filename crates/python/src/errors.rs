//! The package's exceptions, and the one place Rust errors become them.

use dsl::{DslError, ErrorKind};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
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

/// Raises `error` as `RecipeError` or `FlagError`.
pub(crate) fn to_py(error: DslError) -> PyErr {
    match error.kind() {
        ErrorKind::Recipe => RecipeError::new_err(error.to_string()),
        ErrorKind::Flag => FlagError::new_err(error.to_string()),
    }
}

/// A `RecipeError` with a message made here.
pub(crate) fn recipe_error(message: String) -> PyErr {
    RecipeError::new_err(message)
}
