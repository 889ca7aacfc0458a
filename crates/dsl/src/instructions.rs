//! One checked constructor per instruction. The Rust builder API and the
//! Python bindings both record instructions through these methods only, so a
//! value that BuildKit would not read back as the instruction meant (a line
//! break, an unfinished `${`, an empty path) is refused in one place.

use dockerfile::{Add, CopyInstruction, Healthcheck, Instruction, NetworkMode, SecurityMode};

use crate::error::DslError;
use crate::location::Location;
use crate::recipe::{
    check_key, check_no_nul, check_single_line, check_word, Recipe, RunBody, StageId,
};
use crate::run_script::RunScript;
use crate::values;

/// `COPY` options as a recipe gives them.
#[derive(Debug, Clone, Default)]
pub struct CopySpec {
    /// The sources (at least one).
    pub sources: Vec<String>,
    /// The destination; `None` means the only source's path.
    pub dest: Option<String>,
    /// `--from=`: a stage name or an image.
    pub from: Option<String>,
    /// `--link`; `None` applies the seed's default: linked when copying from
    /// a stage or an image (left out for frontends older than 1.4).
    pub link: Option<bool>,
    /// `--chown=`.
    pub chown: Option<String>,
    /// `--chmod=`.
    pub chmod: Option<String>,
    /// `--parents`.
    pub parents: bool,
    /// `--exclude=` patterns.
    pub exclude: Vec<String>,
}

/// `ADD` options as a recipe gives them.
#[derive(Debug, Clone, Default)]
pub struct AddSpec {
    /// Sources, destination and the flags `ADD` shares with `COPY`
    /// (`from` must stay `None`).
    pub copy: CopySpec,
    /// `--checksum=`.
    pub checksum: Option<String>,
    /// `--keep-git-dir`.
    pub keep_git_dir: bool,
    /// `--unpack=`.
    pub unpack: Option<bool>,
}

/// A `HEALTHCHECK` command and its options; durations like `30s`.
#[derive(Debug, Clone, Default)]
pub struct HealthcheckSpec {
    /// The check's argv (exec form), or its words joined (shell form).
    pub argv: Vec<String>,
    /// Shell form instead of exec form.
    pub shell: bool,
    /// `--interval=`.
    pub interval: Option<String>,
    /// `--timeout=`.
    pub timeout: Option<String>,
    /// `--start-period=`.
    pub start_period: Option<String>,
    /// `--start-interval=`.
    pub start_interval: Option<String>,
    /// `--retries=`.
    pub retries: Option<u32>,
}

impl CopySpec {
    /// Checks the paths and flags and builds the instruction; `what` names
    /// the call in messages (`copy()`, `add()`).
    fn build(self, what: &str, at: &Location) -> Result<CopyInstruction, DslError> {
        let (sources, dest) = values::copy_paths(self.sources, self.dest, what, at)?;
        for (flag, value) in [("chown=", &self.chown), ("chmod=", &self.chmod)] {
            if let Some(value) = value {
                values::check_flag_value(&format!("{what} {flag}"), value, at)?;
            }
        }
        if let Some(from) = &self.from {
            values::check_flag_value(&format!("{what} from"), from, at)?;
        }
        for pattern in &self.exclude {
            values::check_flag_value(&format!("{what} exclude="), pattern, at)?;
        }
        Ok(CopyInstruction {
            sources,
            dest,
            from: self.from,
            link: self.link.unwrap_or(false),
            chown: self.chown,
            chmod: self.chmod,
            parents: self.parents,
            exclude: self.exclude,
        })
    }
}

impl Recipe {
    /// `ARG name[=default]`; with `env`, also `ENV name=${name}`.
    pub fn arg(
        &mut self,
        id: StageId,
        name: &str,
        default: Option<String>,
        env: bool,
        at: &Location,
    ) -> Result<(), DslError> {
        values::check_variable_name("ARG name", name, at)?;
        if let Some(value) = &default {
            check_word("ARG value", value, at)?;
        }
        let name = name.to_owned();
        self.push(
            id,
            Instruction::Arg {
                name: name.clone(),
                default,
            },
            at,
            Vec::new(),
        );
        if env {
            let value = format!("${{{name}}}");
            self.push(id, Instruction::Env(vec![(name, value)]), at, Vec::new());
        }
        Ok(())
    }

    /// `ENV PATH=<dirs>:$PATH`.
    pub fn add_to_path(
        &mut self,
        id: StageId,
        mut dirs: Vec<String>,
        at: &Location,
    ) -> Result<(), DslError> {
        for dir in &dirs {
            check_word("add_to_path() entry", dir, at)?;
        }
        dirs.push("$PATH".to_owned());
        let pairs = vec![("PATH".to_owned(), dirs.join(":"))];
        self.push(id, Instruction::Env(pairs), at, Vec::new());
        Ok(())
    }

    /// `WORKDIR path` (not empty).
    pub fn workdir(&mut self, id: StageId, path: String, at: &Location) -> Result<(), DslError> {
        values::check_not_empty("workdir()", &path, "a directory, e.g. \"/app\"", at)?;
        check_word("WORKDIR", &path, at)?;
        self.push(id, Instruction::Workdir(path), at, Vec::new());
        Ok(())
    }

    /// `USER user[:group]` (not empty).
    pub fn user(
        &mut self,
        id: StageId,
        user: String,
        group: Option<String>,
        at: &Location,
    ) -> Result<(), DslError> {
        values::check_not_empty("user()", &user, "a user name or id, e.g. \"app\"", at)?;
        values::check_bare_word("user()", &user, at)?;
        let text = match group {
            Some(group) => {
                values::check_not_empty("user() group", &group, "a group, e.g. \"app\"", at)?;
                values::check_bare_word("user() group", &group, at)?;
                format!("{user}:{group}")
            }
            None => user,
        };
        self.push(id, Instruction::User(text), at, Vec::new());
        Ok(())
    }

    /// `LABEL k=v`, one line per pair (nothing for no pairs).
    pub fn label(
        &mut self,
        id: StageId,
        pairs: Vec<(String, String)>,
        at: &Location,
    ) -> Result<(), DslError> {
        for (key, value) in &pairs {
            check_key("LABEL key", key, at)?;
            check_word(&format!("LABEL {key}"), value, at)?;
        }
        if !pairs.is_empty() {
            self.push(id, Instruction::Label(pairs), at, Vec::new());
        }
        Ok(())
    }

    /// `COPY`; `uses` are the stages of this build it reads.
    pub fn copy(
        &mut self,
        id: StageId,
        spec: CopySpec,
        uses: Vec<StageId>,
        at: &Location,
    ) -> Result<(), DslError> {
        let implicit_link = spec.link.is_none() && spec.from.is_some();
        let mut copy = spec.build("copy()", at)?;
        copy.link |= implicit_link;
        self.push_copy(id, copy, implicit_link, at, uses);
        Ok(())
    }

    /// `ADD`: URLs, git repositories and archives.
    pub fn add(&mut self, id: StageId, spec: AddSpec, at: &Location) -> Result<(), DslError> {
        if let Some(checksum) = &spec.checksum {
            values::check_flag_value("add() checksum=", checksum, at)?;
        }
        let copy = CopySpec {
            from: None,
            ..spec.copy
        }
        .build("add()", at)?;
        let add = Add {
            copy,
            checksum: spec.checksum,
            keep_git_dir: spec.keep_git_dir,
            unpack: spec.unpack,
        };
        self.push(id, Instruction::Add(add), at, Vec::new());
        Ok(())
    }

    /// `ENTRYPOINT` in exec (JSON) form, or with `shell` the shell form.
    pub fn entrypoint(
        &mut self,
        id: StageId,
        argv: Vec<String>,
        shell: bool,
        at: &Location,
    ) -> Result<(), DslError> {
        let form = values::exec_or_shell(argv, shell, "entrypoint()", at)?;
        self.push(id, Instruction::Entrypoint(form), at, Vec::new());
        Ok(())
    }

    /// `CMD` in exec (JSON) form, or with `shell` the shell form.
    pub fn cmd(
        &mut self,
        id: StageId,
        argv: Vec<String>,
        shell: bool,
        at: &Location,
    ) -> Result<(), DslError> {
        let form = values::exec_or_shell(argv, shell, "cmd()", at)?;
        self.push(id, Instruction::Cmd(form), at, Vec::new());
        Ok(())
    }

    /// `EXPOSE` ports like `80`, `8080/tcp`, `53/udp`.
    pub fn expose(
        &mut self,
        id: StageId,
        ports: Vec<String>,
        at: &Location,
    ) -> Result<(), DslError> {
        values::check_ports(&ports, at)?;
        self.push(id, Instruction::Expose(ports), at, Vec::new());
        Ok(())
    }

    /// `VOLUME ["path", ...]`.
    pub fn volume(
        &mut self,
        id: StageId,
        paths: Vec<String>,
        at: &Location,
    ) -> Result<(), DslError> {
        for path in &paths {
            values::check_not_empty("volume()", path, "a path, e.g. \"/data\"", at)?;
            check_no_nul("volume()", path, at)?;
        }
        self.push(id, Instruction::Volume(paths), at, Vec::new());
        Ok(())
    }

    /// `HEALTHCHECK [options] CMD ...`, or `HEALTHCHECK NONE` for `None`.
    pub fn healthcheck(
        &mut self,
        id: StageId,
        spec: Option<HealthcheckSpec>,
        at: &Location,
    ) -> Result<(), DslError> {
        let check = match spec {
            None => Healthcheck::None,
            Some(spec) => {
                let command = values::exec_or_shell(spec.argv, spec.shell, "healthcheck()", at)?;
                for (what, value) in [
                    ("interval", &spec.interval),
                    ("timeout", &spec.timeout),
                    ("start_period", &spec.start_period),
                    ("start_interval", &spec.start_interval),
                ] {
                    if let Some(value) = value {
                        values::check_duration(&format!("healthcheck() {what}="), value, at)?;
                    }
                }
                Healthcheck::Check {
                    command,
                    interval: spec.interval,
                    timeout: spec.timeout,
                    start_period: spec.start_period,
                    start_interval: spec.start_interval,
                    retries: spec.retries,
                }
            }
        };
        self.push(id, Instruction::Healthcheck(check), at, Vec::new());
        Ok(())
    }

    /// `SHELL ["exe", "arg", ...]` (at least the executable).
    pub fn shell(&mut self, id: StageId, argv: Vec<String>, at: &Location) -> Result<(), DslError> {
        for word in &argv {
            check_no_nul("shell()", word, at)?;
        }
        if argv.first().is_none_or(String::is_empty) {
            return Err(DslError::MissingArgument {
                what: "shell()",
                needs:
                    "the shell's argv, e.g. s.shell(\"/bin/bash\", \"-o\", \"pipefail\", \"-c\")",
                at: at.clone(),
            });
        }
        self.push(id, Instruction::Shell(argv), at, Vec::new());
        Ok(())
    }

    /// `STOPSIGNAL signal`.
    pub fn stopsignal(
        &mut self,
        id: StageId,
        signal: String,
        at: &Location,
    ) -> Result<(), DslError> {
        values::check_not_empty("stopsignal()", &signal, "a signal, e.g. \"SIGTERM\"", at)?;
        values::check_bare_word("stopsignal()", &signal, at)?;
        self.push(id, Instruction::Stopsignal(signal), at, Vec::new());
        Ok(())
    }

    /// `ONBUILD <instruction>`, the instruction given as its text.
    pub fn onbuild(
        &mut self,
        id: StageId,
        instruction: String,
        at: &Location,
    ) -> Result<(), DslError> {
        check_single_line("onbuild()", &instruction, at)?;
        values::check_no_heredoc("onbuild()", &instruction, at)?;
        values::check_no_continuation("onbuild()", &instruction, at)?;
        let keyword = instruction
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        if matches!(keyword.as_str(), "" | "ONBUILD" | "FROM" | "MAINTAINER")
            || !keyword.chars().all(|c| c.is_ascii_alphabetic())
        {
            return Err(DslError::MissingArgument {
                what: "onbuild()",
                needs: "an instruction other than ONBUILD, FROM or MAINTAINER, e.g. \"RUN make\"",
                at: at.clone(),
            });
        }
        self.push(
            id,
            Instruction::Onbuild(Box::new(Instruction::Raw(instruction))),
            at,
            Vec::new(),
        );
        Ok(())
    }

    /// A `# comment`; several lines become several comment lines.
    pub fn comment(&mut self, id: StageId, text: String, at: &Location) -> Result<(), DslError> {
        if text.contains(['\r', '\0']) {
            return Err(DslError::BadValue {
                what: "comment()".into(),
                value: text,
                problem: "contains a carriage return or NUL; use \\n between comment lines".into(),
                at: at.clone(),
            });
        }
        self.push(id, Instruction::Comment(text), at, Vec::new());
        Ok(())
    }

    /// A line written as is: the escape hatch, unchecked by design.
    pub fn raw(&mut self, id: StageId, text: String, at: &Location) {
        self.push(id, Instruction::Raw(text), at, Vec::new());
    }
}

/// How the run builder joins commands: every line break of a one-line RUN
/// script must be one of these, so a word cannot start a new instruction.
const COMMAND_JOIN: &str = " \\\n  && ";

/// Checks a RUN body: a script's only line breaks are the builder's own
/// joins, and its last line does not continue onto the next instruction; a
/// heredoc holds no carriage return.
pub(crate) fn check_run_body(body: &RunBody, at: &Location) -> Result<(), DslError> {
    match body {
        RunBody::Script(script) => {
            for command in script.split(COMMAND_JOIN) {
                check_single_line("RUN command", command, at)?;
                values::check_no_heredoc("RUN command", command, at)?;
            }
            values::check_no_continuation("RUN command", script, at)
        }
        RunBody::Heredoc(text) if text.contains(['\r', '\0']) => Err(DslError::BadValue {
            what: "RUN script".into(),
            value: text.clone(),
            problem: "contains a carriage return or NUL; end its lines with \\n".into(),
            at: at.clone(),
        }),
        RunBody::Heredoc(_) => Ok(()),
    }
}

impl Recipe {
    /// `s.run(*words, env=...)`: one `RUN` of a command, its variables as
    /// `K="v"` prefixes; a single multi-line word (and no variables) is a
    /// heredoc script.
    pub fn run_command(
        &mut self,
        id: StageId,
        words: Vec<String>,
        env: &[(String, String)],
        options: RunOptions,
        at: &Location,
    ) -> Result<(), DslError> {
        for (key, _) in env {
            values::check_variable_name("run() env name", key, at)?;
        }
        let body = match words.as_slice() {
            [] => {
                return Err(DslError::EmptyCommand {
                    what: "RUN",
                    at: at.clone(),
                })
            }
            [script] if script.contains('\n') && env.is_empty() => RunBody::Heredoc(script.clone()),
            [binary, args @ ..] => {
                if let Some(multi) = words.iter().find(|w| w.contains(['\n', '\r'])) {
                    return Err(DslError::BadValue {
                        what: "run() word".into(),
                        value: multi.clone(),
                        problem: "has a line break; pass a whole multi-line script as the only argument (it becomes a heredoc)".into(),
                        at: at.clone(),
                    });
                }
                let mut script = RunScript::new();
                script.command(binary, args, &[], env);
                RunBody::Script(script.script())
            }
        };
        self.emit_run(id, body, options.network, options.security, at)
    }
}

/// `RUN --network=` and `--security=`, parsed from their names.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// `--network=`.
    pub network: Option<NetworkMode>,
    /// `--security=`.
    pub security: Option<SecurityMode>,
}

impl RunOptions {
    /// Parses `network=` (default, none, host) and `security=` (sandbox,
    /// insecure).
    pub fn parse(
        network: Option<&str>,
        security: Option<&str>,
        at: &Location,
    ) -> Result<Self, DslError> {
        Ok(Self {
            network: network.map(|n| values::network_mode(n, at)).transpose()?,
            security: security.map(|s| values::security_mode(s, at)).transpose()?,
        })
    }
}
