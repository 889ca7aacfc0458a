//! `docker_dsl.context`: recipe flags, registered and read by the recipe.

use dsl::{DslError, FlagKind, FlagSpec, FlagValue};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::caller::caller;
use crate::errors::to_py;
use crate::session::current;

/// The recipe's flags: `context.register("name", type)` declares one,
/// `context.name` reads its value. Outside a render (a recipe imported as a
/// module) a flag reads as its default, or `None` without one.
#[pyclass(module = "docker_dsl._native", name = "BuildContext", frozen)]
pub struct Context {
    /// The defaults of flags registered outside a render.
    imported: Py<PyDict>,
}

#[pymethods]
impl Context {
    #[new]
    fn new(py: Python<'_>) -> Self {
        Self {
            imported: PyDict::new(py).unbind(),
        }
    }

    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        if name.starts_with("__") {
            return Err(pyo3::exceptions::PyAttributeError::new_err(name.to_owned()));
        }
        let Some(session) = current(py) else {
            let value = self.imported.bind(py).get_item(name)?;
            return Ok(value.unwrap_or_else(|| py.None().into_bound(py)));
        };
        let session = session.borrow(py);
        match session.values(py).get_item(name)? {
            Some(value) => Ok(value),
            None => Err(to_py(DslError::UnregisteredFlag {
                name: name.to_owned(),
                at: caller(py),
            })),
        }
    }

    /// Declares a flag of type `type_` (bool, int, float, str, pathlib.Path,
    /// `Literal[...]` or an Enum), optionally with `default=` (a value of
    /// that type) and `help=`. Without a default the flag is required.
    #[pyo3(signature = (name, type_, **options))]
    fn register(
        &self,
        py: Python<'_>,
        name: String,
        type_: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        let at = caller(py);
        let default = options
            .map(|o| o.get_item("default"))
            .transpose()?
            .flatten();
        let help: Option<String> = options
            .map(|o| o.get_item("help"))
            .transpose()?
            .flatten()
            .map(|h| h.extract())
            .transpose()?;
        if let Some(unknown) = options.and_then(|o| {
            o.keys()
                .iter()
                .find(|k| !matches!(k.extract::<String>().as_deref(), Ok("default" | "help")))
        }) {
            return Err(crate::errors::to_py(dsl::DslError::BadValue {
                what: "context.register() option".into(),
                value: unknown.to_string(),
                problem: "is not an option; it takes default= and help=".into(),
                at,
            }));
        }
        let (kind, decode) = builtin_kind(py, type_)
            .map_or_else(|| flag_kind(py, type_, &at), |kind| Ok((kind, None)))?;
        let default_text = default.as_ref().map(|d| default_text(py, d)).transpose()?;
        let spec = FlagSpec {
            name: name.clone(),
            kind,
            default: default_text,
            help,
        };
        let none_default =
            default
                .as_ref()
                .is_some_and(|d| d.is_none())
                .then(|| DslError::NoneFlagDefault {
                    name: name.clone(),
                    at: at.clone(),
                });
        let Some(session) = current(py) else {
            if let Some(refused) = none_default {
                return Err(to_py(refused));
            }
            let value = spec.checked_default(&at).map_err(to_py)?;
            let value = python_value(py, value, decode.as_ref())?;
            return self.imported.bind(py).set_item(name, value);
        };
        let mut session = session.borrow_mut(py);
        let value = session.register(spec, none_default, &at)?;
        let value = python_value(py, value, decode.as_ref())?;
        session.values(py).set_item(name, value)
    }
}

/// A parsed flag value as the object the recipe reads (`None` for none).
fn python_value<'py>(
    py: Python<'py>,
    value: Option<FlagValue>,
    decode: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let Some(value) = value else {
        return Ok(py.None().into_bound(py));
    };
    let raw = match value {
        FlagValue::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        FlagValue::Int(i) => i.into_pyobject(py)?.into_any(),
        FlagValue::Float(f) => f.into_pyobject(py)?.into_any(),
        FlagValue::Str(s) | FlagValue::Path(s) => PyString::new(py, &s).into_any(),
        FlagValue::Choice(i) | FlagValue::Enum(i) => i.into_pyobject(py)?.into_any(),
    };
    match decode {
        Some(decode) => decode.call1((raw,)),
        None => Ok(raw),
    }
}

/// `bool`, `int`, `float` and `str` without asking Python.
fn builtin_kind(py: Python<'_>, type_: &Bound<'_, PyAny>) -> Option<FlagKind> {
    let is = |t: Bound<'_, pyo3::types::PyType>| type_.is(&t);
    if is(py.get_type::<pyo3::types::PyBool>()) {
        Some(FlagKind::Bool)
    } else if is(py.get_type::<pyo3::types::PyInt>()) {
        Some(FlagKind::Int)
    } else if is(py.get_type::<pyo3::types::PyFloat>()) {
        Some(FlagKind::Float)
    } else if is(py.get_type::<PyString>()) {
        Some(FlagKind::Str)
    } else {
        None
    }
}

/// Any other flag type, described by the Python side: the kind, and the
/// function that turns the parsed value into the object the recipe reads.
fn flag_kind<'py>(
    py: Python<'py>,
    type_: &Bound<'py, PyAny>,
    at: &dsl::Location,
) -> PyResult<(FlagKind, Option<Bound<'py, PyAny>>)> {
    let described = describe(py, type_)?;
    if described.is_none() {
        return Err(crate::errors::to_py(DslError::BadValue {
            what: "context.register() type".into(),
            value: type_.repr()?.to_string(),
            problem: "is not a flag type docker-dsl can parse; use bool, int, float, str, pathlib.Path, typing.Literal[...] or an Enum".into(),
            at: at.clone(),
        }));
    }
    let (kind, choices, values, decode): (String, Vec<String>, Vec<String>, Bound<'_, PyAny>) =
        described.extract()?;
    let kind = match kind.as_str() {
        "path" => FlagKind::Path,
        "choice" => FlagKind::Choice(choices),
        _ => FlagKind::Enum {
            names: choices,
            values,
        },
    };
    Ok((kind, Some(decode)))
}

/// Asks the Python side what a type annotation means as a flag:
/// `(kind, choices, values, decode)` (cached there per type), or
/// `None` for a type that is none of them.
fn describe<'py>(py: Python<'py>, type_: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let module = py.import(pyo3::intern!(py, "docker_dsl._flag_types"))?;
    module
        .getattr(pyo3::intern!(py, "describe"))?
        .call1((type_,))
}

/// A default as `--help` shows it.
fn default_text(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let module = py.import(pyo3::intern!(py, "docker_dsl._flag_types"))?;
    module
        .getattr(pyo3::intern!(py, "as_text"))?
        .call1((value,))?
        .extract()
}
