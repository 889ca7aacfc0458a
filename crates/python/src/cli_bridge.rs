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
    /// `docker_dsl._cli.<function>`, which returns a finished session or
    /// raises an error whose text is for the user.
    fn function(&self, function: &str) -> Result<Bound<'_, PyAny>, RunFailure> {
        self.py
            .import("docker_dsl._cli")
            .and_then(|module| module.getattr(function))
            .map_err(|err| failure_of(self.py, &err))
    }

    /// Calls `function(args...)` for the session it returns.
    fn session(
        &self,
        function: &Bound<'_, PyAny>,
        args: impl for<'a> pyo3::call::PyCallArgs<'a>,
    ) -> Result<Py<Session>, RunFailure> {
        function
            .call1(args)
            .and_then(|session| Ok(session.cast_into::<Session>()?.unbind()))
            .map_err(|err| failure_of(self.py, &err))
    }

    /// The finished document of a rendered session.
    fn document(&self, session: &Py<Session>) -> Result<Document, RunFailure> {
        session
            .borrow(self.py)
            .document()
            .map_err(|e| RunFailure::Recipe {
                message: e.to_string(),
            })
    }

    /// The finished document and the recipe line of each instruction.
    fn rendered(&self, session: &Py<Session>) -> Result<Rendered, RunFailure> {
        Ok(Rendered {
            document: self.document(session)?,
            locations: session.borrow(self.py).locations(),
        })
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
        let render = self.function("render")?;
        let session = self.session(
            &render,
            (
                recipe,
                flags,
                header.syntax.clone(),
                header.frontend.clone(),
            ),
        )?;
        self.rendered(&session)
    }

    /// Looks `render` up once and sends what the recipes print to stderr
    /// once for all the renders (not once per render).
    fn render_each(
        &self,
        recipe: &str,
        flag_sets: &[Vec<(String, Option<String>)>],
        header: &Header,
    ) -> Result<Vec<Document>, (usize, RunFailure)> {
        let render = self.function("render").map_err(|f| (0, f))?;
        let quiet = self
            .function("quiet_stdout")
            .and_then(|quiet_stdout| {
                quiet_stdout
                    .call0()
                    .and_then(|quiet| quiet.call_method0("__enter__").map(|_| quiet))
                    .map_err(|err| failure_of(self.py, &err))
            })
            .map_err(|f| (0, f))?;
        let documents: Result<Vec<Document>, (usize, RunFailure)> = flag_sets
            .iter()
            .enumerate()
            .map(|(index, flags)| {
                let quiet = false;
                let args = (
                    recipe,
                    flags.clone(),
                    header.syntax.clone(),
                    header.frontend.clone(),
                    quiet,
                );
                self.session(&render, args)
                    .and_then(|session| self.document(&session))
                    .map_err(|failure| (index, failure))
            })
            .collect();
        let none = self.py.None();
        let restored = quiet.call_method1("__exit__", (&none, &none, &none));
        let documents = documents?;
        restored.map_err(|err| (flag_sets.len().saturating_sub(1), failure_of(self.py, &err)))?;
        Ok(documents)
    }

    fn describe(&self, recipe: &str) -> Result<Vec<FlagSpec>, RunFailure> {
        let session = self.session(&self.function("describe")?, (recipe,))?;
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
