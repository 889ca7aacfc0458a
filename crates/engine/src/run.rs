//! Running one build on the local engine.

use std::fs;
use std::io::Write;
use std::process::{Command, ExitStatus, Stdio};

use crate::command::BuildCommand;
use crate::error::EngineError;
use crate::info::EngineInfo;
use crate::request::BuildRequest;
use crate::scrub::LogScrubber;

/// Builds `request` on `info`'s engine and returns the engine's exit code.
///
/// Writes the Dockerfile to a private temporary directory (mode 0700, removed afterwards),
/// runs the client with stdout and stderr inherited so progress streams to the terminal,
/// and stdin closed. A client killed by a signal yields `128 + signal`, as a shell reports.
///
/// # Errors
///
/// [`EngineError::BadContext`] when the context is not a directory, the flag errors of
/// [`BuildCommand::new`], [`EngineError::DockerfileFile`] when the temporary Dockerfile
/// cannot be written, [`EngineError::Spawn`] when the client cannot be started. A build
/// that fails is not an error: its non-zero exit code is returned.
pub fn run_build(info: &EngineInfo, request: &BuildRequest) -> Result<i32, EngineError> {
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
) -> Result<i32, EngineError> {
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
    let status = run_streaming(command, scrubber).map_err(|source| EngineError::Spawn {
        program: build.program.clone(),
        source,
    })?;
    // `dir` is dropped here, removing the Dockerfile; a failure to remove is harmless.
    drop(dir);
    Ok(exit_code(status))
}

/// Runs `command` with stdin closed and its stdout and stderr streamed to
/// ours: inherited, or through `scrubber` when it is active.
pub(crate) fn run_streaming(
    mut command: Command,
    scrubber: &LogScrubber,
) -> std::io::Result<ExitStatus> {
    command.stdin(Stdio::null());
    if !scrubber.is_active() {
        return command
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit())
            .status();
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    std::thread::scope(|scope| {
        // A failed write to our own stdout or stderr ends that copy; the
        // build still runs to its end and its status counts.
        if let Some(out) = stdout {
            scope.spawn(move || scrubber.copy(out, std::io::stdout()));
        }
        if let Some(err) = stderr {
            scope.spawn(move || scrubber.copy(err, std::io::stderr()));
        }
        child.wait()
    })
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
        let code =
            run_build(&info, &BuildRequest::new("FROM scratch\n", work.path())).expect("runs");
        assert_eq!(code, 3);
        let recorded = fs::read_to_string(&record).expect("recorded");
        let lines: Vec<&str> = recorded.lines().collect();
        assert_eq!(lines[..3], ["700", "600", "FROM scratch"]);
        assert!(!PathBuf::from(lines[3]).exists(), "temp Dockerfile removed");
    }
}
