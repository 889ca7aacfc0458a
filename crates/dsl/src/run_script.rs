//! The run builder's script: commands joined into one `RUN`, with the seed's
//! helpers (apt, cd scopes, echo redirects, downloads).

use dockerfile::quote::shell_double_quoted;

use crate::error::DslError;
use crate::location::Location;

/// Methods the Python run builder defines itself (`r.echo(...)`, `r.cd(...)`,
/// ...): a command of one of these names is not reachable as `r.<name>(...)`
/// but only as a raw line, `r("<name> ...")`.
pub const RUN_BUILDER_METHODS: &[&str] = &[
    "echo",
    "cd",
    "curl_bash",
    "install",
    "fetch_file",
    "apt_install",
    "add_apt_ppa",
    "add_apt_repo",
];

/// The value of a keyword flag on a builder command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagArg {
    /// `True`: a bare `--flag`.
    Switch,
    /// `False` or `None`: no flag at all.
    Omit,
    /// `--flag value`.
    Value(String),
    /// A list: `--flag a --flag b`.
    Values(Vec<String>),
}

/// An open `with r.cd(...)` scope.
#[derive(Debug, Clone)]
struct CdScope {
    /// Index of its `cd` command.
    index: usize,
    /// Number of `cd` commands when it opened.
    cds_before: usize,
}

/// An `echo` command of a [`RunScript`], which a redirect may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EchoId(usize);

/// The commands of one run block, in order.
#[derive(Debug, Clone, Default)]
pub struct RunScript {
    commands: Vec<String>,
    /// The echo added last, while no other command followed it.
    last_echo: Option<usize>,
    apt_updated: bool,
    apt_clean: bool,
    cd_scopes: Vec<CdScope>,
    cds: usize,
}

/// `K="v" K2="v2"`: shell assignments with double-quoted values.
pub(crate) fn assignments<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let parts: Vec<String> = pairs
        .map(|(k, v)| format!("{k}={}", shell_double_quoted(v)))
        .collect();
    parts.join(" ")
}

/// A keyword's option: `-q` for a one-letter name, else `--name` with `_`
/// written `-`.
fn flag_spelling(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(letter), None) => format!("-{letter}"),
        _ => format!("--{}", name.replace('_', "-")),
    }
}

/// Prefixes `K="v"` assignments onto `line`.
fn with_env(env: &[(String, String)], line: String) -> String {
    if env.is_empty() {
        return line;
    }
    format!(
        "{} {line}",
        assignments(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    )
}

impl RunScript {
    /// An empty script.
    pub fn new() -> Self {
        Self::default()
    }

    /// True when no command was added.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// The commands joined the seed's way: ` \` newline, two spaces, `&& `.
    pub fn script(&self) -> String {
        self.commands.join(" \\\n  && ")
    }

    /// The script with `export K="v"` first when `env` is not empty (the
    /// variables of `s.run(env=...)` used as a builder).
    pub fn script_with_exports(&self, env: &[(String, String)]) -> String {
        if env.is_empty() {
            return self.script();
        }
        let pairs = env.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        format!("export {} \\\n  && {}", assignments(pairs), self.script())
    }

    fn push(&mut self, line: String) {
        self.last_echo = None;
        self.commands.push(line);
    }

    /// `binary args... --flag value ...`, the builder's attribute commands.
    pub fn command(
        &mut self,
        binary: &str,
        args: &[String],
        flags: &[(String, FlagArg)],
        env: &[(String, String)],
    ) {
        let mut line = String::from(binary);
        for arg in args {
            line.push(' ');
            line.push_str(arg);
        }
        for (name, value) in flags {
            let flag = flag_spelling(name);
            match value {
                FlagArg::Switch => {
                    line.push(' ');
                    line.push_str(&flag);
                }
                FlagArg::Omit => {}
                FlagArg::Value(v) => {
                    line.push(' ');
                    line.push_str(&flag);
                    line.push(' ');
                    line.push_str(v);
                }
                FlagArg::Values(vs) => {
                    for v in vs {
                        line.push(' ');
                        line.push_str(&flag);
                        line.push(' ');
                        line.push_str(v);
                    }
                }
            }
        }
        self.push(with_env(env, line));
    }

    /// A raw command line, `r("...")`.
    pub fn raw(
        &mut self,
        line: &str,
        env: &[(String, String)],
        at: &Location,
    ) -> Result<(), DslError> {
        if line.trim().is_empty() {
            return Err(DslError::EmptyCommand {
                what: "r(\"\")",
                at: at.clone(),
            });
        }
        self.push(with_env(env, line.to_owned()));
        Ok(())
    }

    /// `echo "text"`: a command like any other, which
    /// [`Self::redirect_echo`] may then send to a file.
    pub fn echo(&mut self, text: &str) -> EchoId {
        self.push(format!("echo {}", shell_double_quoted(text)));
        let index = self.commands.len() - 1;
        self.last_echo = Some(index);
        EchoId(index)
    }

    /// Redirects `echo`, which must be the command added last: `> path`,
    /// or `>> path` when `append`.
    pub fn redirect_echo(
        &mut self,
        echo: EchoId,
        path: &str,
        append: bool,
        at: &Location,
    ) -> Result<(), DslError> {
        if self.last_echo != Some(echo.0) {
            return Err(DslError::LateRedirect { at: at.clone() });
        }
        let op = if append { ">>" } else { ">" };
        let line = &mut self.commands[echo.0];
        line.push_str(&format!(" {op} {path}"));
        self.last_echo = None;
        Ok(())
    }

    /// `cd path`; returns nothing, the scope is opened with [`Self::enter_cd`].
    pub fn cd(&mut self, path: &str) {
        self.cds += 1;
        self.push(format!("cd {path}"));
    }

    /// Opens a `with r.cd(...)` scope around the `cd` just added.
    pub fn enter_cd(&mut self) {
        let index = self.commands.len().saturating_sub(1);
        self.cd_scopes.push(CdScope {
            index,
            cds_before: self.cds,
        });
    }

    /// Closes the innermost cd scope, returning to the directory it left. A
    /// scope that changed directory again inside saves and restores `$PWD`
    /// (a plain `cd -` would return to the inner directory).
    pub fn exit_cd(&mut self) {
        let Some(scope) = self.cd_scopes.pop() else {
            return;
        };
        if self.cds == scope.cds_before {
            self.push("cd -".to_owned());
            return;
        }
        let var = format!("_dsl_cwd_{}", self.cd_scopes.len() + 1);
        self.commands.insert(scope.index, format!("{var}=\"$PWD\""));
        self.push(format!("cd \"${var}\""));
    }

    /// Pipes a remote script into `bash` over pinned TLS.
    pub fn curl_bash(&mut self, url: &str, args: &[String]) {
        let tail = if args.is_empty() {
            String::new()
        } else {
            format!(" -- {}", args.join(" "))
        };
        self.push(format!(
            "curl --proto '=https' --tlsv1.2 -sSf {url} | bash -s{tail}"
        ));
    }

    /// Downloads a tarball and extracts it into `target`.
    pub fn install(&mut self, url: &str, target: &str, strip: i64) {
        self.push(format!(
            "curl -fL {url} | tar xz -C {target} --strip-components={strip}"
        ));
    }

    /// Downloads one file, creating its directory first.
    pub fn fetch_file(&mut self, url: &str, dest: &str) {
        self.push(format!(
            "mkdir -p $(dirname {dest}) && curl -fsSL {url} -o {dest}"
        ));
    }

    /// Installs apt packages, running `apt-get update` first when the lists
    /// are stale.
    pub fn apt_install(
        &mut self,
        packages: &[String],
        fast: bool,
        at: &Location,
    ) -> Result<(), DslError> {
        if packages.is_empty() {
            return Err(DslError::NoPackages { at: at.clone() });
        }
        if !self.apt_updated || !self.apt_clean {
            self.push("apt-get update -y".to_owned());
            self.apt_updated = true;
            self.apt_clean = true;
        }
        let tool = if fast { "apt-fast" } else { "apt-get" };
        self.push(format!(
            "{tool} install -y --no-install-recommends {}",
            packages.join(" ")
        ));
        Ok(())
    }

    /// Adds a PPA; the next install updates the lists.
    pub fn add_apt_ppa(&mut self, ppa: &str) {
        self.push(format!("add-apt-repository {ppa} -y"));
        self.apt_clean = false;
    }

    /// Adds a signed third-party apt repository; the next install updates.
    pub fn add_apt_repo(&mut self, key_url: &str, repo_url: &str, name: &str) {
        self.push(format!(
            "wget -O- {key_url} | gpg --dearmor | tee /usr/share/keyrings/{name}.gpg > /dev/null"
        ));
        self.push(format!(
            "echo \"deb [signed-by=/usr/share/keyrings/{name}.gpg] {repo_url}\" | tee /etc/apt/sources.list.d/{name}.list"
        ));
        self.apt_clean = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_cd_scope_returns_with_cd_dash() {
        let mut r = RunScript::new();
        r.cd("/src");
        r.enter_cd();
        r.command("make", &["install".into()], &[], &[]);
        r.exit_cd();
        assert_eq!(r.script(), "cd /src \\\n  && make install \\\n  && cd -");
    }

    #[test]
    fn nested_cd_scopes_save_the_directory() {
        let mut r = RunScript::new();
        r.cd("a");
        r.enter_cd();
        r.cd("b");
        r.enter_cd();
        r.command("x", &[], &[], &[]);
        r.exit_cd();
        r.exit_cd();
        assert_eq!(
            r.commands,
            [
                "_dsl_cwd_1=\"$PWD\"",
                "cd a",
                "cd b",
                "x",
                "cd -",
                "cd \"$_dsl_cwd_1\""
            ]
        );
    }

    #[test]
    fn echo_is_a_command_that_a_redirect_may_follow() {
        let at = Location::default();
        let mut r = RunScript::new();
        r.command("ls", &[], &[], &[]);
        r.echo("after");
        let echo = r.echo("to a file");
        r.redirect_echo(echo, "/f", true, &at).expect("just added");
        assert_eq!(
            r.commands,
            ["ls", "echo \"after\"", "echo \"to a file\" >> /f"]
        );
        let late = r.echo("x");
        r.command("true", &[], &[], &[]);
        assert!(r.redirect_echo(late, "/g", false, &at).is_err());
        assert!(
            r.redirect_echo(echo, "/g", false, &at).is_err(),
            "redirected twice"
        );
    }

    #[test]
    fn one_letter_keywords_are_short_options() {
        let mut r = RunScript::new();
        let flags = [
            ("q".to_owned(), FlagArg::Switch),
            ("c".to_owned(), FlagArg::Value("c.txt".into())),
            ("no_deps".to_owned(), FlagArg::Switch),
        ];
        r.command("pip", &["install".into()], &flags, &[]);
        assert_eq!(r.script(), "pip install -q -c c.txt --no-deps");
    }

    #[test]
    fn apt_updates_once_until_a_source_is_added() {
        let at = Location::default();
        let mut r = RunScript::new();
        r.apt_install(&["git".into()], false, &at)
            .expect("packages");
        r.apt_install(&["curl".into()], true, &at)
            .expect("packages");
        r.add_apt_ppa("ppa:x/y");
        r.apt_install(&["z".into()], false, &at).expect("packages");
        assert_eq!(
            r.commands,
            [
                "apt-get update -y",
                "apt-get install -y --no-install-recommends git",
                "apt-fast install -y --no-install-recommends curl",
                "add-apt-repository ppa:x/y -y",
                "apt-get update -y",
                "apt-get install -y --no-install-recommends z",
            ]
        );
        assert!(r.apt_install(&[], false, &at).is_err());
    }
}
