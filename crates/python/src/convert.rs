//! Python values into the strings and flags the model takes. Strings pass
//! through; numbers and paths are converted; anything else is rejected with
//! the recipe line — never silently dropped.

use dsl::{FlagArg, Location};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::errors::to_py;

/// A `RecipeError` for a value of the wrong Python type.
fn wrong_type(what: &str, got: String, expected: &str, at: &Location) -> PyErr {
    to_py(dsl::DslError::WrongType {
        what: what.to_owned(),
        got,
        expected: expected.to_owned(),
        at: at.clone(),
    })
}

/// One word: a `str`, or an `int`, `float` or `os.PathLike` written as text.
pub(crate) fn word(value: &Bound<'_, PyAny>, what: &str, at: &Location) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_str()?.to_owned());
    }
    if value.is_instance_of::<PyBool>() {
        return Err(wrong_type(
            what,
            format!("{}, which is ambiguous as text", value.repr()?),
            "pass the string you mean, e.g. \"true\"",
            at,
        ));
    }
    if value.is_instance_of::<PyInt>() || value.is_instance_of::<PyFloat>() {
        return Ok(value.str()?.to_str()?.to_owned());
    }
    if value.hasattr(pyo3::intern!(value.py(), "__fspath__"))? {
        let path = value.call_method0(pyo3::intern!(value.py(), "__fspath__"))?;
        if let Ok(s) = path.cast::<PyString>() {
            return Ok(s.to_str()?.to_owned());
        }
    }
    Err(wrong_type(
        what,
        format!("a {} ({})", value.get_type().name()?, value.repr()?),
        "pass a str (numbers and paths are converted)",
        at,
    ))
}

/// Every positional argument as a word.
pub(crate) fn words(
    values: &Bound<'_, PyTuple>,
    what: &str,
    at: &Location,
) -> PyResult<Vec<String>> {
    values.iter().map(|v| word(&v, what, at)).collect()
}

/// A keyword flag: `True` → bare flag, `False`/`None` → no flag, a list →
/// the flag repeated, anything else → `--flag value`.
pub(crate) fn flag_arg(name: &str, value: &Bound<'_, PyAny>, at: &Location) -> PyResult<FlagArg> {
    if value.is_none() {
        return Ok(FlagArg::Omit);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(if b.is_true() {
            FlagArg::Switch
        } else {
            FlagArg::Omit
        });
    }
    let what = format!("flag {name}=");
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let items: PyResult<Vec<String>> =
            value.try_iter()?.map(|v| word(&v?, &what, at)).collect();
        return Ok(FlagArg::Values(items?));
    }
    Ok(FlagArg::Value(word(value, &what, at)?))
}

/// Keyword flags in call order.
pub(crate) fn flag_args(
    kwargs: Option<&Bound<'_, PyDict>>,
    at: &Location,
) -> PyResult<Vec<(String, FlagArg)>> {
    let Some(kwargs) = kwargs else {
        return Ok(Vec::new());
    };
    let mut flags = Vec::with_capacity(kwargs.len());
    for (key, value) in kwargs.iter() {
        let name: String = key.extract()?;
        let arg = flag_arg(&name, &value, at)?;
        flags.push((name, arg));
    }
    Ok(flags)
}

/// An environment mapping as ordered pairs; `None` values are left out (a
/// conditional variable), other values are written as text.
pub(crate) fn env_pairs(
    mapping: Option<&Bound<'_, PyAny>>,
    at: &Location,
) -> PyResult<Vec<(String, String)>> {
    let Some(mapping) = mapping.filter(|m| !m.is_none()) else {
        return Ok(Vec::new());
    };
    let Ok(dict) = mapping.cast::<PyDict>() else {
        return Err(wrong_type(
            "env",
            format!("a {}", mapping.get_type().name()?),
            "pass a dict of environment variables",
            at,
        ));
    };
    let mut pairs = Vec::with_capacity(dict.len());
    for (key, value) in dict.iter() {
        if value.is_none() {
            continue;
        }
        let key = word(&key, "an environment variable name", at)?;
        let value = if value.is_instance_of::<PyBool>() {
            value.str()?.to_str()?.to_owned()
        } else {
            word(&value, &format!("environment variable {key}"), at)?
        };
        pairs.push((key, value));
    }
    Ok(pairs)
}

/// An on/off keyword (`rw=`, `link=`, `required=`...): `True` or `False`
/// only; anything else is a `RecipeError` at the recipe line (not PyO3's
/// `TypeError`).
pub(crate) fn switch(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    match value.cast::<PyBool>() {
        Ok(b) => Ok(b.is_true()),
        Err(_) => Err(to_py(dsl::DslError::WrongType {
            what: "an on/off option".to_owned(),
            got: format!("{} (a {})", value.repr()?, value.get_type().name()?),
            expected: "pass True or False".to_owned(),
            at: crate::caller::caller(value.py()),
        })),
    }
}

/// An on/off keyword that may also be `None` (not set).
pub(crate) fn opt_switch(value: &Bound<'_, PyAny>) -> PyResult<Option<bool>> {
    if value.is_none() {
        return Ok(None);
    }
    switch(value).map(Some)
}
