//! The walk from a parsed Dockerfile to the text of a Python recipe.

use std::collections::{BTreeSet, HashMap};

use dockerfile::{
    Add, CopyInstruction, Directive, ExecOrShell, Healthcheck, Instruction, InstructionId, Mount,
    Parsed, Run, Span, Stage,
};

use crate::error::ImportError;
use crate::mount_call::mount_call;
use crate::names::{is_identifier, StageVariables};
use crate::py_literal::{string, triple_quoted, with_statement, Call, Expr};
use crate::shell_chain::{commands, joined, plain_words};

/// Choices for [`to_python`].
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Turn global `ARG`s with a default into recipe flags
    /// (`context.register`), passed on to `global_arg`.
    pub flags_from_args: bool,
}

/// Commands that are methods of the run builder itself, so they are written
/// as raw lines (`r("echo ...")`) rather than as attribute calls.
const BUILDER_METHODS: &[&str] = &[
    "echo",
    "cd",
    "curl_bash",
    "install",
    "fetch_file",
    "apt_install",
    "add_apt_ppa",
    "add_apt_repo",
];

/// Writes the Dockerfile `text` as a Python recipe that renders back to the
/// same build.
pub fn to_python(text: &str, options: &ImportOptions) -> Result<String, ImportError> {
    let parsed = dockerfile::parse(text)?;
    let lines: Vec<&str> = text.lines().collect();
    Writer::new(&parsed, &lines, options).write()
}

struct Writer<'a> {
    parsed: &'a Parsed,
    /// The Dockerfile's lines, for instructions kept as their exact text.
    lines: &'a [&'a str],
    options: &'a ImportOptions,
    body: String,
    imports: BTreeSet<&'static str>,
    /// Stage name (lowercase) → its Python variable.
    stage_vars: HashMap<String, String>,
    variables: StageVariables,
    /// The last source line written, for blank-line placement.
    last_line: Option<usize>,
    /// True right after a stage's block ends.
    after_block: bool,
    /// Comments that end the previous stage, to stand before the next one.
    pending_comments: Vec<String>,
}

impl<'a> Writer<'a> {
    fn new(parsed: &'a Parsed, lines: &'a [&'a str], options: &'a ImportOptions) -> Self {
        Self {
            parsed,
            lines,
            options,
            body: String::new(),
            imports: BTreeSet::new(),
            stage_vars: HashMap::new(),
            variables: StageVariables::default(),
            last_line: None,
            after_block: false,
            pending_comments: Vec::new(),
        }
    }

    fn write(mut self) -> Result<String, ImportError> {
        let document = &self.parsed.document;
        self.check_stage_names()?;
        self.directives()?;
        for (index, instruction) in document.preamble.iter().enumerate() {
            let id = InstructionId::Preamble(index);
            self.gap(id);
            self.preamble(instruction);
        }
        for (index, stage) in document.stages.iter().enumerate() {
            self.stage(index, stage)?;
        }
        if !self.pending_comments.is_empty() {
            self.body.push('\n');
            for text in std::mem::take(&mut self.pending_comments) {
                self.body.push_str(&python_comment(&text, 0));
            }
        }
        let mut out = String::new();
        let names: Vec<&str> = self
            .imports
            .iter()
            .copied()
            .filter(|n| *n != "context")
            .collect();
        if !names.is_empty() {
            out.push_str(&format!("from docker_dsl import {}\n", names.join(", ")));
        }
        if self.imports.contains("context") {
            out.push_str("from docker_dsl import context\n");
        }
        out.push('\n');
        out.push_str(self.body.trim_start_matches('\n'));
        Ok(out)
    }

    /// Refuses a FROM line that is not one image (a template's), and a file
    /// that names two stages alike (BuildKit refuses to build either).
    fn check_stage_names(&self) -> Result<(), ImportError> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (index, stage) in self.parsed.document.stages.iter().enumerate() {
            let line = self.line_of(InstructionId::From { stage: index });
            let image = &stage.from.image;
            if image.is_empty() || image.contains(char::is_whitespace) {
                return Err(ImportError::Unsupported {
                    line,
                    what: format!("`FROM {image}`"),
                    fix: "a FROM line is `FROM [--platform=P] IMAGE [AS NAME]`; fill in the template first"
                        .to_owned(),
                });
            }
            let Some(name) = &stage.from.name else {
                continue;
            };
            if let Some(first) = seen.insert(name.to_ascii_lowercase(), line) {
                return Err(ImportError::Unsupported {
                    line,
                    what: format!("stage name `{name}`, already used at line {first},"),
                    fix:
                        "rename one of the two stages (BuildKit refuses to build the file as it is)"
                            .to_owned(),
                });
            }
        }
        Ok(())
    }

    fn span(&self, id: InstructionId) -> Option<Span> {
        self.parsed.source_map.get(id)
    }

    /// A blank line where the Dockerfile had one before instruction `id`.
    fn gap(&mut self, id: InstructionId) {
        if let Some(span) = self.span(id) {
            if self.has_gap_before(span) {
                self.body.push('\n');
            }
            self.last_line = Some(span.end_line);
        }
    }

    /// The exact source text of instruction `id` (its lines joined), or its
    /// printed form when the lines are unknown.
    fn source_text(&self, id: InstructionId, instruction: &Instruction) -> String {
        match self.span(id) {
            Some(span) if span.end_line <= self.lines.len() => {
                self.lines[span.start_line - 1..span.end_line].join("\n")
            }
            _ => instruction.print(),
        }
    }

    fn line_of(&self, id: InstructionId) -> usize {
        self.span(id).map_or(0, |s| s.start_line)
    }

    fn directives(&mut self) -> Result<(), ImportError> {
        let mut call = Call::new("directives");
        for (index, directive) in self.parsed.document.directives.iter().enumerate() {
            let id = InstructionId::Directive(index);
            match directive {
                Directive::Syntax(image) => {
                    self.body.push_str(&format!(
                        "# Render with --syntax {} (the file's `# syntax=` line).\n",
                        syntax_option(image)
                    ));
                }
                Directive::Escape(escape) => {
                    call = call.kwarg("escape", string(&escape.to_string()))
                }
                Directive::Check(rules) => call = call.kwarg("check", string(rules)),
            }
            if let Some(span) = self.span(id) {
                self.last_line = Some(span.end_line);
            }
        }
        if call.has_args() {
            self.imports.insert("directives");
            self.body.push_str(&call.statement(0));
        }
        Ok(())
    }

    fn preamble(&mut self, instruction: &Instruction) {
        match instruction {
            Instruction::Arg { name, default } if !has_unexpandable_value(instruction) => {
                self.imports.insert("global_arg");
                let value = match default {
                    Some(default)
                        if self.options.flags_from_args && is_identifier(&flag_name(name)) =>
                    {
                        let flag = flag_name(name);
                        self.imports.insert("context");
                        self.body.push_str(
                            &Call::new("context.register")
                                .string(&flag)
                                .arg("str")
                                .kwarg("default", string(default))
                                .statement(0),
                        );
                        Some(format!("context.{flag}"))
                    }
                    Some(default) => Some(string(default)),
                    None => None,
                };
                let call = Call::new("global_arg").string(name);
                let call = match value {
                    Some(value) => call.arg(value),
                    None => call,
                };
                self.body.push_str(&call.statement(0));
            }
            Instruction::Comment(text) => self.body.push_str(&python_comment(text, 0)),
            Instruction::Raw(text) if comment_text(instruction).is_some() => {
                self.body.push_str(&python_comment(&text[1..], 0))
            }
            Instruction::Raw(text) => {
                self.imports.insert("global_raw");
                self.body
                    .push_str(&Call::new("global_raw").string(text).statement(0));
            }
            other => {
                self.imports.insert("global_raw");
                self.body
                    .push_str(&Call::new("global_raw").string(&other.print()).statement(0));
            }
        }
    }

    fn stage(&mut self, index: usize, stage: &Stage) -> Result<(), ImportError> {
        // Comments after a stage's last instruction introduce the next stage:
        // they are written at the top level, before that stage's block.
        let own = stage
            .body
            .iter()
            .rposition(|i| comment_text(i).is_none())
            .map_or(0, |last| last + 1);
        let from_id = InstructionId::From { stage: index };
        let leading = std::mem::take(&mut self.pending_comments);
        if self.after_block || self.span(from_id).is_some_and(|s| self.has_gap_before(s)) {
            self.body.push('\n');
        }
        for text in leading {
            self.body.push_str(&python_comment(&text, 0));
        }
        if let Some(span) = self.span(from_id) {
            self.last_line = Some(span.end_line);
        }
        self.imports.insert("Stage");
        let from = &stage.from;
        let stage_name = match &from.name {
            Some(name) => name.clone(),
            None => self.unused_stage_name(index),
        };
        let variable = self.variables.claim(&stage_name, &format!("stage{index}"));
        let base = match self.stage_vars.get(&from.image.to_ascii_lowercase()) {
            Some(parent) => parent.clone(),
            None => string(unquoted(&from.image)),
        };
        let call = Call::new("Stage")
            .arg(base)
            .kwarg("name", string(&stage_name))
            .kwarg_str("platform", from.platform.as_deref());
        self.body.push_str(&call.with_as(&variable, 0));
        let before = self.body.len();
        self.stage_body(index, &stage.body[..own], &variable)?;
        if self.body.len() == before {
            self.body.push_str("    pass\n");
        }
        self.after_block = true;
        self.pending_comments = stage.body[own..]
            .iter()
            .filter_map(comment_text)
            .map(str::to_owned)
            .collect();
        self.stage_vars
            .insert(stage_name.to_ascii_lowercase(), variable);
        Ok(())
    }

    /// A name for unnamed stage `index` (the DSL names every stage):
    /// `stageN`, or `stageN_2`... when the file uses that name itself.
    fn unused_stage_name(&self, index: usize) -> String {
        let taken = |name: &str| {
            self.parsed.document.stages.iter().any(|s| {
                s.from
                    .name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        };
        let base = format!("stage{index}");
        let mut name = base.clone();
        let mut n = 2;
        while taken(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    }

    /// True for an instruction written with its exact source text: a value
    /// BuildKit cannot expand (the DSL refuses it), a COPY/ADD path with a
    /// backslash or an empty path, a RUN command ending in `\\` or a backquote
    /// (the DSL refuses what may be an escape character there), a
    /// quoted USER (whose meaning hangs on BuildKit's lexer), a heredoc under a
    /// pin older than 1.4 (a labs channel had them; the DSL would spell them
    /// the pre-1.4 way), and, in a file with the backquote escape, a RUN
    /// continued over several lines.
    fn keep_raw(&self, instruction: &Instruction) -> bool {
        let backquote = self.parsed.document.escape_char() == '`';
        match instruction {
            Instruction::Copy(copy) | Instruction::Add(Add { copy, .. }) => copy
                .sources
                .iter()
                .chain(std::iter::once(&copy.dest))
                .any(|p| p.is_empty() || p.contains('\\')),
            Instruction::Run(run) if !run.heredocs.is_empty() => self
                .parsed
                .document
                .frontend
                .is_some_and(|pin| pin < dockerfile::SyntaxVersion::new(1, 4)),
            Instruction::Run(run) => {
                let script = joined(&run.script, '\\');
                (backquote && run.script.contains('\n'))
                    || commands(&script)
                        .unwrap_or_else(|| vec![script.clone()])
                        .iter()
                        .any(|command| command.trim_end().ends_with(['\\', '`']))
            }
            Instruction::User(user) => user.contains([' ', '\t', '"', '\'', '\\']),
            other => has_unexpandable_value(other),
        }
    }

    /// True when the Dockerfile has a blank line right before `span`.
    fn has_gap_before(&self, span: Span) -> bool {
        self.last_line
            .is_some_and(|last| span.start_line > last + 1)
    }

    fn stage_body(
        &mut self,
        stage_index: usize,
        body: &[Instruction],
        var: &str,
    ) -> Result<(), ImportError> {
        let id = |index| InstructionId::Body {
            stage: stage_index,
            index,
        };
        // A block never opens with a blank line (ruff would remove it).
        if let Some(first) = self.span(id(0)) {
            self.last_line = Some(first.start_line.saturating_sub(1));
        }
        let mut i = 0;
        while i < body.len() {
            let (end, shared) = shared_mounts(body, i);
            if shared.is_empty() {
                self.gap(id(i));
                self.instruction(&body[i], id(i), var, 4, &[])?;
                i += 1;
                continue;
            }
            self.gap(id(i));
            let items: Vec<(Expr, Option<&str>)> = shared
                .iter()
                .map(|m| (Expr::Call(self.mount(var, m)), None))
                .collect();
            self.body.push_str(&with_statement(&items, 4));
            for (offset, instruction) in body[i..end].iter().enumerate() {
                if offset > 0 {
                    self.gap(id(i + offset));
                }
                self.instruction(instruction, id(i + offset), var, 8, &shared)?;
            }
            i = end;
        }
        Ok(())
    }

    fn mount(&self, var: &str, mount: &Mount) -> Call {
        let from_value = |name: &str| match self.stage_vars.get(&name.to_ascii_lowercase()) {
            Some(stage) => stage.clone(),
            None => string(name),
        };
        mount_call(var, mount, &from_value)
    }

    fn stage_ref(&self, name: &str) -> String {
        match self.stage_vars.get(&name.to_ascii_lowercase()) {
            Some(stage) => stage.clone(),
            None => string(name),
        }
    }

    fn instruction(
        &mut self,
        instruction: &Instruction,
        id: InstructionId,
        var: &str,
        indent: usize,
        hoisted: &[Mount],
    ) -> Result<(), ImportError> {
        let method = |name: &str| Call::new(format!("{var}.{name}"));
        if self.keep_raw(instruction) {
            // One ARG line may hold several ARGs, which share its lines.
            let text = match instruction {
                Instruction::Arg { .. } => instruction.print(),
                _ => self.source_text(id, instruction),
            };
            let call = method("raw").string(&text);
            self.body.push_str(&call.statement(indent));
            return Ok(());
        }
        let call = match instruction {
            Instruction::Run(run) => return self.run(run, id, var, indent, hoisted),
            Instruction::Comment(text) => {
                self.body.push_str(&python_comment(text, indent));
                return Ok(());
            }
            Instruction::Raw(text) if comment_text(instruction).is_some() => {
                self.body.push_str(&python_comment(&text[1..], indent));
                return Ok(());
            }
            Instruction::Raw(text) => method("raw").string(text),
            Instruction::Env(pairs) | Instruction::Label(pairs) => {
                let name = if matches!(instruction, Instruction::Env(_)) {
                    "env"
                } else {
                    "label"
                };
                // A key set twice in one instruction keeps its order only as
                // one call per pair (a mapping would keep the last value only).
                let unique: BTreeSet<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
                if unique.len() == pairs.len() {
                    mapping_call(method(name), pairs)
                } else {
                    for pair in pairs {
                        let call = mapping_call(method(name), std::slice::from_ref(pair));
                        self.body.push_str(&call.statement(indent));
                    }
                    return Ok(());
                }
            }
            Instruction::Arg { name, default } => {
                let call = method("arg").string(name);
                match default {
                    Some(value) => call.string(value),
                    None => call,
                }
            }
            Instruction::Workdir(path) => method("workdir").string(path),
            Instruction::Copy(copy) => self.copy(method("copy"), copy),
            Instruction::Add(add) => self.add(method("add"), add),
            Instruction::Entrypoint(form) => exec_or_shell(method("entrypoint"), form),
            Instruction::Cmd(form) => exec_or_shell(method("cmd"), form),
            Instruction::User(user) => method("user").string(user),
            Instruction::Expose(ports) => strings(method("expose"), ports),
            Instruction::Volume(paths) => strings(method("volume"), paths),
            Instruction::Healthcheck(Healthcheck::None) => method("healthcheck").arg("None"),
            Instruction::Healthcheck(Healthcheck::Check {
                command,
                interval,
                timeout,
                start_period,
                start_interval,
                retries,
            }) => exec_or_shell(method("healthcheck"), command)
                .kwarg_str("interval", interval.as_deref())
                .kwarg_str("timeout", timeout.as_deref())
                .kwarg_str("start_period", start_period.as_deref())
                .kwarg_str("start_interval", start_interval.as_deref())
                .kwarg_opt("retries", retries.map(|n| n.to_string())),
            Instruction::Shell(argv) => strings(method("shell"), argv),
            Instruction::Stopsignal(signal) => method("stopsignal").string(signal),
            Instruction::Onbuild(inner) => method("onbuild").string(&inner.print()),
        };
        self.body.push_str(&call.statement(indent));
        Ok(())
    }

    fn copy(&self, call: Call, copy: &CopyInstruction) -> Call {
        let call = match copy.sources.as_slice() {
            [one] => call.string(one),
            many => call.arg(Expr::strings(many)),
        };
        call.string(&copy.dest)
            .kwarg_opt("from_", copy.from.as_deref().map(|f| self.stage_ref(f)))
            .flag("link", copy.link)
            .kwarg_str("chown", copy.chown.as_deref())
            .kwarg_str("chmod", copy.chmod.as_deref())
            .flag("parents", copy.parents)
            .kwarg_opt(
                "exclude",
                (!copy.exclude.is_empty()).then(|| Expr::strings(&copy.exclude)),
            )
    }

    fn add(&self, call: Call, add: &Add) -> Call {
        self.copy(call, &add.copy)
            .kwarg_str("checksum", add.checksum.as_deref())
            .flag("keep_git_dir", add.keep_git_dir)
            .kwarg_opt(
                "unpack",
                add.unpack
                    .map(|u| if u { "True" } else { "False" }.to_owned()),
            )
    }

    fn run(
        &mut self,
        run: &Run,
        id: InstructionId,
        var: &str,
        indent: usize,
        hoisted: &[Mount],
    ) -> Result<(), ImportError> {
        let own: Vec<(Expr, Option<&str>)> = run.mounts[hoisted.len()..]
            .iter()
            .map(|m| (Expr::Call(self.mount(var, m)), None))
            .collect();
        let mut options = Vec::new();
        if let Some(network) = run.network {
            options.push(("network", string(network.as_str())));
        }
        if let Some(security) = run.security {
            options.push(("security", string(security.as_str())));
        }
        let script = RunScript::of(run);
        let inner = indent + if own.is_empty() { 0 } else { 4 };
        match script {
            RunScript::Raw => {
                let text = self.source_text(id, &Instruction::Run(run.clone()));
                let call = Call::new(format!("{var}.raw")).string(&text);
                self.body.push_str(&call.statement(indent));
                return Ok(());
            }
            RunScript::Single(words) => {
                let mut call = Call::new(format!("{var}.run"));
                for word in words {
                    call = call.arg(word);
                }
                for (name, value) in options {
                    call = call.kwarg(name, value);
                }
                if !own.is_empty() {
                    self.body.push_str(&with_statement(&own, indent));
                }
                self.body.push_str(&call.statement(inner));
            }
            RunScript::Chain(lines) => {
                let mut opener = Call::new(format!("{var}.run"));
                for (name, value) in options {
                    opener = opener.kwarg(name, value);
                }
                let mut items = own;
                items.push((Expr::Call(opener), Some("r")));
                self.body.push_str(&with_statement(&items, indent));
                for line in lines {
                    self.body.push_str(&line.statement(indent + 4));
                }
            }
        }
        Ok(())
    }
}

/// The longest stretch from `start` in which at least two RUNs share a
/// non-empty leading set of mounts (only comments may stand between them):
/// the end of the stretch and the mounts to hoist into one `with` block.
fn shared_mounts(body: &[Instruction], start: usize) -> (usize, Vec<Mount>) {
    let first = match &body[start] {
        Instruction::Run(run) if !matches!(RunScript::of(run), RunScript::Raw) => run,
        _ => return (start + 1, Vec::new()),
    };
    let mut prefix: &[Mount] = &first.mounts;
    let mut runs = 1;
    let mut best = (start + 1, Vec::new());
    for (index, instruction) in body.iter().enumerate().skip(start + 1) {
        match instruction {
            Instruction::Comment(_) => continue,
            Instruction::Run(run) if !matches!(RunScript::of(run), RunScript::Raw) => {
                let common = prefix
                    .iter()
                    .zip(&run.mounts)
                    .take_while(|(a, b)| a == b)
                    .count();
                if common == 0 {
                    break;
                }
                prefix = &prefix[..common];
                runs += 1;
                if runs >= 2 {
                    best = (index + 1, prefix.to_vec());
                }
            }
            _ => break,
        }
    }
    best
}

/// How a RUN's script is written in the recipe.
enum RunScript {
    /// One command: the words of `s.run(...)`, as Python source.
    Single(Vec<String>),
    /// Several commands joined by `&&`: one builder call each.
    Chain(Vec<Call>),
    /// Not expressible through `run()`: the whole instruction via `raw()`.
    Raw,
}

impl RunScript {
    fn of(run: &Run) -> Self {
        if !run.heredocs.is_empty() {
            return match run.heredocs.as_slice() {
                [(name, body)]
                    if run.script.trim() == format!("<<{name}")
                        && is_identifier(name)
                        && body.contains('\n') =>
                {
                    match triple_quoted(body) {
                        Some(text) => RunScript::Single(vec![text]),
                        None => RunScript::Raw,
                    }
                }
                _ => RunScript::Raw,
            };
        }
        let script = joined(&run.script, '\\');
        if script.trim().is_empty() || looks_like_exec_form(&script) {
            return RunScript::Raw;
        }
        match commands(&script) {
            Some(parts) if parts.len() > 1 => {
                RunScript::Chain(parts.iter().map(|part| builder_call(part)).collect())
            }
            _ => RunScript::Single(match plain_words(script.trim()) {
                Some(words) => words.iter().map(|w| string(w)).collect(),
                None => vec![string(script.trim())],
            }),
        }
    }
}

/// True for a RUN in exec (JSON) form, `["exe", "arg"]`, which stays raw.
fn looks_like_exec_form(script: &str) -> bool {
    let script = script.trim();
    script
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .is_some_and(|inner| inner.trim().is_empty() || inner.trim_start().starts_with('"'))
}

/// One command of a chain as a run-builder call: `r.tool("arg", ...)` when
/// the words pass through unchanged (the builder writes an attribute's name
/// as the command, so only names that are Python identifiers qualify), else
/// the raw line `r("...")`.
fn builder_call(command: &str) -> Call {
    if let Some(words) = plain_words(command) {
        let usable = words[0].starts_with(|c: char| c.is_ascii_lowercase())
            && is_identifier(words[0])
            && !BUILDER_METHODS.contains(&words[0]);
        if usable {
            let mut call = Call::new(format!("r.{}", words[0]));
            for word in &words[1..] {
                call = call.string(word);
            }
            return call;
        }
    }
    Call::new("r").string(command)
}

fn mapping_call(call: Call, pairs: &[(String, String)]) -> Call {
    if pairs
        .iter()
        .all(|(k, _)| is_identifier(k) && !k.starts_with('_'))
    {
        let unique: BTreeSet<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        if unique.len() == pairs.len() {
            return pairs
                .iter()
                .fold(call, |call, (k, v)| call.kwarg(k, string(v)));
        }
    }
    let entries: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}: {}", string(k), string(v)))
        .collect();
    call.arg(format!("{{{}}}", entries.join(", ")))
}

fn exec_or_shell(call: Call, form: &ExecOrShell) -> Call {
    match form {
        ExecOrShell::Exec(argv) => strings(call, argv),
        ExecOrShell::Shell(text) => call
            .string(joined(text, '\\').trim())
            .kwarg("shell", "True"),
    }
}

fn strings(call: Call, values: &[String]) -> Call {
    values.iter().fold(call, |call, v| call.string(v))
}

/// True when an ARG, ENV or LABEL value holds a `${...}` that BuildKit
/// cannot expand, or an ARG's name is no variable name: the DSL refuses
/// these, so the line is kept raw.
fn has_unexpandable_value(instruction: &Instruction) -> bool {
    let unfinished = |v: &str| dockerfile::quote::unfinished_expansion(v).is_some();
    match instruction {
        Instruction::Arg { name, default } => {
            !is_variable_name(name) || default.as_deref().is_some_and(unfinished)
        }
        Instruction::Env(pairs) | Instruction::Label(pairs) => {
            pairs.iter().any(|(k, v)| unfinished(k) || unfinished(v))
        }
        _ => false,
    }
}

/// `word` without the double quotes around it, as BuildKit's lexer reads a
/// FROM image like `"${BASE}"` (`$` still expands inside double quotes).
fn unquoted(word: &str) -> &str {
    match word.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
        Some(inner) if !inner.contains(['"', '\\']) => inner,
        _ => word,
    }
}

/// True for a shell variable name (what the DSL takes as an ARG name).
fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The text of a comment line (after `#`), or `None` for an instruction.
fn comment_text(instruction: &Instruction) -> Option<&str> {
    match instruction {
        Instruction::Comment(text) if text.is_empty() => Some(""),
        Instruction::Comment(text) => Some(text),
        Instruction::Raw(text) if text.starts_with('#') && !text.contains('\n') => Some(&text[1..]),
        _ => None,
    }
}

fn python_comment(text: &str, indent: usize) -> String {
    let text = text.trim();
    if text.is_empty() {
        format!("{:indent$}#\n", "")
    } else {
        format!("{:indent$}# {text}\n", "")
    }
}

/// The `--syntax` option value that renders `# syntax=IMAGE`.
fn syntax_option(image: &str) -> &str {
    image.strip_prefix("docker/dockerfile:").unwrap_or(image)
}

/// A recipe flag name for build argument `name`.
fn flag_name(name: &str) -> String {
    name.to_ascii_lowercase()
}
