//! The recipe line that called into the DSL.

use std::cell::RefCell;
use std::sync::Arc;

use dsl::Location;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;

thread_local! {
    /// The last code object seen and its file name, so each call does not
    /// look the name up again (the reference keeps the object alive, so its
    /// address cannot be reused by another).
    static LAST_FILE: RefCell<Option<(Py<PyAny>, Arc<str>)>> = const { RefCell::new(None) };
}

/// The file and line of the innermost Python frame: native methods have no
/// frame of their own, so that is the recipe code that called us.
#[allow(unsafe_code)]
pub(crate) fn caller(py: Python<'_>) -> Location {
    // SAFETY: called with the GIL held (we have `py`); PyEval_GetFrame returns
    // a borrowed frame or null, PyFrame_GetCode a new reference that
    // `from_owned_ptr` takes over.
    let (line, code) = unsafe {
        let frame = ffi::PyEval_GetFrame();
        if frame.is_null() {
            return Location::default();
        }
        let line = ffi::PyFrame_GetLineNumber(frame);
        let code = Bound::from_owned_ptr(py, ffi::PyFrame_GetCode(frame).cast::<ffi::PyObject>());
        (line, code)
    };
    let line = u32::try_from(line).unwrap_or(0);
    LAST_FILE.with_borrow_mut(|last| {
        if let Some((seen, file)) = last.as_ref() {
            if seen.as_ptr() == code.as_ptr() {
                return Location {
                    file: file.clone(),
                    line,
                };
            }
        }
        let name = code.getattr(pyo3::intern!(py, "co_filename")).ok();
        let file: Arc<str> = match name.as_ref().and_then(|n| n.cast::<PyString>().ok()) {
            Some(name) => Arc::from(name.to_string_lossy().as_ref()),
            None => Arc::from("<unknown>"),
        };
        *last = Some((code.unbind(), file.clone()));
        Location { file, line }
    })
}

/// The recipe line that led here through helper functions: the line of the
/// innermost frame that runs a module's top-level code (`<module>`), else
/// [`caller`]. An error from `current_stage()` called in a helper names the
/// recipe line that called the helper.
pub(crate) fn module_caller(py: Python<'_>) -> Location {
    let found = (|| -> PyResult<Option<Location>> {
        let mut frame = py.import("sys")?.call_method1("_getframe", (0,))?;
        while !frame.is_none() {
            let code = frame.getattr(pyo3::intern!(py, "f_code"))?;
            let name = code.getattr(pyo3::intern!(py, "co_name"))?;
            if name.extract::<&str>()? == "<module>" {
                let file: String = code.getattr(pyo3::intern!(py, "co_filename"))?.extract()?;
                let line: u32 = frame.getattr(pyo3::intern!(py, "f_lineno"))?.extract()?;
                return Ok(Some(Location {
                    file: Arc::from(file.as_str()),
                    line,
                }));
            }
            frame = frame.getattr(pyo3::intern!(py, "f_back"))?;
        }
        Ok(None)
    })();
    found.ok().flatten().unwrap_or_else(|| caller(py))
}
