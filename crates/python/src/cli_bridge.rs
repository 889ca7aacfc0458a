//! The `docker-dsl` command inside the Python package: the Rust CLI, with
//! recipes run by this interpreter.

use cli::{Header, RecipeRunner, Rendered, RunFailure};
use dockerfile::Document;
use dsl::FlagSpec;
use pyo3::prelude::*;

use crate::session::Session;

/// Runs recipes through `docker_dsl._cli`, which loads and executes them.
pub(crate) struct PythonRunner<'py> {
    /// The interpreter that runs the recipes.
    pub(crate) py: Python<'py>,
}

impl PythonRunner<'_> {
    /// Calls `docker_dsl._cli.<function>(args...)`, which returns a finished
    /// session or raises an error whose text is for the user.
    fn session(
        &self,
        function: &str,
        args: impl for<'a> pyo3::call::PyCallArgs<'a>,
    ) -> Result<Py<Session>, RunFailure> {
        let result = self
            .py
            .import("docker_dsl._cli")
            .and_then(|module| module.getattr(function))
            .and_then(|f| f.call1(args))
            .and_then(|session| Ok(session.cast_into::<Session>()?.unbind()));
        result.map_err(|err| failure_of(self.py, &err))
    }
}

/// What a Python exception means for the command: Ctrl-C, or a message.
fn failure_of(py: Python<'_>, err: &PyErr) -> RunFailure {
    if err.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(py) {
        return RunFailure::Interrupted;
    }
    RunFailure::Recipe {
        message: message_of(py, err),
    }
}

/// The user-facing text of a Python exception.
fn message_of(py: Python<'_>, err: &PyErr) -> String {
    let value = err.value(py);
    let text = value.str().map(|s| s.to_string()).unwrap_or_default();
    if err.is_instance_of::<crate::errors::DockerDslError>(py) {
        return text;
    }
    let kind = value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "Exception".into());
    if text.is_empty() {
        kind
    } else {
        format!("{kind}: {text}")
    }
}

impl RecipeRunner for PythonRunner<'_> {
    fn render(
        &self,
        recipe: &str,
        flags: Vec<(String, Option<String>)>,
        header: &Header,
    ) -> Result<Document, RunFailure> {
        self.render_located(recipe, flags, header)
            .map(|rendered| rendered.document)
    }

    fn render_located(
        &self,
        recipe: &str,
        flags: Vec<(String, Option<String>)>,
        header: &Header,
    ) -> Result<Rendered, RunFailure> {
        let session = self.session(
            "render",
            (
                recipe,
                flags,
                header.syntax.clone(),
                header.frontend.clone(),
            ),
        )?;
        let session = session.borrow(self.py);
        let document = session.document().map_err(|e| RunFailure::Recipe {
            message: e.to_string(),
        })?;
        Ok(Rendered {
            document,
            locations: session.locations(),
        })
    }

    fn describe(&self, recipe: &str) -> Result<Vec<FlagSpec>, RunFailure> {
        let session = self.session("describe", (recipe,))?;
        let session = session.borrow(self.py);
        if let Some(refused) = session.refused_flag() {
            return Err(RunFailure::Recipe {
                message: refused.to_string(),
            });
        }
        Ok(session.specs())
    }
}

/// Runs the command line `argv` (without the program name); returns the exit
/// code.
#[pyfunction]
pub fn cli_main(py: Python<'_>, argv: Vec<String>) -> i32 {
    cli::run(argv, &PythonRunner { py })
}

/// A [`PythonRunner`] for Rust code that runs detached from the interpreter
/// (other Python threads keep running): it attaches only while it runs a
/// recipe.
pub(crate) struct AttachingRunner;

impl RecipeRunner for AttachingRunner {
    fn render(
        &self,
        recipe: &str,
        flags: Vec<(String, Option<String>)>,
        header: &Header,
    ) -> Result<Document, RunFailure> {
        Python::attach(|py| PythonRunner { py }.render(recipe, flags, header))
    }

    fn render_located(
        &self,
        recipe: &str,
        flags: Vec<(String, Option<String>)>,
        header: &Header,
    ) -> Result<Rendered, RunFailure> {
        Python::attach(|py| PythonRunner { py }.render_located(recipe, flags, header))
    }

    fn describe(&self, recipe: &str) -> Result<Vec<FlagSpec>, RunFailure> {
        Python::attach(|py| PythonRunner { py }.describe(recipe))
    }
}
