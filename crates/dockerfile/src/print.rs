//! Turns the syntax tree into Dockerfile text.

use std::fmt::Write as _;

use crate::ast::{
    Add, CacheSharing, CopyInstruction, Directive, Document, ExecOrShell, FromInstruction,
    Healthcheck, Instruction, Mount, Run,
};
use crate::json::json_array;
use crate::quote::{
    dockerfile_key, dockerfile_word, flag_escaped, json_path, mount_field, needs_json_paths,
};
use crate::source_map::{InstructionId, SourceMap, Span};
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
        self.print_mapped().0
    }

    /// Prints the document as [`Document::print`] does, and records the lines
    /// each instruction occupies in the text.
    pub fn print_mapped(&self) -> (String, SourceMap) {
        let mut out = Lines::default();
        for (i, directive) in self.directives.iter().enumerate() {
            out.record(InstructionId::Directive(i), |text| {
                directive.print_into(text)
            });
            out.text.push('\n');
        }
        let style = Style {
            escape: self.escape_char(),
            lexed_mounts: self.frontend.is_none_or(|v| v >= SyntaxVersion::new(1, 3)),
        };
        for (i, instruction) in self.preamble.iter().enumerate() {
            out.record(InstructionId::Preamble(i), |text| {
                instruction.print_into(text, style)
            });
            out.text.push('\n');
        }
        if !self.preamble.is_empty() && !self.stages.is_empty() {
            out.text.push('\n');
        }
        for (index, stage) in self.stages.iter().enumerate() {
            if index > 0 {
                out.text.push_str("\n\n");
            }
            out.record(InstructionId::From { stage: index }, |text| {
                stage.from.print_into(text)
            });
            for (i, instruction) in stage.body.iter().enumerate() {
                out.text.push('\n');
                out.record(
                    InstructionId::Body {
                        stage: index,
                        index: i,
                    },
                    |text| {
                        instruction.print_into(text, style);
                    },
                );
            }
        }
        if !self.stages.is_empty() {
            out.text.push('\n');
        }
        (out.text, out.map)
    }
}

/// Text being printed, with the lines each instruction took.
#[derive(Default)]
struct Lines {
    text: String,
    map: SourceMap,
    /// Newlines in `text` up to `counted`.
    newlines: usize,
    counted: usize,
}

impl Lines {
    /// Prints one instruction with `print` and records its lines under `id`.
    fn record(&mut self, id: InstructionId, print: impl FnOnce(&mut String)) {
        self.newlines += self.text[self.counted..].matches('\n').count();
        let start_line = self.newlines + 1;
        let start = self.text.len();
        print(&mut self.text);
        let own = self.text[start..].matches('\n').count();
        self.newlines += own;
        self.counted = self.text.len();
        self.map.insert(
            id,
            Span {
                start_line,
                end_line: start_line + own,
            },
        );
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
            Instruction::Env(pairs) => print_pairs(out, "ENV", pairs, style.escape),
            Instruction::Label(pairs) => print_pairs(out, "LABEL", pairs, style.escape),
            Instruction::Arg { name, default } => {
                let _ = write!(out, "ARG {name}");
                if let Some(value) = default {
                    let _ = write!(out, "={}", dockerfile_word(value, style.escape));
                }
            }
            Instruction::Workdir(path) => {
                let _ = write!(out, "WORKDIR {}", keep_spaces_word(path, style.escape));
            }
            Instruction::Copy(copy) => {
                out.push_str("COPY");
                copy.print_flags(out);
                print_paths(out, copy, style.escape);
            }
            Instruction::Add(add) => add.print_into(out, style.escape),
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
fn keep_spaces_word(value: &str, escape: char) -> std::borrow::Cow<'_, str> {
    if value
        .chars()
        .any(|c| matches!(c, '"' | '\'' | '\\') || c == escape)
        || value.trim() != value
        || value.starts_with("--")
        || value.starts_with('\u{feff}')
    {
        dockerfile_key(value, escape)
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

fn print_pairs(out: &mut String, keyword: &str, pairs: &[(String, String)], escape: char) {
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = write!(
            out,
            "{keyword} {}={}",
            dockerfile_key(key, escape),
            dockerfile_word(value, escape)
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
            mount.print_into(out, style);
            flagged = true;
        }
        if let Some(network) = self.network {
            let _ = write!(out, " --network={}", network.as_str());
            flagged = true;
        }
        if let Some(security) = self.security {
            let _ = write!(out, " --security={}", security.as_str());
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
    style: Style,
}

impl MountFields {
    fn field(&mut self, key: &str, value: &str) {
        self.text.push(',');
        self.text.push_str(&mount_field(
            key,
            value,
            self.style.lexed_mounts,
            self.style.escape,
        ));
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
        self.print_into(&mut out, Style::default());
        out
    }

    /// Writes the flag, its values escaped for the frontend's lexer.
    fn print_into(&self, out: &mut String, style: Style) {
        let mut fields = MountFields {
            text: String::from("--mount=type="),
            style,
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

fn print_paths(out: &mut String, copy: &CopyInstruction, escape: char) {
    let mut paths: Vec<&str> = copy.sources.iter().map(String::as_str).collect();
    paths.push(&copy.dest);
    out.push(' ');
    if needs_json_paths(&paths, escape) {
        let escaped: Vec<_> = paths.iter().map(|p| json_path(p, escape)).collect();
        out.push_str(&json_array(&escaped));
    } else {
        out.push_str(&paths.join(" "));
    }
}

impl Add {
    fn print_into(&self, out: &mut String, escape: char) {
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
        print_paths(out, &self.copy, escape);
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
    use crate::Stage;

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
    fn the_printed_map_gives_each_instruction_its_lines() {
        let run = |script: &str, mounts: Vec<Mount>| {
            Instruction::Run(Run {
                mounts,
                script: script.into(),
                ..Run::default()
            })
        };
        let doc = Document {
            directives: vec![Directive::Syntax("docker/dockerfile:1".into())],
            preamble: vec![Instruction::Arg {
                name: "V".into(),
                default: None,
            }],
            stages: vec![
                Stage {
                    from: FromInstruction {
                        image: "alpine".into(),
                        name: Some("a".into()),
                        platform: None,
                    },
                    body: vec![run("a \\\n  && b", vec![cache("/c", CacheSharing::Locked)])],
                },
                Stage {
                    from: FromInstruction {
                        image: "a".into(),
                        name: None,
                        platform: None,
                    },
                    body: vec![run("c", vec![])],
                },
            ],
            frontend: None,
        };
        let (text, map) = doc.print_mapped();
        assert_eq!(text, doc.print());
        let lines: Vec<&str> = text.lines().collect();
        for (id, span) in map.iter() {
            let first = lines[span.start_line - 1];
            let expected = match id {
                InstructionId::Directive(_) => "# syntax",
                InstructionId::Preamble(_) => "ARG",
                InstructionId::From { .. } => "FROM",
                InstructionId::Body { .. } => "RUN",
            };
            assert!(first.starts_with(expected), "{id:?} at {span:?}: {first}");
        }
        let mut spans: Vec<(usize, usize)> = map
            .iter()
            .map(|(_, s)| (s.start_line, s.end_line))
            .collect();
        spans.sort_unstable();
        assert_eq!(spans, [(1, 1), (2, 2), (4, 4), (5, 7), (9, 9), (10, 10)]);
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
