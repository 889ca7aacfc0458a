//! The Dockerfile syntax tree: a document, its stages and their instructions.

/// A whole Dockerfile: parser directives, global `ARG`s, then stages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// Parser directives (`# syntax=`, `# escape=`, `# check=`), printed first.
    pub directives: Vec<Directive>,
    /// Instructions before the first `FROM` (global `ARG`s and comments).
    pub preamble: Vec<Instruction>,
    /// The build stages, in order.
    pub stages: Vec<Stage>,
    /// The frontend version the text is written for (`None`: the newest);
    /// it decides how mount values are escaped.
    pub frontend: Option<crate::SyntaxVersion>,
}

/// A parser directive from the file's leading comment block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    /// `# syntax=<frontend image>`.
    Syntax(String),
    /// `# escape=<char>`.
    Escape(char),
    /// `# check=<rules>`.
    Check(String),
}

/// One build stage: a `FROM` line and the instructions after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// The stage's `FROM` line.
    pub from: FromInstruction,
    /// The instructions of the stage.
    pub body: Vec<Instruction>,
}

/// `FROM [--platform=P] image [AS name]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromInstruction {
    /// Base image or the name of an earlier stage.
    pub image: String,
    /// The stage name after `AS`.
    pub name: Option<String>,
    /// The `--platform` flag.
    pub platform: Option<String>,
}

/// One Dockerfile instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instruction {
    /// `RUN`, with its mounts and flags.
    Run(Run),
    /// `ENV k=v`, printed as one line per pair.
    Env(Vec<(String, String)>),
    /// `ARG name[=default]`.
    Arg {
        /// The argument's name.
        name: String,
        /// Its default value.
        default: Option<String>,
    },
    /// `WORKDIR path`.
    Workdir(String),
    /// `COPY`.
    Copy(CopyInstruction),
    /// `ADD`.
    Add(Add),
    /// `ENTRYPOINT`.
    Entrypoint(ExecOrShell),
    /// `CMD`.
    Cmd(ExecOrShell),
    /// `USER user[:group]`.
    User(String),
    /// `EXPOSE port[/proto] ...`.
    Expose(Vec<String>),
    /// `LABEL k=v ...`, printed as one line per pair.
    Label(Vec<(String, String)>),
    /// `VOLUME ["path", ...]`.
    Volume(Vec<String>),
    /// `HEALTHCHECK`.
    Healthcheck(Healthcheck),
    /// `SHELL ["exe", "arg", ...]`.
    Shell(Vec<String>),
    /// `STOPSIGNAL signal`.
    Stopsignal(String),
    /// `ONBUILD <instruction>`.
    Onbuild(Box<Instruction>),
    /// A `# comment` line.
    Comment(String),
    /// A line printed verbatim: the escape hatch.
    Raw(String),
}

/// `RUN [--mount=...] [--network=...] [--security=...] script`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    /// Mounts, outermost scope first.
    pub mounts: Vec<Mount>,
    /// `--network`.
    pub network: Option<NetworkMode>,
    /// `--security`.
    pub security: Option<SecurityMode>,
    /// The shell script, already joined; may span lines ending in ` \`.
    pub script: String,
    /// Heredoc bodies (`<<NAME` markers in `script`), printed after it.
    pub heredocs: Vec<(String, String)>,
}

/// The `--network` modes of `RUN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkMode {
    /// `--network=default`.
    Default,
    /// `--network=none`.
    None,
    /// `--network=host`.
    Host,
}

/// The `--security` modes of `RUN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityMode {
    /// `--security=sandbox`.
    Sandbox,
    /// `--security=insecure`.
    Insecure,
}

impl NetworkMode {
    /// Every mode with its `--network=` spelling.
    const NAMES: [(NetworkMode, &'static str); 3] = [
        (NetworkMode::Default, "default"),
        (NetworkMode::None, "none"),
        (NetworkMode::Host, "host"),
    ];

    /// The mode as `--network=` spells it.
    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(mode, _)| *mode == self)
            .map_or("default", |(_, name)| name)
    }

    /// The mode `--network=NAME` means, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(_, spelled)| *spelled == name)
            .map(|(mode, _)| *mode)
    }
}

impl SecurityMode {
    /// Every mode with its `--security=` spelling.
    const NAMES: [(SecurityMode, &'static str); 2] = [
        (SecurityMode::Sandbox, "sandbox"),
        (SecurityMode::Insecure, "insecure"),
    ];

    /// The mode as `--security=` spells it.
    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(mode, _)| *mode == self)
            .map_or("sandbox", |(_, name)| name)
    }

    /// The mode `--security=NAME` means, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(_, spelled)| *spelled == name)
            .map(|(mode, _)| *mode)
    }
}

/// Cache mount `sharing=` modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheSharing {
    /// Concurrent writers share the cache.
    Shared,
    /// One writer at a time.
    Locked,
    /// A fresh cache per concurrent writer.
    Private,
}

/// A `RUN --mount=...` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mount {
    /// `type=cache`.
    Cache {
        /// Mount path.
        target: String,
        /// Cache id.
        id: Option<String>,
        /// Sharing mode.
        sharing: Option<CacheSharing>,
        /// Read-only.
        ro: bool,
        /// Stage or image to seed the cache from.
        from: Option<String>,
        /// Path within `from` to seed from.
        source: Option<String>,
        /// Directory mode, octal.
        mode: Option<u32>,
        /// Owner user id.
        uid: Option<u32>,
        /// Owner group id.
        gid: Option<u32>,
    },
    /// `type=secret`.
    Secret {
        /// Secret id.
        id: String,
        /// Mount path.
        target: Option<String>,
        /// Environment variable that receives the secret.
        env: Option<String>,
        /// Fail when the secret is not supplied.
        required: Option<bool>,
        /// File mode, octal.
        mode: Option<u32>,
        /// Owner user id.
        uid: Option<u32>,
        /// Owner group id.
        gid: Option<u32>,
    },
    /// `type=ssh`.
    Ssh {
        /// Agent socket or key id.
        id: Option<String>,
        /// Socket path.
        target: Option<String>,
        /// Fail when the ssh id is not supplied.
        required: Option<bool>,
        /// Socket mode, octal.
        mode: Option<u32>,
        /// Owner user id.
        uid: Option<u32>,
        /// Owner group id.
        gid: Option<u32>,
    },
    /// `type=bind`.
    Bind {
        /// Path in the context or in `from`.
        source: Option<String>,
        /// Mount path.
        target: String,
        /// Stage or image to mount from.
        from: Option<String>,
        /// Writable (changes are discarded).
        rw: bool,
    },
    /// `type=tmpfs`.
    Tmpfs {
        /// Mount path.
        target: String,
        /// Size limit, e.g. `64m`.
        size: Option<String>,
    },
}

/// `COPY [flags] src... dst`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CopyInstruction {
    /// Sources.
    pub sources: Vec<String>,
    /// Destination.
    pub dest: String,
    /// `--from`.
    pub from: Option<String>,
    /// `--link`.
    pub link: bool,
    /// `--chown`.
    pub chown: Option<String>,
    /// `--chmod`.
    pub chmod: Option<String>,
    /// `--parents`.
    pub parents: bool,
    /// `--exclude` patterns.
    pub exclude: Vec<String>,
}

/// `ADD [flags] src... dst`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Add {
    /// The flags and paths it shares with `COPY`.
    pub copy: CopyInstruction,
    /// `--checksum`.
    pub checksum: Option<String>,
    /// `--keep-git-dir`.
    pub keep_git_dir: bool,
    /// `--unpack`.
    pub unpack: Option<bool>,
}

/// The exec (JSON) or shell form of `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecOrShell {
    /// `["exe", "arg"]`.
    Exec(Vec<String>),
    /// `exe arg`, run by the stage's shell.
    Shell(String),
}

/// `HEALTHCHECK [options] CMD ...` or `HEALTHCHECK NONE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Healthcheck {
    /// Disable any inherited health check.
    None,
    /// Run a command to check health.
    Check {
        /// The command.
        command: ExecOrShell,
        /// `--interval`.
        interval: Option<String>,
        /// `--timeout`.
        timeout: Option<String>,
        /// `--start-period`.
        start_period: Option<String>,
        /// `--start-interval`.
        start_interval: Option<String>,
        /// `--retries`.
        retries: Option<u32>,
    },
}

impl Document {
    /// Every `RUN --mount` in the document, in order (what a build must supply).
    pub fn run_mounts(&self) -> impl Iterator<Item = &Mount> {
        self.stages
            .iter()
            .flat_map(|stage| stage.body.iter())
            .flat_map(|instruction| {
                let run = match instruction {
                    Instruction::Run(run) => Some(run),
                    Instruction::Onbuild(inner) => match inner.as_ref() {
                        Instruction::Run(run) => Some(run),
                        _ => None,
                    },
                    _ => None,
                };
                run.into_iter().flat_map(|run| run.mounts.iter())
            })
    }

    /// Whether an `ARG name` is declared anywhere: before the first `FROM`
    /// or in a stage (where a `--build-arg name=...` is consumed).
    pub fn declares_arg(&self, name: &str) -> bool {
        self.preamble
            .iter()
            .chain(self.stages.iter().flat_map(|stage| stage.body.iter()))
            .any(|instruction| matches!(instruction, Instruction::Arg { name: n, .. } if n == name))
    }
}
