//! Turns the syntax tree into Dockerfile text.

use std::fmt::Write as _;

use crate::ast::{
    Add, CacheSharing, CopyInstruction, Directive, Document, ExecOrShell, FromInstruction,
    Healthcheck, Instruction, Mount, NetworkMode, Run, SecurityMode, Stage,
};
use crate::json::json_array;
use crate::quote::{
    dockerfile_key, dockerfile_word, flag_escaped, json_path, mount_field, needs_json_paths,
};
use crate::SyntaxVersion;

/// How text is written for the document's frontend.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// The line-continuation character.
    escape: char,
    /// Whether the frontend lexes mount values (1.3 and newer).
    lexed_mounts: bool,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            escape: '\\',
            lexed_mounts: true,
        }
    }
}

impl Document {
    /// Prints the document: directives, preamble, then the stages separated by
    /// one blank line, ending in a single newline.
    pub fn print(&self) -> String {
        let mut out = String::with_capacity(256);
        for directive in &self.directives {
            directive.print_into(&mut out);
            out.push('\n');
        }
        let style = Style {
            escape: self.escape_char(),
            lexed_mounts: self.frontend.is_none_or(|v| v >= SyntaxVersion::new(1, 3)),
        };
        for instruction in &self.preamble {
            instruction.print_into(&mut out, style);
            out.push('\n');
        }
        if !self.preamble.is_empty() && !self.stages.is_empty() {
            out.push('\n');
        }
        for (i, stage) in self.stages.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            stage.print_into(&mut out, style);
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
    fn print_into(&self, out: &mut String, style: Style) {
        self.from.print_into(out);
        for instruction in &self.body {
            out.push('\n');
            instruction.print_into(out, style);
        }
    }
}

impl FromInstruction {
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
        self.print_into(&mut out, Style::default());
        out
    }

    fn print_into(&self, out: &mut String, style: Style) {
        match self {
            Instruction::Run(run) => run.print_into(out, style),
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
                inner.print_into(out, style);
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
    if value.chars().any(|c| matches!(c, '"' | '\'' | '\\'))
        || value.trim() != value
        || value.starts_with("--")
        || value.starts_with('\u{feff}')
    {
        dockerfile_key(value)
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
            dockerfile_key(key),
            dockerfile_word(value)
        );
    }
}

impl Run {
    fn print_into(&self, out: &mut String, style: Style) {
        let escape = style.escape;
        out.push_str("RUN");
        let mut flagged = false;
        for mount in &self.mounts {
            out.push(' ');
            mount.print_into(out, style.lexed_mounts);
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

/// Builds the fields of one `--mount` value, escaped for the frontend.
struct MountFields {
    text: String,
    lexed: bool,
}

impl MountFields {
    fn field(&mut self, key: &str, value: &str) {
        self.text.push(',');
        self.text.push_str(&mount_field(key, value, self.lexed));
    }

    fn opt(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.field(key, value);
        }
    }

    fn ids(&mut self, mode: Option<u32>, uid: Option<u32>, gid: Option<u32>) {
        if let Some(mode) = mode {
            let _ = write!(self.text, ",mode={mode:04o}");
        }
        if let Some(uid) = uid {
            let _ = write!(self.text, ",uid={uid}");
        }
        if let Some(gid) = gid {
            let _ = write!(self.text, ",gid={gid}");
        }
    }
}

impl Mount {
    /// Prints the whole `--mount=...` flag (for the newest frontend).
    pub fn print(&self) -> String {
        let mut out = String::new();
        self.print_into(&mut out, true);
        out
    }

    /// Writes the flag; `lexed` when the frontend lexes mount values (1.3+).
    fn print_into(&self, out: &mut String, lexed: bool) {
        let mut fields = MountFields {
            text: String::from("--mount=type="),
            lexed,
        };
        self.fields(&mut fields);
        out.push_str(&flag_escaped(&fields.text));
    }

    fn fields(&self, out: &mut MountFields) {
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
                out.text.push_str("cache");
                out.field("target", target);
                out.opt("id", id.as_deref());
                if let Some(sharing) = sharing {
                    let name = match sharing {
                        CacheSharing::Shared => "shared",
                        CacheSharing::Locked => "locked",
                        CacheSharing::Private => "private",
                    };
                    let _ = write!(out.text, ",sharing={name}");
                }
                out.opt("from", from.as_deref());
                out.opt("source", source.as_deref());
                out.ids(*mode, *uid, *gid);
                if *ro {
                    out.text.push_str(",ro");
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
                out.text.push_str("secret");
                out.field("id", id);
                out.opt("target", target.as_deref());
                out.opt("env", env.as_deref());
                if let Some(required) = required {
                    let _ = write!(out.text, ",required={required}");
                }
                out.ids(*mode, *uid, *gid);
            }
            Mount::Ssh {
                id,
                target,
                required,
                mode,
                uid,
                gid,
            } => {
                out.text.push_str("ssh");
                out.opt("id", id.as_deref());
                out.opt("target", target.as_deref());
                if let Some(required) = required {
                    let _ = write!(out.text, ",required={required}");
                }
                out.ids(*mode, *uid, *gid);
            }
            Mount::Bind {
                source,
                target,
                from,
                rw,
            } => {
                out.text.push_str("bind");
                out.opt("source", source.as_deref());
                out.field("target", target);
                out.opt("from", from.as_deref());
                if *rw {
                    out.text.push_str(",rw");
                }
            }
            Mount::Tmpfs { target, size } => {
                out.text.push_str("tmpfs");
                out.field("target", target);
                out.opt("size", size.as_deref());
            }
        }
    }
}

impl CopyInstruction {
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

fn print_paths(out: &mut String, copy: &CopyInstruction) {
    let mut paths: Vec<&str> = copy.sources.iter().map(String::as_str).collect();
    paths.push(&copy.dest);
    out.push(' ');
    if needs_json_paths(&paths) {
        let escaped: Vec<_> = paths.iter().map(|p| json_path(p)).collect();
        out.push_str(&json_array(&escaped));
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
                from: FromInstruction {
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
            frontend: None,
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
        assert_eq!(mount.print(), "--mount=type=tmpfs,\\\"target=/a,b\\\"");
    }

    #[test]
    fn copy_switches_to_json_for_spaces() {
        let copy = Instruction::Copy(CopyInstruction {
            sources: vec!["my file".into()],
            dest: "/app/".into(),
            ..CopyInstruction::default()
        });
        assert_eq!(copy.print(), r#"COPY ["my file", "/app/"]"#);
        // A bare `<<x` would start a heredoc (frontend 1.4 and later).
        let copy = Instruction::Copy(CopyInstruction {
            sources: vec!["=".into()],
            dest: "<<=".into(),
            ..CopyInstruction::default()
        });
        assert_eq!(copy.print(), r#"COPY ["=", "<<="]"#);
    }
}
