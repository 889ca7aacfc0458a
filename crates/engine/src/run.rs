//! Running one build on the local engine.

use std::fs;
use std::io::Write;
use std::process::{Command, ExitStatus, Stdio};

use crate::command::BuildCommand;
use crate::error::EngineError;
use crate::info::EngineInfo;
use crate::request::BuildRequest;
use crate::scrub::LogScrubber;

/// How a build ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOutcome {
    /// The engine client's exit code (`128 + signal` when it was killed).
    pub code: i32,
    /// The `# syntax=` image, when the build failed because the engine could not pull it.
    pub unpulled_frontend: Option<String>,
}

/// Builds `request` on `info`'s engine and returns how the build ended.
///
/// Writes the Dockerfile to a private temporary directory (mode 0700, removed afterwards),
/// runs the client with stdin closed and stdout and stderr streamed to ours; when the file
/// has a `# syntax=` line, stderr (where the progress goes) is watched for a failed pull of
/// that image. A client killed by a signal yields `128 + signal`, as a shell reports.
///
/// # Errors
///
/// [`EngineError::BadContext`] when the context is not a directory, the flag errors of
/// [`BuildCommand::new`], [`EngineError::DockerfileFile`] when the temporary Dockerfile
/// cannot be written, [`EngineError::Spawn`] when the client cannot be started. A build
/// that fails is not an error: its non-zero exit code is returned.
pub fn run_build(info: &EngineInfo, request: &BuildRequest) -> Result<BuildOutcome, EngineError> {
    run_build_scrubbed(info, request, &LogScrubber::default())
}

/// [`run_build`], with the engine's output passed through `scrubber` (when it
/// is active) on its way to this process's stdout and stderr.
///
/// # Errors
///
/// Those of [`run_build`].
pub fn run_build_scrubbed(
    info: &EngineInfo,
    request: &BuildRequest,
    scrubber: &LogScrubber,
) -> Result<BuildOutcome, EngineError> {
    let context = &request.context_dir;
    if !context.as_os_str().is_empty() && !context.is_dir() {
        return Err(EngineError::BadContext {
            path: context.clone(),
            problem: "is not a directory".to_owned(),
        });
    }
    let (dir, dockerfile_path) = private_file("Dockerfile", &request.dockerfile)
        .map_err(|source| EngineError::DockerfileFile { source })?;

    let build = BuildCommand::new(info, request, &dockerfile_path)?;
    let mut command = Command::new(&build.program);
    command.args(&build.args);
    for (key, value) in &build.envs {
        command.env(key, value);
    }
    let syntax = syntax_image(&request.dockerfile);
    let streamed =
        run_streaming(command, scrubber, syntax).map_err(|source| EngineError::Spawn {
            program: build.program.clone(),
            source,
        })?;
    // `dir` is dropped here, removing the Dockerfile; a failure to remove is harmless.
    drop(dir);
    let code = exit_code(streamed.status);
    Ok(BuildOutcome {
        code,
        unpulled_frontend: syntax
            .filter(|_| streamed.pull_failed && code != 0)
            .map(str::to_owned),
    })
}

/// How a streamed client run ended.
pub(crate) struct Streamed {
    /// The client's exit status.
    pub(crate) status: ExitStatus,
    /// True when stderr reported a failed pull of the watched image.
    pub(crate) pull_failed: bool,
}

/// Runs `command` with stdin closed and its stdout and stderr streamed to
/// ours: inherited (so the client keeps the terminal and its progress
/// display), or piped through `scrubber` when it is active, or through a
/// watch for a failed pull of `watch_pull` (a `# syntax=` image).
pub(crate) fn run_streaming(
    mut command: Command,
    scrubber: &LogScrubber,
    watch_pull: Option<&str>,
) -> std::io::Result<Streamed> {
    command.stdin(Stdio::null());
    if !scrubber.is_active() && watch_pull.is_none() {
        let status = command
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit())
            .status()?;
        return Ok(Streamed {
            status,
            pull_failed: false,
        });
    }
    let piped_stdout = scrubber.is_active();
    command.stdout(if piped_stdout {
        Stdio::piped()
    } else {
        Stdio::inherit()
    });
    let mut child = command.stderr(Stdio::piped()).spawn()?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    std::thread::scope(|scope| {
        // A failed write to our own stdout or stderr ends that copy; the
        // build still runs to its end and its status counts.
        if let Some(out) = stdout {
            scope.spawn(move || scrubber.copy(out, std::io::stdout()));
        }
        let watcher = stderr.map(|err| {
            scope.spawn(move || {
                let mut watch = PullWatch::new(std::io::stderr(), watch_pull);
                let _ = scrubber.copy(err, &mut watch);
                watch.pull_failed()
            })
        });
        let status = child.wait()?;
        let pull_failed = watcher.map(|w| w.join().unwrap_or(false)).unwrap_or(false);
        Ok(Streamed {
            status,
            pull_failed,
        })
    })
}

/// A writer that forwards everything to `inner` and watches each line for a
/// failed pull of one image.
struct PullWatch<'a, W: Write> {
    inner: W,
    image: Option<&'a str>,
    line: Vec<u8>,
    failed: bool,
}

impl<'a, W: Write> PullWatch<'a, W> {
    fn new(inner: W, image: Option<&'a str>) -> Self {
        Self {
            inner,
            image,
            line: Vec::new(),
            failed: false,
        }
    }

    fn check_line(&mut self) {
        if let Some(image) = self.image {
            self.failed |= is_pull_failure(&String::from_utf8_lossy(&self.line), image);
        }
        self.line.clear();
    }

    /// True when a line (the last one included) reported the failed pull.
    fn pull_failed(mut self) -> bool {
        self.check_line();
        self.failed
    }
}

impl<W: Write> Write for PullWatch<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.image.is_some() {
            for &byte in buf {
                if byte == b'\n' {
                    self.check_line();
                } else {
                    self.line.push(byte);
                }
            }
        }
        // A closed terminal must not stop the build: the pipe is still drained.
        let _ = self.inner.write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = self.inner.flush();
        Ok(())
    }
}

/// The image of the Dockerfile's `# syntax=` directive, if its first line is one.
fn syntax_image(dockerfile: &str) -> Option<&str> {
    let first = dockerfile.lines().next()?.trim();
    let rest = first.strip_prefix('#')?.trim_start();
    let (key, value) = rest.split_once('=')?;
    key.trim()
        .eq_ignore_ascii_case("syntax")
        .then(|| value.trim())
        .filter(|v| !v.is_empty())
}

/// Whether a line of build output reports that `image` could not be fetched: BuildKit
/// 0.8 says `resolve image config for docker.io/IMAGE` / `failed to do request`, newer
/// ones `failed to resolve source metadata for docker.io/IMAGE: ...`.
fn is_pull_failure(line: &str, image: &str) -> bool {
    let image = image.strip_prefix("docker.io/").unwrap_or(image);
    line.contains(image)
        && [
            "failed to resolve source metadata",
            "failed to do request",
            "resolve image config",
            "pull access denied",
            "not found",
        ]
        .iter()
        .any(|sign| line.contains(sign))
}

/// Writes `text` to `name` in a new private temporary directory (mode 0700,
/// the file 0600), removed when the returned guard drops.
pub(crate) fn private_file(
    name: &str,
    text: &str,
) -> std::io::Result<(tempfile::TempDir, std::path::PathBuf)> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("docker-dsl-build-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o700));
    }
    let dir = builder.tempdir()?;
    let path = dir.path().join(name);
    write_private(&path, text)?;
    Ok((dir, path))
}

fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// The exit code a shell would report for `status`.
pub(crate) fn exit_code(status: ExitStatus) -> i32 {
    if let Some(code) = status.code() {
        return code;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return 128 + signal;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    use crate::info::BuildMode;

    #[test]
    fn a_failed_pull_of_the_syntax_image_is_recognised() {
        let image = syntax_image("# syntax=docker/dockerfile:1.7\nFROM x\n").expect("syntax");
        assert_eq!(image, "docker/dockerfile:1.7");
        assert_eq!(syntax_image("FROM x\n# syntax=y\n"), None);
        // Docker 20.10 (BuildKit 0.8) and Docker 28.5 (BuildKit 0.25), offline:
        assert!(is_pull_failure(
            " > resolve image config for docker.io/docker/dockerfile:1.7:",
            image
        ));
        assert!(is_pull_failure("ERROR: failed to build: failed to solve: failed to resolve source metadata for docker.io/docker/dockerfile:1.7: failed to do request: Head ...", image));
        assert!(!is_pull_failure(
            "#5 [2/2] RUN echo docker/dockerfile:1.7",
            image
        ));
        assert!(!is_pull_failure(
            "failed to do request: Head https://x/busybox",
            image
        ));
    }

    #[test]
    fn exit_codes_match_a_shell() {
        let code = |script: &str| {
            let status = Command::new("sh")
                .args(["-c", script])
                .status()
                .expect("sh runs");
            exit_code(status)
        };
        assert_eq!(code("exit 0"), 0);
        assert_eq!(code("exit 7"), 7);
        assert_eq!(code("kill -TERM $$"), 128 + 15);
    }

    #[test]
    fn a_missing_context_is_refused_before_running() {
        let info = EngineInfo {
            client: PathBuf::from("/nonexistent/docker"),
            client_version: String::new(),
            server_version: String::new(),
            buildx: None,
            classic_buildkit: true,
            mode: BuildMode::ClassicBuildKit,
        };
        let err = run_build(
            &info,
            &BuildRequest::new("FROM scratch\n", "/nonexistent/ctx"),
        )
        .expect_err("refused");
        assert!(matches!(err, EngineError::BadContext { .. }));
    }

    #[test]
    fn a_missing_client_is_a_spawn_error() {
        let info = EngineInfo {
            client: PathBuf::from("/nonexistent/docker"),
            client_version: String::new(),
            server_version: String::new(),
            buildx: None,
            classic_buildkit: true,
            mode: BuildMode::ClassicBuildKit,
        };
        let err = run_build(&info, &BuildRequest::new("FROM scratch\n", "")).expect_err("spawn");
        assert!(matches!(err, EngineError::Spawn { .. }));
    }

    #[test]
    fn the_dockerfile_is_private_and_removed_afterwards() {
        // A fake client that records the Dockerfile's mode and text, then fails with 3.
        let work = tempfile::tempdir().expect("tempdir");
        let fake = work.path().join("docker");
        let record = work.path().join("record");
        let script = format!(
            "#!/bin/sh\n\
             while [ $# -gt 1 ]; do if [ \"$1\" = --file ]; then f=$2; fi; shift; done\n\
             {{ stat -c %a \"$(dirname \"$f\")\"; stat -c %a \"$f\"; cat \"$f\"; echo \"$f\"; }} > {}\n\
             exit 3\n",
            record.display()
        );
        fs::write(&fake, script).expect("write fake");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        let info = EngineInfo {
            client: fake,
            client_version: String::new(),
            server_version: String::new(),
            buildx: None,
            classic_buildkit: true,
            mode: BuildMode::ClassicBuildKit,
        };
        let outcome =
            run_build(&info, &BuildRequest::new("FROM scratch\n", work.path())).expect("runs");
        assert_eq!(outcome.code, 3);
        assert_eq!(outcome.unpulled_frontend, None);
        let recorded = fs::read_to_string(&record).expect("recorded");
        let lines: Vec<&str> = recorded.lines().collect();
        assert_eq!(lines[..3], ["700", "600", "FROM scratch"]);
        assert!(!PathBuf::from(lines[3]).exists(), "temp Dockerfile removed");
    }
}
