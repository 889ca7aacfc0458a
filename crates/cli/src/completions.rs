//! `docker-dsl completions bash|zsh|fish|elvish|powershell` and `docker-dsl man`: the shell
//! completion script and the man page, both generated from the command's clap
//! definition so they never drift from it.

use std::io::Write as _;

use clap_complete::Shell;

use crate::error::CliError;

/// The arguments of `docker-dsl completions`.
#[derive(Debug, clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in (bash: save the script as
    /// ~/.local/share/bash-completion/completions/docker-dsl; zsh: as
    /// `_docker-dsl` on $fpath; fish: as ~/.config/fish/completions/docker-dsl.fish).
    #[arg(value_enum)]
    shell: Shell,
}

/// Prints the completion script for `args.shell` of `command`.
pub(crate) fn run(args: &CompletionsArgs, mut command: clap::Command) -> Result<i32, CliError> {
    let shell = args.shell;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "docker-dsl", &mut script);
    if matches!(shell, Shell::Bash) {
        script = mend_bash_states(&script).into_bytes();
    }
    print_bytes(&script)
}

/// clap_complete 4.6 spells a subcommand's state `docker__dsl__subcmd__init`
/// in the loop that reads the words but `docker__subcmd__dsl__subcmd__init` in
/// the arms that offer its options, so past a subcommand bash completes
/// nothing when the binary name has a hyphen (clap-rs/clap#6421, open). The
/// arms get the loop's spelling.
fn mend_bash_states(script: &[u8]) -> String {
    String::from_utf8_lossy(script).replace("docker__subcmd__dsl", "docker__dsl")
}

/// Prints the man page (roff) of `command`: `docker-dsl man > docker-dsl.1`.
pub(crate) fn man(command: clap::Command) -> Result<i32, CliError> {
    let mut page = Vec::new();
    match clap_mangen::Man::new(command).render(&mut page) {
        Ok(()) => print_bytes(&page),
        Err(e) => Err(CliError::usage(format!("cannot render the man page: {e}"))),
    }
}

fn print_bytes(bytes: &[u8]) -> Result<i32, CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(CliError::usage(format!("cannot write to stdout: {e}"))),
    }
}
