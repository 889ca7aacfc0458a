//! What a probe learned about the local engine.

use std::fmt;
use std::path::PathBuf;

/// How builds are started on this machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildMode {
    /// `docker buildx build`: the buildx plugin is installed for the chosen client.
    Buildx,
    /// `docker build` with `DOCKER_BUILDKIT=1`: a pre-23.0 client driving the daemon's
    /// built-in BuildKit (Docker 18.09 to 22.x); no `--builder`.
    ClassicBuildKit,
}

impl fmt::Display for BuildMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BuildMode::Buildx => "docker buildx build",
            BuildMode::ClassicBuildKit => "DOCKER_BUILDKIT=1 docker build",
        })
    }
}

/// The engine a build will run on: which client, which server, and how BuildKit is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineInfo {
    /// The docker client binary builds are started with.
    pub client: PathBuf,
    /// That client's version (`docker version`'s Client.Version).
    pub client_version: String,
    /// The daemon's version (`docker version`'s Server.Version).
    pub server_version: String,
    /// `docker buildx version`'s output when the buildx plugin works with this client.
    pub buildx: Option<String>,
    /// Whether `DOCKER_BUILDKIT=1 docker build` runs BuildKit with this client.
    pub classic_buildkit: bool,
    /// The way [`crate::run_build`] will start builds.
    pub mode: BuildMode,
}

impl fmt::Display for EngineInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "engine {} via client {} ({}); builds with `{}`",
            self.server_version,
            self.client.display(),
            self.client_version,
            self.mode
        )?;
        if let Some(buildx) = &self.buildx {
            write!(f, "; {buildx}")?;
        }
        Ok(())
    }
}
