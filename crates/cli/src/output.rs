//! Writing results so that a failure never leaves half a file.

use std::io::Write as _;
use std::path::Path;

/// Writes `bytes` to `path` atomically, or to stdout without one (a closed
/// pipe is not an error); the error names `what` was being written.
pub(crate) fn emit(bytes: &[u8], path: Option<&str>, what: &str) -> Result<(), String> {
    match path {
        Some(path) => write_atomically(Path::new(path), bytes)
            .map_err(|e| format!("cannot write {path}: {e}")),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write {what}: {e}"))
                }
                _ => Ok(()),
            }
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// renamed over `path` once complete.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    match result.and_then(|()| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}
