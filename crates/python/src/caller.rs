//! The recipe line that called into the DSL.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use dsl::Location;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;

/// How many code objects [`CODE_LINES`] remembers.
const REMEMBERED_CODES: usize = 32;

/// A code object seen, its file name, and the line of each instruction
/// offset that called us from it. Finding a line from an offset walks the
/// code's line table from its start (`PyFrame_GetLineNumber`), which cost a
/// quarter of a recipe's run when every DSL call did it; a recipe run many
/// times (a matrix) calls from the same few offsets again and again.
struct CodeLines {
    /// Holding the reference keeps the object alive, so its address is
    /// not reused by another while it is remembered.
    code: Py<PyAny>,
    file: Arc<str>,
    lines: HashMap<i32, u32>,
}

thread_local! {
    /// The code objects seen last, the latest first.
    static CODE_LINES: RefCell<Vec<CodeLines>> = const { RefCell::new(Vec::new()) };
}

/// The file and line of the innermost Python frame: native methods have no
/// frame of their own, so that is the recipe code that called us.
#[allow(unsafe_code)]
pub(crate) fn caller(py: Python<'_>) -> Location {
    // SAFETY: called with the GIL held (we have `py`); PyEval_GetFrame returns
    // a borrowed frame or null, which `from_borrowed_ptr` takes a new
    // reference to; PyFrame_GetCode returns a new reference that
    // `from_owned_ptr` takes over.
    let (frame, code) = unsafe {
        let frame = ffi::PyEval_GetFrame();
        if frame.is_null() {
            return Location::default();
        }
        let code = Bound::from_owned_ptr(py, ffi::PyFrame_GetCode(frame).cast::<ffi::PyObject>());
        (
            Bound::from_borrowed_ptr(py, frame.cast::<ffi::PyObject>()),
            code,
        )
    };
    let offset = frame
        .getattr(pyo3::intern!(py, "f_lasti"))
        .and_then(|lasti| lasti.extract::<i32>())
        .ok();
    CODE_LINES.with_borrow_mut(|seen| {
        let position = seen.iter().position(|c| c.code.as_ptr() == code.as_ptr());
        let mut entry = match position {
            Some(position) => seen.remove(position),
            None => CodeLines {
                file: file_name(py, &code),
                code: code.unbind(),
                lines: HashMap::new(),
            },
        };
        let line = match offset {
            Some(offset) => *entry.lines.entry(offset).or_insert_with(|| line_of(&frame)),
            None => line_of(&frame),
        };
        let location = Location {
            file: entry.file.clone(),
            line,
        };
        seen.truncate(REMEMBERED_CODES - 1);
        seen.insert(0, entry);
        location
    })
}

/// The line `frame` is at.
#[allow(unsafe_code)]
fn line_of(frame: &Bound<'_, PyAny>) -> u32 {
    // SAFETY: `frame` is a frame object (from PyEval_GetFrame), and the GIL
    // is held while it is borrowed.
    let line = unsafe { ffi::PyFrame_GetLineNumber(frame.as_ptr().cast::<ffi::PyFrameObject>()) };
    u32::try_from(line).unwrap_or(0)
}

/// The `co_filename` of `code`.
fn file_name(py: Python<'_>, code: &Bound<'_, PyAny>) -> Arc<str> {
    let name = code.getattr(pyo3::intern!(py, "co_filename")).ok();
    match name.as_ref().and_then(|n| n.cast::<PyString>().ok()) {
        Some(name) => Arc::from(name.to_string_lossy().as_ref()),
        None => Arc::from("<unknown>"),
    }
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
