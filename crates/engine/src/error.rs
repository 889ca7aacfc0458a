//! The one error type of the `engine` crate.

use std::path::PathBuf;

/// Everything that can stop the engine crate from probing or starting a build.
///
/// A failed build is not an error: [`crate::run_build`] returns the engine's exit code.
/// No variant ever carries a secret's value: flag problems name keys and positions only.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// No docker client binary could be started.
    #[error("no docker client found (tried {tried}); install Docker (Debian: apt-get install docker.io)")]
    NoClient {
        /// The candidates that were tried, comma-separated.
        tried: String,
    },

    /// A docker client exists but no engine answered it.
    #[error("no Docker engine answers `{client} version`: {reason}")]
    Unreachable {
        /// The client that was asked.
        client: String,
        /// The client's own one-line explanation.
        reason: String,
    },

    /// The engine answers, but no client found can run a BuildKit build.
    #[error(
        "the Docker engine {server_version} answers, but no client can run BuildKit (tried {clients}): \
         install the buildx plugin (Debian: docker-buildx), or use a docker client older than 23.0 \
         (Debian bookworm's docker.io) which runs BuildKit with DOCKER_BUILDKIT=1"
    )]
    NoBuildKit {
        /// The server version the clients reported.
        server_version: String,
        /// The clients that were tried, comma-separated.
        clients: String,
    },

    /// `verify` asked for a local image the engine does not have (it never pulls).
    #[error("the engine has no image `{image}` (verify never pulls: run `docker pull {image}` first, or give a tarball from `docker save`)")]
    ImageNotFound {
        /// The image name.
        image: String,
    },

    /// The engine could not be asked for a local image, or `docker save` failed.
    #[error("cannot read image `{image}` from the engine: {detail}")]
    ImageUnreadable {
        /// The image name.
        image: String,
        /// The client's first line of explanation.
        detail: String,
    },

    /// `--builder` names a builder, but only buildx can select builders.
    #[error(
        "--builder {builder} needs docker buildx, which this machine lacks; without buildx every \
         build runs on the daemon's built-in BuildKit (the builder buildx calls `default`): \
         drop --builder or install the buildx plugin"
    )]
    BuilderNeedsBuildx {
        /// The builder name that was asked for.
        builder: String,
    },

    /// `docker buildx inspect` refused the builder a build was asked to run on.
    #[error("builder {builder}: {reason}; `docker buildx ls` lists the builders")]
    BuilderUnknown {
        /// The builder (or docker context) asked about.
        builder: String,
        /// The client's one-line reason.
        reason: String,
    },

    /// `--frontend auto` cannot tell which Dockerfile frontend the engine has built in.
    #[error(
        "cannot tell the built-in Dockerfile frontend of Docker {engine}: {reason}; \
         pass --frontend VERSION (e.g. 1.2 for Docker 20.10) or --syntax IMAGE"
    )]
    FrontendUnknown {
        /// The Docker engine's version.
        engine: String,
        /// Why the level is unknown.
        reason: String,
    },

    /// A `--secret` flag the request cannot pass (an id given twice).
    #[error("--secret flag #{position}: {problem}")]
    BadSecretFlag {
        /// 1-based position of the flag among the secret flags.
        position: usize,
        /// What is wrong; never contains the flag's text.
        problem: String,
    },

    /// An `--ssh` value is malformed.
    #[error("--ssh {problem}")]
    BadSshArg {
        /// What is wrong.
        problem: String,
    },

    /// Two `--ssh` values name one id.
    #[error("--ssh `{id}` is given twice")]
    DuplicateSsh {
        /// The id.
        id: String,
    },

    /// The build context is not a directory.
    #[error("build context {}: {problem}", path.display())]
    BadContext {
        /// The context path as given.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },

    /// The rendered Dockerfile could not be written to its private temporary file.
    #[error("cannot write the rendered Dockerfile to a temporary file: {source}")]
    DockerfileFile {
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },

    /// The docker client could not be started or waited for.
    #[error("cannot run {}: {source}", program.display())]
    Spawn {
        /// The program that failed to start.
        program: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// `bake --build` needs the buildx plugin.
    #[error(
        "bake --build runs `docker buildx bake`, but {} has no buildx plugin: install it \
         (Debian: docker-buildx), or print the file and run it where buildx is",
        client.display()
    )]
    BakeNeedsBuildx {
        /// The client that lacks buildx.
        client: PathBuf,
    },
    /// The bake file could not be written to its private temporary file.
    #[error("cannot write the bake file to a temporary file: {source}")]
    BakeFile {
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
}
