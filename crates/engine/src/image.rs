//! Reading a local image through the docker client, for `verify`: its size
//! from `docker image inspect`, its archive streamed from `docker save`
//! (never written to disk, never pulled).

use std::ffi::OsString;
use std::io::Read;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::thread::{self, JoinHandle};

use crate::error::EngineError;
use crate::probe::CLIENT_ENV;

/// A local image being read: [`SavedImage::archive`] streams `docker save`,
/// [`SavedImage::finish`] waits for it.
pub struct SavedImage {
    image: String,
    child: Child,
    stderr: Option<JoinHandle<String>>,
    /// The image's size in bytes, when the engine reports it (for progress).
    pub size: Option<u64>,
}

/// The docker client to ask: `$DOCKER_DSL_DOCKER`, else `docker` on `PATH`.
fn client() -> OsString {
    std::env::var_os(CLIENT_ENV)
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "docker".into())
}

/// Why the client could not be started, as an error about `image`.
fn spawn_error(image: &str, error: &std::io::Error) -> EngineError {
    if error.kind() == std::io::ErrorKind::NotFound {
        EngineError::NoClient {
            tried: client().to_string_lossy().into_owned(),
        }
    } else {
        EngineError::ImageUnreadable {
            image: image.to_owned(),
            detail: error.to_string(),
        }
    }
}

fn first_line(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
}

impl SavedImage {
    /// Checks that `image` is a local image and starts `docker save` on it.
    ///
    /// # Errors
    ///
    /// [`EngineError::NoClient`] without a docker client,
    /// [`EngineError::ImageNotFound`] when the engine has no such image,
    /// [`EngineError::ImageUnreadable`] when the engine cannot be asked.
    pub fn open(image: &str) -> Result<Self, EngineError> {
        let inspect = Command::new(client())
            .args(["image", "inspect", "--format", "{{.Size}}", image])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| spawn_error(image, &e))?;
        if !inspect.status.success() {
            let stderr = String::from_utf8_lossy(&inspect.stderr);
            let lower = stderr.to_ascii_lowercase();
            if lower.contains("no such image") || lower.contains("no such object") {
                return Err(EngineError::ImageNotFound {
                    image: image.to_owned(),
                });
            }
            return Err(EngineError::ImageUnreadable {
                image: image.to_owned(),
                detail: first_line(&stderr).unwrap_or_else(|| inspect.status.to_string()),
            });
        }
        let size = String::from_utf8_lossy(&inspect.stdout).trim().parse().ok();
        let mut child = Command::new(client())
            .args(["save", image])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| spawn_error(image, &e))?;
        let stderr = child.stderr.take().map(|mut stderr| {
            thread::spawn(move || {
                let mut text = String::new();
                let _ = stderr.read_to_string(&mut text);
                text
            })
        });
        Ok(Self {
            image: image.to_owned(),
            child,
            stderr,
            size,
        })
    }

    /// The archive `docker save` writes (once; `None` after the first call).
    pub fn archive(&mut self) -> Option<ChildStdout> {
        self.child.stdout.take()
    }

    /// Waits for `docker save` to end.
    ///
    /// # Errors
    ///
    /// [`EngineError::ImageUnreadable`] with its first line of stderr when it failed.
    pub fn finish(mut self) -> Result<(), EngineError> {
        let status = self.child.wait();
        let stderr = self
            .stderr
            .take()
            .and_then(|handle| handle.join().ok())
            .unwrap_or_default();
        match status {
            Ok(status) if status.success() => Ok(()),
            Ok(status) => Err(EngineError::ImageUnreadable {
                image: self.image,
                detail: first_line(&stderr).unwrap_or_else(|| status.to_string()),
            }),
            Err(e) => Err(EngineError::ImageUnreadable {
                image: self.image,
                detail: e.to_string(),
            }),
        }
    }
}
