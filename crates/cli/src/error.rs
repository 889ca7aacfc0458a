//! Everything that stops a `docker-dsl` command. Subcommands return these;
//! [`crate::run`] prints them in one place, with one prefix, and exits with
//! [`CliError::exit_code`].

use crate::recipe_runner::RunFailure;

/// Why a command stopped without doing its job.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line is wrong: an unknown option, a missing or bad value.
    #[error("{message}")]
    Usage {
        /// What is wrong and how to write it.
        message: String,
    },
    /// A recipe flag or a render option is wrong.
    #[error(transparent)]
    Flags(#[from] dsl::DslError),
    /// The recipe could not be rendered; the message names its line.
    #[error("{message}")]
    Recipe {
        /// The host's message, `recipe.py:LINE: ...` where there is a line.
        message: String,
    },
    /// The user pressed Ctrl-C while the recipe ran.
    #[error("interrupted")]
    Interrupted,
    /// A failure already printed by the code that met it; only its exit
    /// code is left to return.
    #[error("exit code {code}")]
    Reported {
        /// The exit code to return.
        code: i32,
    },
    /// Writing the result failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// Where it was written (`the Dockerfile` for stdout).
        path: String,
        /// The system's reason.
        source: std::io::Error,
    },
    /// `build` refuses to start (a target, secret or ssh problem).
    #[error("{message}")]
    Build {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The engine cannot run the build.
    #[error("cannot build: {0}")]
    Engine(#[from] engine::EngineError),
    /// `verify` could not give an answer.
    #[error(transparent)]
    Verify(#[from] crate::verify::VerifyError),
}

impl CliError {
    /// The process exit status: 130 after Ctrl-C, else 2 (bad input, or
    /// the tool could not do its job).
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Interrupted => 130,
            CliError::Reported { code } => *code,
            _ => 2,
        }
    }

    /// Prints the error to stderr as `docker-dsl: error: ...` (nothing for
    /// Ctrl-C, which the user asked for) and returns the exit status.
    pub(crate) fn report(&self) -> i32 {
        if !matches!(self, CliError::Interrupted | CliError::Reported { .. }) {
            eprintln!("docker-dsl: error: {self}");
        }
        self.exit_code()
    }

    /// A command-line mistake.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        CliError::Usage {
            message: message.into(),
        }
    }
}

impl From<RunFailure> for CliError {
    fn from(failure: RunFailure) -> Self {
        match failure {
            RunFailure::Interrupted => CliError::Interrupted,
            RunFailure::Recipe { message } => CliError::Recipe { message },
        }
    }
}
