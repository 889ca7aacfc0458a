//! Writing results so that a failure never leaves half a file.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// How many links a path may go through, as Linux's `ELOOP` limit.
const MAX_LINKS: usize = 40;

/// The path a write to `path` reaches: `path`, or where its symlinks lead
/// (a dangling link leads to the file it names).
fn through_symlinks(path: &Path) -> std::io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(std::io::Error::other(format!(
        "{} goes through more than {MAX_LINKS} symlinks",
        path.display()
    )))
}

/// Writes `bytes` to `path` atomically, or to stdout without one (a closed
/// pipe is not an error); the error names `what` was being written.
pub(crate) fn emit(bytes: &[u8], path: Option<&Path>, what: &str) -> Result<(), String> {
    match path {
        Some(path) => write_atomically(path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
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
/// renamed over `path` once complete. When `path` is a symlink the file it
/// leads to is written, and the link stays.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = &through_symlinks(path)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_is_written_through_and_stays() {
        let dir = std::env::temp_dir().join(format!("dd-output-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("real")).expect("temp dir");
        let link = dir.join("Dockerfile");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink("real/Dockerfile", &link).expect("symlink");
        write_atomically(&link, b"FROM x\n").expect("written");
        assert!(std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink());
        assert_eq!(
            std::fs::read(dir.join("real/Dockerfile")).expect("target"),
            b"FROM x\n"
        );
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
