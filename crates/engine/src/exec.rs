//! Running a short docker client command with captured output and a time limit.

use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// What a captured command produced.
#[derive(Debug)]
pub(crate) struct Captured {
    /// `None` when the command was killed at its time limit.
    pub(crate) status: Option<ExitStatus>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Captured {
    /// Whether the command ran to completion and exited 0.
    pub(crate) fn success(&self) -> bool {
        self.status.is_some_and(|s| s.success())
    }

    /// The last non-empty line of stderr (or stdout), for a one-line reason.
    pub(crate) fn reason(&self) -> String {
        if self.status.is_none() {
            return "timed out".to_owned();
        }
        last_line(&self.stderr)
            .or_else(|| last_line(&self.stdout))
            .unwrap_or_else(|| "exited without a message".to_owned())
    }
}

fn last_line(text: &str) -> Option<String> {
    text.lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
}

/// Runs `program args` with `envs` added, stdin closed, and kills it after `limit`.
///
/// Returns `Err` only when the program cannot be started at all.
pub(crate) fn capture(
    program: &Path,
    args: &[&str],
    envs: &[(&str, &str)],
    limit: Duration,
) -> std::io::Result<Captured> {
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in envs {
        command.env(key, value);
    }
    let mut child = command.spawn()?;
    let stdout = child.stdout.take().map(drain);
    let stderr = child.stderr.take().map(drain);

    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            // Best effort: the child may have exited between the two calls.
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(10));
    };
    if status.is_none() {
        // A grandchild (a CLI plugin) may still hold the pipes open: do not wait for
        // the readers; they end when the pipes close.
        return Ok(Captured {
            status,
            stdout: String::new(),
            stderr: String::new(),
        });
    }
    Ok(Captured {
        status,
        stdout: stdout.map(join).unwrap_or_default(),
        stderr: stderr.map(join).unwrap_or_default(),
    })
}

fn drain<R: Read + Send + 'static>(mut pipe: R) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        // A read error leaves what was read so far; the exit status still tells.
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn join(handle: thread::JoinHandle<String>) -> String {
    handle.join().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_output_and_status() {
        let out = capture(
            Path::new("sh"),
            &["-c", "echo out; echo err >&2; exit 3"],
            &[("X", "1")],
            Duration::from_secs(10),
        );
        let out = out.expect("sh runs");
        assert_eq!(out.stdout, "out\n");
        assert_eq!(out.reason(), "err");
        assert_eq!(out.status.and_then(|s| s.code()), Some(3));
        assert!(!out.success());
    }

    #[test]
    fn kills_at_the_time_limit() {
        let started = Instant::now();
        let out = capture(Path::new("sleep"), &["30"], &[], Duration::from_millis(200));
        let out = out.expect("sleep runs");
        assert!(out.status.is_none());
        assert_eq!(out.reason(), "timed out");
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn missing_program_is_an_error() {
        let out = capture(
            Path::new("/nonexistent/docker"),
            &[],
            &[],
            Duration::from_secs(1),
        );
        assert!(out.is_err());
    }
}
