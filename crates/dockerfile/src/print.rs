//! Turns the syntax tree into Dockerfile text.

use std::fmt::Write as _;

use crate::ast::{
    Add, CacheSharing, Copy, Directive, Document, ExecOrShell, From, Healthcheck, Instruction,
    Mount, NetworkMode, Run, SecurityMode, Stage,
};
use crate::json::json_array;
use crate::quote::{dockerfile_word, needs_json_paths};

impl Document {
    /// Prints the document: directives, preamble, then the stages separated by
    /// one blank line, ending in a single newline.
    pub fn print(&self) -> String {
        let mut out = String::with_capacity(256);
        for directive in &self.directives {
            directive.print_into(&mut out);
            out.push('\n');
        }
        for instruction in &self.preamble {
            instruction.print_into(&mut out, '\\');
            out.push('\n');
        }
        if !self.preamble.is_empty() && !self.stages.is_empty() {
            out.push('\n');
        }
        let escape = self.escape_char();
        for (i, stage) in self.stages.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            stage.print_into(&mut out, escape);
        }
        if !self.stages.is_empty() {
            out.push('\n');
        }
        out
    }
}

impl Directive {
    fn print_into(&self, out: &mut String) {
        match self {
            Directive::Syntax(image) => {
                let _ = write!(out, "# syntax={image}");
            }
            Directive::Escape(ch) => {
                let _ = write!(out, "# escape={ch}");
            }
            Directive::Check(rules) => {
                let _ = write!(out, "# check={rules}");
            }
        }
    }
}

impl Document {
    /// The line-continuation character: a backslash, or the `# escape=` directive's.
    pub fn escape_char(&self) -> char {
        self.directives
            .iter()
            .find_map(|d| match d {
                Directive::Escape(c) => Some(*c),
                _ => None,
            })
            .unwrap_or('\\')
    }
}

impl Stage {
    fn print_into(&self, out: &mut String, escape: char) {
        self.from.print_into(out);
        for instruction in &self.body {
            out.push('\n');
            instruction.print_into(out, escape);
        }
    }
}

impl From {
    fn print_into(&self, out: &mut String) {
        out.push_str("FROM ");
        if let Some(platform) = &self.platform {
            let _ = write!(out, "--platform={platform} ");
        }
        out.push_str(&self.image);
        if let Some(name) = &self.name {
            let _ = write!(out, " AS {name}");
        }
    }
}

impl Instruction {
    /// Prints this one instruction (several lines for multi-pair `ENV`/`LABEL`).
    pub fn print(&self) -> String {
        let mut out = String::new();
        self.print_into(&mut out, '\\');
        out
    }

    fn print_into(&self, out: &mut String, escape: char) {
        match self {
            Instruction::Run(run) => run.print_into(out, escape),
            Instruction::Env(pairs) => print_pairs(out, "ENV", pairs),
            Instruction::Label(pairs) => print_pairs(out, "LABEL", pairs),
            Instruction::Arg { name, default } => {
                let _ = write!(out, "ARG {name}");
                if let Some(value) = default {
                    let _ = write!(out, "={}", dockerfile_word(value));
                }
            }
            Instruction::Workdir(path) => {
                let _ = write!(out, "WORKDIR {}", keep_spaces_word(path));
            }
            Instruction::Copy(copy) => {
                out.push_str("COPY");
                copy.print_flags(out);
                print_paths(out, copy);
            }
            Instruction::Add(add) => add.print_into(out),
            Instruction::Entrypoint(form) => {
                out.push_str("ENTRYPOINT ");
                form.print_into(out);
            }
            Instruction::Cmd(form) => {
                out.push_str("CMD ");
                form.print_into(out);
            }
            Instruction::User(user) => {
                let _ = write!(out, "USER {user}");
            }
            Instruction::Expose(ports) => {
                let _ = write!(out, "EXPOSE {}", ports.join(" "));
            }
            Instruction::Volume(paths) => {
                let _ = write!(out, "VOLUME {}", json_array(paths));
            }
            Instruction::Healthcheck(check) => check.print_into(out),
            Instruction::Shell(argv) => {
                let _ = write!(out, "SHELL {}", json_array(argv));
            }
            Instruction::Stopsignal(signal) => {
                let _ = write!(out, "STOPSIGNAL {signal}");
            }
            Instruction::Onbuild(inner) => {
                out.push_str("ONBUILD ");
                inner.print_into(out, escape);
            }
            Instruction::Comment(text) => {
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    if line.is_empty() {
                        out.push('#');
                    } else {
                        let _ = write!(out, "# {line}");
                    }
                }
            }
            Instruction::Raw(text) => out.push_str(text),
        }
    }
}

/// A value BuildKit reads as the rest of the line: spaces survive, but quotes
/// and backslashes would be removed by its lexer, so those force quoting.
fn keep_spaces_word(value: &str) -> std::borrow::Cow<'_, str> {
    if value.chars().any(|c| matches!(c, '"' | '\'' | '\\')) || value.trim() != value {
        dockerfile_word(value)
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

fn print_pairs(out: &mut String, keyword: &str, pairs: &[(String, String)]) {
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = write!(
            out,
            "{keyword} {}={}",
            dockerfile_word(key),
            dockerfile_word(value)
        );
    }
}

impl Run {
    fn print_into(&self, out: &mut String, escape: char) {
        out.push_str("RUN");
        let mut flagged = false;
        for mount in &self.mounts {
            out.push(' ');
            mount.print_into(out);
            flagged = true;
        }
        if let Some(network) = self.network {
            let name = match network {
                NetworkMode::Default => "default",
                NetworkMode::None => "none",
                NetworkMode::Host => "host",
            };
            let _ = write!(out, " --network={name}");
            flagged = true;
        }
        if let Some(security) = self.security {
            let name = match security {
                SecurityMode::Sandbox => "sandbox",
                SecurityMode::Insecure => "insecure",
            };
            let _ = write!(out, " --security={name}");
            flagged = true;
        }
        if flagged {
            let _ = write!(out, " {escape}\n  ");
        } else {
            out.push(' ');
        }
        if escape == '\\' {
            out.push_str(&self.script);
        } else {
            out.push_str(&self.script.replace(" \\\n", &format!(" {escape}\n")));
        }
        for (marker, body) in &self.heredocs {
            let _ = write!(out, "\n{body}\n{marker}");
        }
    }
}

/// Writes one `key=value` field of a `--mount` value, CSV-quoted when the
/// value holds a comma or a quote (BuildKit reads the value as CSV).
fn push_field(out: &mut String, key: &str, value: &str) {
    out.push(',');
    if value.contains([',', '"']) {
        let _ = write!(out, "\"{key}={}\"", value.replace('"', "\"\""));
    } else {
        let _ = write!(out, "{key}={value}");
    }
}

fn push_opt(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        push_field(out, key, value);
    }
}

fn push_ids(out: &mut String, mode: Option<u32>, uid: Option<u32>, gid: Option<u32>) {
    if let Some(mode) = mode {
        let _ = write!(out, ",mode={mode:04o}");
    }
    if let Some(uid) = uid {
        let _ = write!(out, ",uid={uid}");
    }
    if let Some(gid) = gid {
        let _ = write!(out, ",gid={gid}");
    }
}

impl Mount {
    /// Prints the whole `--mount=...` flag.
    pub fn print(&self) -> String {
        let mut out = String::new();
        self.print_into(&mut out);
        out
    }

    fn print_into(&self, out: &mut String) {
        match self {
            Mount::Cache {
                target,
                id,
                sharing,
                ro,
                from,
                source,
                mode,
                uid,
                gid,
            } => {
                out.push_str("--mount=type=cache");
                push_field(out, "target", target);
                push_opt(out, "id", id.as_deref());
                if let Some(sharing) = sharing {
                    let name = match sharing {
                        CacheSharing::Shared => "shared",
                        CacheSharing::Locked => "locked",
                        CacheSharing::Private => "private",
                    };
                    let _ = write!(out, ",sharing={name}");
                }
                push_opt(out, "from", from.as_deref());
                push_opt(out, "source", source.as_deref());
                push_ids(out, *mode, *uid, *gid);
                if *ro {
                    out.push_str(",ro");
                }
            }
            Mount::Secret {
                id,
                target,
                env,
                required,
                mode,
                uid,
                gid,
            } => {
                out.push_str("--mount=type=secret");
                push_field(out, "id", id);
                push_opt(out, "target", target.as_deref());
                push_opt(out, "env", env.as_deref());
                if let Some(required) = required {
                    let _ = write!(out, ",required={required}");
                }
                push_ids(out, *mode, *uid, *gid);
            }
            Mount::Ssh {
                id,
                target,
                required,
                mode,
                uid,
                gid,
            } => {
                out.push_str("--mount=type=ssh");
                push_opt(out, "id", id.as_deref());
                push_opt(out, "target", target.as_deref());
                if let Some(required) = required {
                    let _ = write!(out, ",required={required}");
                }
                push_ids(out, *mode, *uid, *gid);
            }
            Mount::Bind {
                source,
                target,
                from,
                rw,
            } => {
                out.push_str("--mount=type=bind");
                push_opt(out, "source", source.as_deref());
                push_field(out, "target", target);
                push_opt(out, "from", from.as_deref());
                if *rw {
                    out.push_str(",rw");
                }
            }
            Mount::Tmpfs { target, size } => {
                out.push_str("--mount=type=tmpfs");
                push_field(out, "target", target);
                push_opt(out, "size", size.as_deref());
            }
        }
    }
}

impl Copy {
    fn print_flags(&self, out: &mut String) {
        if let Some(from) = &self.from {
            let _ = write!(out, " --from={from}");
        }
        if self.link {
            out.push_str(" --link");
        }
        if let Some(chown) = &self.chown {
            let _ = write!(out, " --chown={chown}");
        }
        if let Some(chmod) = &self.chmod {
            let _ = write!(out, " --chmod={chmod}");
        }
        if self.parents {
            out.push_str(" --parents");
        }
        for pattern in &self.exclude {
            let _ = write!(out, " --exclude={pattern}");
        }
    }
}

fn print_paths(out: &mut String, copy: &Copy) {
    let mut paths: Vec<&str> = copy.sources.iter().map(String::as_str).collect();
    paths.push(&copy.dest);
    out.push(' ');
    if needs_json_paths(&paths) {
        out.push_str(&json_array(&paths));
    } else {
        out.push_str(&paths.join(" "));
    }
}

impl Add {
    fn print_into(&self, out: &mut String) {
        out.push_str("ADD");
        self.copy.print_flags(out);
        if let Some(checksum) = &self.checksum {
            let _ = write!(out, " --checksum={checksum}");
        }
        if self.keep_git_dir {
            out.push_str(" --keep-git-dir");
        }
        if let Some(unpack) = self.unpack {
            let _ = write!(out, " --unpack={unpack}");
        }
        print_paths(out, &self.copy);
    }
}

impl ExecOrShell {
    fn print_into(&self, out: &mut String) {
        match self {
            ExecOrShell::Exec(argv) => out.push_str(&json_array(argv)),
            ExecOrShell::Shell(line) => out.push_str(line),
        }
    }
}

impl Healthcheck {
    fn print_into(&self, out: &mut String) {
        match self {
            Healthcheck::None => out.push_str("HEALTHCHECK NONE"),
            Healthcheck::Check {
                command,
                interval,
                timeout,
                start_period,
                start_interval,
                retries,
            } => {
                out.push_str("HEALTHCHECK");
                for (flag, value) in [
                    ("interval", interval),
                    ("timeout", timeout),
                    ("start-period", start_period),
                    ("start-interval", start_interval),
                ] {
                    if let Some(value) = value {
                        let _ = write!(out, " --{flag}={value}");
                    }
                }
                if let Some(retries) = retries {
                    let _ = write!(out, " --retries={retries}");
                }
                out.push_str(" CMD ");
                command.print_into(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(target: &str, sharing: CacheSharing) -> Mount {
        Mount::Cache {
            target: target.into(),
            id: None,
            sharing: Some(sharing),
            ro: false,
            from: None,
            source: None,
            mode: None,
            uid: None,
            gid: None,
        }
    }

    #[test]
    fn prints_the_seed_guide_example() {
        let doc = Document {
            directives: vec![Directive::Syntax("docker/dockerfile:1".into())],
            preamble: vec![],
            stages: vec![Stage {
                from: From {
                    image: "python:3.13-slim".into(),
                    name: Some("base".into()),
                    platform: None,
                },
                body: vec![
                    Instruction::Workdir("/app".into()),
                    Instruction::Run(Run {
                        mounts: vec![
                            Mount::Bind {
                                source: Some(".".into()),
                                target: "/app".into(),
                                from: None,
                                rw: false,
                            },
                            cache("/root/.cache/pip", CacheSharing::Shared),
                        ],
                        script: "pip install --requirement requirements.txt".into(),
                        ..Run::default()
                    }),
                ],
            }],
        };
        assert_eq!(
            doc.print(),
            "# syntax=docker/dockerfile:1\nFROM python:3.13-slim AS base\nWORKDIR /app\n\
             RUN --mount=type=bind,source=.,target=/app --mount=type=cache,target=/root/.cache/pip,sharing=shared \\\n  \
             pip install --requirement requirements.txt\n"
        );
    }

    #[test]
    fn mount_values_with_commas_are_csv_quoted() {
        let mount = Mount::Tmpfs {
            target: "/a,b".into(),
            size: None,
        };
        assert_eq!(mount.print(), "--mount=type=tmpfs,\"target=/a,b\"");
    }

    #[test]
    fn copy_switches_to_json_for_spaces() {
        let copy = Instruction::Copy(Copy {
            sources: vec!["my file".into()],
            dest: "/app/".into(),
            ..Copy::default()
        });
        assert_eq!(copy.print(), r#"COPY ["my file", "/app/"]"#);
    }
}
