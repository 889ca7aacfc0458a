//! What the caller wants built.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::secret_arg::SecretArg;
use crate::ssh_arg::SshArg;

/// One build: the rendered Dockerfile text, the context, and the flags to pass through.
///
/// Secrets and ssh keys are passed as references only (`id=…,src=PATH`,
/// `id=…,env=VAR`, `default=$SSH_AUTH_SOCK`): the engine reads the values itself, so no
/// value is ever on a command line, in a build argument or in a log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildRequest {
    /// The Dockerfile text; written to a private temporary file passed with `--file`.
    pub dockerfile: String,
    /// The build context directory.
    pub context_dir: PathBuf,
    /// Image tags (`--tag`), in order.
    pub tags: Vec<String>,
    /// The secrets to pass (`--secret`), parsed once: references to a file or a
    /// variable, never values.
    pub secrets: Vec<SecretArg>,
    /// The ssh ids to forward (`--ssh`), parsed once: `default`,
    /// `default=$SSH_AUTH_SOCK`, `ID=KEYFILE`.
    pub ssh: Vec<SshArg>,
    /// A buildx builder (`--builder`); only `default` is accepted without buildx.
    pub builder: Option<String>,
    /// The docker context the client must be switched to for `builder`: buildx runs a
    /// `docker`-driver builder only from its own context (`docker --context NAME buildx`).
    /// Found by [`crate::builder_context`].
    pub docker_context: Option<String>,
    /// The stage to build (`--target`).
    pub target: Option<String>,
    /// The target platform (`--platform`).
    pub platform: Option<String>,
    /// Values for the file's `ARG`s (`--build-arg NAME=VALUE`), by name.
    pub build_args: BTreeMap<String, String>,
    /// The progress style (`--progress`): `auto`, `plain` or `tty`.
    pub progress: Option<String>,
    /// Further arguments placed after the flags above and before the context.
    pub extra_args: Vec<String>,
}

impl BuildRequest {
    /// A request for `dockerfile` with `context_dir` as its context and nothing else set.
    pub fn new(dockerfile: impl Into<String>, context_dir: impl Into<PathBuf>) -> BuildRequest {
        BuildRequest {
            dockerfile: dockerfile.into(),
            context_dir: context_dir.into(),
            ..BuildRequest::default()
        }
    }
}
