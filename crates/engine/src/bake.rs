//! Running `docker buildx bake` on a bake file.

use std::process::Command;

use crate::error::EngineError;
use crate::info::EngineInfo;
use crate::run::{exit_code, private_file, run_streaming};
use crate::scrub::LogScrubber;

/// One `docker buildx bake` run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BakeRequest {
    /// The bake file (JSON); written to a private temporary file passed with `-f`.
    pub file: String,
    /// A buildx builder (`--builder`).
    pub builder: Option<String>,
    /// The progress style (`--progress`).
    pub progress: Option<String>,
    /// Further arguments (e.g. `--load`, `--push`), then targets or groups.
    pub extra_args: Vec<String>,
}

/// Runs `docker buildx bake -f FILE ...` with the engine's output passed
/// through `scrubber`, and returns bake's exit code. A builder that is a
/// docker context (one daemon's own BuildKit) is selected with `docker
/// --context NAME`, any other with `--builder NAME`.
///
/// # Errors
///
/// [`EngineError::BakeNeedsBuildx`] when the client has no buildx,
/// [`EngineError::BakeFile`] when the file cannot be written,
/// [`EngineError::Spawn`] when the client cannot be started.
pub fn run_bake(
    info: &EngineInfo,
    request: &BakeRequest,
    scrubber: &LogScrubber,
) -> Result<i32, EngineError> {
    if info.buildx.is_none() {
        return Err(EngineError::BakeNeedsBuildx {
            client: info.client.clone(),
        });
    }
    let (dir, path) = private_file("docker-bake.json", &request.file)
        .map_err(|source| EngineError::BakeFile { source })?;
    let mut command = Command::new(&info.client);
    let builder = request.builder.as_deref();
    let context = match builder {
        Some(builder) => crate::frontend::builder_context(info, builder)?,
        None => None,
    };
    if let Some(context) = &context {
        command.args(["--context", context]);
    }
    command.args(["buildx", "bake", "--file"]).arg(&path);
    if let (Some(builder), None) = (builder, &context) {
        command.args(["--builder", builder]);
    }
    if let Some(progress) = &request.progress {
        command.args(["--progress", progress]);
    }
    command.args(&request.extra_args);
    let streamed = run_streaming(command, scrubber, None).map_err(|source| EngineError::Spawn {
        program: info.client.clone(),
        source,
    })?;
    drop(dir);
    Ok(exit_code(streamed.status))
}
