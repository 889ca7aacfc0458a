//! Everything that can be wrong with a recipe or its flags.

use crate::location::Location;

/// Whether an error is a mistake in the recipe or in the values it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The recipe's code asks for something invalid.
    Recipe,
    /// A flag value is unknown, missing or of the wrong type.
    Flag,
}

/// An error in a recipe or its flags. Each message names the recipe line and
/// says how to fix it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DslError {
    /// Two stages in one build share a name.
    #[error("{at}: stage name '{name}' is already used by the stage at {first}; give one of them another name, e.g. Stage(..., name=\"{name}-2\")")]
    DuplicateStage {
        name: String,
        at: Location,
        first: Location,
    },
    /// A stage's `with` block was entered a second time.
    #[error("{at}: stage '{name}' is entered a second time; a stage is one `with` block — move the instructions into the first block or derive a new stage with .stage()")]
    StageReentered { name: String, at: Location },
    /// A mount scope was opened inside a run block, where it cannot apply.
    #[error("{at}: a {kind} mount scope is opened inside a run block, so the RUN would not get it; open it before the builder: `with s.{kind}(...), s.run() as r:`")]
    MountInsideRun { kind: &'static str, at: Location },
    /// A run block, or a RUN, started while a run block of the same stage is open.
    #[error("{at}: a RUN is started inside the run block opened at {open}, whose RUN would lose it; add the command to the open builder (r.tool(...)) or start the RUN after its `with` block")]
    RunInsideRun { open: Location, at: Location },
    /// A scope closed while one opened after it is still open.
    #[error("{at}: the {kind} scope opened at {opened} is closed while the {inner} scope opened at {inner_at} is still open; close scopes innermost first (nest the `with` blocks)")]
    ScopeClosedOutOfOrder {
        kind: &'static str,
        opened: Location,
        inner: &'static str,
        inner_at: Location,
        at: Location,
    },
    /// A scope closed that is not open (closed twice, or never entered).
    #[error("{at}: a scope is closed that is not open (closed twice, or never entered); use it as a `with` block")]
    ScopeNotOpen { at: Location },
    /// Two mounts of one RUN at one path: the engine would keep only one.
    #[error("{at}: a {kind} mount at {target} would cover the {first_kind} mount opened at {first} for the same RUN, and the engine keeps only one; mount them at different paths")]
    MountTargetTaken {
        target: String,
        kind: &'static str,
        first_kind: &'static str,
        first: Location,
        at: Location,
    },
    /// One secret mounted twice for one RUN.
    #[error("{at}: secret '{id}' is already mounted by the scope opened at {first}; mount each secret once per RUN")]
    SecretMountedTwice {
        id: String,
        first: Location,
        at: Location,
    },
    /// A redirect of an `echo` that other commands already followed.
    #[error("{at}: the echo redirected here is not the command added last (or is redirected twice); redirect it where it is made: r.echo(text) > path")]
    LateRedirect { at: Location },
    /// A RUN without any command.
    #[error(
        "{at}: {what} has no command; pass the command's words, e.g. s.run(\"make\", \"install\")"
    )]
    EmptyCommand { what: &'static str, at: Location },
    /// A call lacks an argument it cannot do without.
    #[error("{at}: {what} needs {needs}")]
    MissingArgument {
        what: &'static str,
        needs: &'static str,
        at: Location,
    },
    /// `apt_install()` without packages.
    #[error("{at}: apt_install() needs at least one package name, e.g. r.apt_install(\"curl\")")]
    NoPackages { at: Location },
    /// An instruction names a stage that is never entered.
    #[error("{at}: {what} refers to stage '{name}', which is not in the build; open it with `with ...:` before the render ends, or copy from an image instead")]
    StageNotInBuild {
        what: &'static str,
        name: String,
        at: Location,
    },
    /// Stages depend on each other in a circle.
    #[error("{at}: stages depend on each other in a cycle: {cycle}; BuildKit cannot order them — break the cycle by copying from an earlier stage")]
    DependencyCycle { cycle: String, at: Location },
    /// The render ended without any stage.
    #[error(
        "{}: the recipe opened no stage; add `with Stage(\"image\") as s:`",
        Location::file_name(file)
    )]
    NoStages { file: String },
    /// A value of a type the call cannot take (Python: a list where a str
    /// belongs, `True` where text belongs).
    #[error("{at}: {what} got {got}; {expected}")]
    WrongType {
        what: String,
        got: String,
        expected: String,
        at: Location,
    },
    /// A call that needs an open stage was made outside every stage.
    #[error("{at}: {what} is called outside any `with Stage(...)` block; call it inside one")]
    NoOpenStage { what: &'static str, at: Location },
    /// A value the recipe passed cannot be written so BuildKit reads it back.
    #[error("{at}: {what} {value:?} {problem}")]
    BadValue {
        what: String,
        value: String,
        problem: String,
        at: Location,
    },
    /// One cache is mounted with different sharing modes.
    #[error("{at}: cache '{id}' is mounted with sharing={sharing} here but sharing={first_sharing} at {first}; one cache needs one sharing mode — use the same, or give one of them another id=")]
    ConflictingSharing {
        id: String,
        sharing: String,
        first_sharing: String,
        at: Location,
        first: Location,
    },
    /// A feature needs a newer frontend than the one pinned.
    #[error("{at}: {feature} needs docker/dockerfile:{needs} or newer, but the render targets {pinned}; pin a newer syntax (--syntax {needs}) or drop the feature")]
    SyntaxTooOld {
        feature: &'static str,
        needs: String,
        pinned: String,
        at: Location,
    },
    /// A flag was given that the recipe never registered.
    #[error("unknown flag {flag}; {accepted}")]
    UnknownFlag { flag: String, accepted: String },
    /// A registered flag without default was not given.
    #[error(
        "{at}: missing flag --{name} ({accepts}); pass --{name}=VALUE or give register() a default"
    )]
    MissingFlag {
        name: String,
        accepts: String,
        at: Location,
    },
    /// A flag's value does not parse as its type.
    #[error("{at}: bad value {value:?} for flag --{name}: expected {accepts}")]
    BadFlagValue {
        name: String,
        value: String,
        accepts: String,
        at: Location,
    },
    /// A flag was given twice, or registered twice with different types.
    #[error("flag --{name} {problem}")]
    FlagConflict { name: String, problem: String },
    /// A flag name the recipe or the command line cannot use.
    #[error("{at}: flag name {name:?} {problem}")]
    BadFlagName {
        name: String,
        problem: String,
        at: Location,
    },
    /// A flag's default is not a value of its type.
    #[error("{at}: default {default:?} of flag --{name} is not {accepts}; give a default of the flag's type")]
    BadFlagDefault {
        name: String,
        default: String,
        accepts: String,
        at: Location,
    },
    /// `default=None`, which is no value of any flag type.
    #[error("{at}: context.register(\"{name}\") got default=None; give a value of the flag's type, or leave default= out to make the flag required")]
    NoneFlagDefault { name: String, at: Location },
    /// A render option (`--frontend`, `--syntax`) has a value it cannot take.
    #[error("{option} {value:?} {problem}")]
    BadOption {
        option: &'static str,
        value: String,
        problem: String,
    },
    /// The recipe reads a flag it never registered.
    #[error(
        "{at}: context.{name} is not registered; call context.register(\"{name}\", type) first"
    )]
    UnregisteredFlag { name: String, at: Location },
}

impl DslError {
    /// Whether this is a recipe mistake or a flag mistake.
    pub fn kind(&self) -> ErrorKind {
        match self {
            DslError::UnknownFlag { .. }
            | DslError::MissingFlag { .. }
            | DslError::BadFlagValue { .. }
            | DslError::FlagConflict { .. }
            | DslError::BadOption { .. } => ErrorKind::Flag,
            _ => ErrorKind::Recipe,
        }
    }

    /// A stable name for the kind of problem, for programs and tests to
    /// match on instead of the message (Python: `RecipeError.code`).
    pub fn code(&self) -> &'static str {
        match self {
            DslError::DuplicateStage { .. } => "duplicate-stage",
            DslError::StageReentered { .. } => "stage-reentered",
            DslError::MountInsideRun { .. } => "mount-inside-run",
            DslError::EmptyCommand { .. } => "empty-command",
            DslError::MissingArgument { .. } => "missing-argument",
            DslError::NoPackages { .. } => "no-packages",
            DslError::StageNotInBuild { .. } => "stage-not-in-build",
            DslError::DependencyCycle { .. } => "dependency-cycle",
            DslError::NoStages { .. } => "no-stages",
            DslError::BadValue { .. } => "bad-value",
            DslError::WrongType { .. } => "wrong-type",
            DslError::NoOpenStage { .. } => "no-open-stage",
            DslError::ConflictingSharing { .. } => "conflicting-sharing",
            DslError::SyntaxTooOld { .. } => "syntax-too-old",
            DslError::UnknownFlag { .. } => "unknown-flag",
            DslError::MissingFlag { .. } => "missing-flag",
            DslError::BadFlagValue { .. } => "bad-flag-value",
            DslError::FlagConflict { .. } => "flag-conflict",
            DslError::BadOption { .. } => "bad-option",
            DslError::UnregisteredFlag { .. } => "unregistered-flag",
            DslError::RunInsideRun { .. } => "run-inside-run",
            DslError::ScopeClosedOutOfOrder { .. } => "scope-closed-out-of-order",
            DslError::ScopeNotOpen { .. } => "scope-not-open",
            DslError::MountTargetTaken { .. } => "mount-target-taken",
            DslError::SecretMountedTwice { .. } => "secret-mounted-twice",
            DslError::LateRedirect { .. } => "late-redirect",
            DslError::BadFlagName { .. } => "bad-flag-name",
            DslError::BadFlagDefault { .. } => "bad-flag-default",
            DslError::NoneFlagDefault { .. } => "none-flag-default",
        }
    }

    /// Where in the recipe the problem is, when it has one place.
    pub fn location(&self) -> Option<&Location> {
        match self {
            DslError::DuplicateStage { at, .. }
            | DslError::StageReentered { at, .. }
            | DslError::MountInsideRun { at, .. }
            | DslError::EmptyCommand { at, .. }
            | DslError::MissingArgument { at, .. }
            | DslError::NoPackages { at }
            | DslError::StageNotInBuild { at, .. }
            | DslError::DependencyCycle { at, .. }
            | DslError::BadValue { at, .. }
            | DslError::WrongType { at, .. }
            | DslError::NoOpenStage { at, .. }
            | DslError::ConflictingSharing { at, .. }
            | DslError::SyntaxTooOld { at, .. }
            | DslError::MissingFlag { at, .. }
            | DslError::BadFlagValue { at, .. }
            | DslError::UnregisteredFlag { at, .. }
            | DslError::RunInsideRun { at, .. }
            | DslError::ScopeClosedOutOfOrder { at, .. }
            | DslError::ScopeNotOpen { at }
            | DslError::MountTargetTaken { at, .. }
            | DslError::SecretMountedTwice { at, .. }
            | DslError::LateRedirect { at }
            | DslError::BadFlagName { at, .. }
            | DslError::BadFlagDefault { at, .. }
            | DslError::NoneFlagDefault { at, .. } => Some(at),
            DslError::NoStages { .. }
            | DslError::UnknownFlag { .. }
            | DslError::FlagConflict { .. }
            | DslError::BadOption { .. } => None,
        }
    }
}

/// Every problem of a Dockerfile built with the Rust API, in the order the
/// calls made them; each names the calling file and line.
#[derive(Debug, Clone, PartialEq)]
pub struct DslErrors(Vec<DslError>);

impl DslErrors {
    pub(crate) fn new(errors: Vec<DslError>) -> Self {
        Self(errors)
    }

    /// The problems, first call first.
    pub fn iter(&self) -> std::slice::Iter<'_, DslError> {
        self.0.iter()
    }

    /// The problems as a vector.
    pub fn into_vec(self) -> Vec<DslError> {
        self.0
    }
}

impl std::fmt::Display for DslErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DslErrors {}
