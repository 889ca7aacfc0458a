//! The walk from a parsed Dockerfile to the text of a Python recipe.

use std::collections::{BTreeSet, HashMap};

use dockerfile::{
    Add, CopyInstruction, Directive, ExecOrShell, Healthcheck, Instruction, Mount, Run,
};

use crate::error::ImportError;
use crate::mount_call::mount_call;
use crate::names::{is_identifier, StageVariables};
use crate::plan::{keys_unique, Block, Command, Item, Plan, RunScript, StagePlan, Step};
use crate::py_literal::{string, triple_quoted, with_statement, Call, Expr};
use crate::shell_chain::joined;

/// Choices for [`to_python`].
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Turn global `ARG`s with a default into recipe flags
    /// (`context.register`), passed on to `global_arg`.
    pub flags_from_args: bool,
}

/// Writes the Dockerfile `text` as a Python recipe that renders back to the
/// same build.
pub fn to_python(text: &str, options: &ImportOptions) -> Result<String, ImportError> {
    let parsed = dockerfile::parse(text)?;
    let lines: Vec<&str> = text.lines().collect();
    let plan = Plan::new(&parsed, &lines)?;
    Ok(Writer::new(&plan, options).write())
}

struct Writer<'a> {
    plan: &'a Plan<'a>,
    options: &'a ImportOptions,
    body: String,
    imports: BTreeSet<&'static str>,
    /// Stage name (lowercase) → its Python variable.
    stage_vars: HashMap<String, String>,
    variables: StageVariables,
}

impl<'a> Writer<'a> {
    fn new(plan: &'a Plan<'a>, options: &'a ImportOptions) -> Self {
        Self {
            plan,
            options,
            body: String::new(),
            imports: BTreeSet::new(),
            stage_vars: HashMap::new(),
            variables: StageVariables::default(),
        }
    }

    fn write(mut self) -> String {
        self.directives();
        for item in &self.plan.preamble {
            if item.blank_before {
                self.body.push('\n');
            }
            self.preamble(&item.step);
        }
        for (index, stage) in self.plan.stages.iter().enumerate() {
            self.stage(index, stage);
        }
        if !self.plan.trailing_comments.is_empty() {
            self.body.push('\n');
            for text in &self.plan.trailing_comments {
                self.body.push_str(&python_comment(text, 0));
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
        out
    }

    fn directives(&mut self) {
        let mut call = Call::new("directives");
        for directive in &self.plan.parsed.document.directives {
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
        }
        if call.has_args() {
            self.imports.insert("directives");
            self.body.push_str(&call.statement(0));
        }
    }

    fn preamble(&mut self, step: &Step<'_>) {
        match step {
            Step::GlobalArg { name, default } => {
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
            Step::Comment(text) => self.body.push_str(&python_comment(text, 0)),
            Step::Raw(text) => {
                self.imports.insert("global_raw");
                self.body
                    .push_str(&Call::new("global_raw").string(text).statement(0));
            }
            Step::Run { .. } | Step::Instruction(_) => {
                unreachable!("the plan writes other preamble lines raw")
            }
        }
    }

    fn stage(&mut self, index: usize, plan: &StagePlan<'_>) {
        if plan.blank_before {
            self.body.push('\n');
        }
        for text in &plan.leading_comments {
            self.body.push_str(&python_comment(text, 0));
        }
        self.imports.insert("Stage");
        let from = &plan.stage.from;
        let variable = self.variables.claim(&plan.name, &format!("stage{index}"));
        let base = match plan.parent {
            Some(parent) => self.stage_ref(&self.plan.stages[parent].name),
            None => string(plan.image),
        };
        let call = Call::new("Stage")
            .arg(base)
            .kwarg("name", string(&plan.name))
            .kwarg_str("platform", from.platform.as_deref());
        self.body.push_str(&call.with_as(&variable, 0));
        let before = self.body.len();
        for block in &plan.blocks {
            match block {
                Block::One(item) => self.item(item, &variable, 4),
                Block::Shared {
                    blank_before,
                    mounts,
                    items,
                } => {
                    if *blank_before {
                        self.body.push('\n');
                    }
                    let scope: Vec<(Expr, Option<&str>)> = mounts
                        .iter()
                        .map(|m| (Expr::Call(self.mount(&variable, m)), None))
                        .collect();
                    self.body.push_str(&with_statement(&scope, 4));
                    for item in items {
                        self.item(item, &variable, 8);
                    }
                }
            }
        }
        if self.body.len() == before {
            self.body.push_str("    pass\n");
        }
        self.stage_vars
            .insert(plan.name.to_ascii_lowercase(), variable);
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

    fn item(&mut self, item: &Item<'_>, var: &str, indent: usize) {
        if item.blank_before {
            self.body.push('\n');
        }
        let method = |name: &str| Call::new(format!("{var}.{name}"));
        let instruction = match &item.step {
            Step::Comment(text) => return self.body.push_str(&python_comment(text, indent)),
            Step::Raw(text) => {
                return self
                    .body
                    .push_str(&method("raw").string(text).statement(indent))
            }
            Step::Run {
                run,
                own_mounts,
                script,
            } => return self.run(run, own_mounts, script, var, indent),
            Step::GlobalArg { .. } => unreachable!("global ARGs stand before the first stage"),
            Step::Instruction(instruction) => instruction,
        };
        let call = match instruction {
            Instruction::Run(_) | Instruction::Comment(_) | Instruction::Raw(_) => {
                unreachable!("the plan gives RUNs, comments and raw lines their own steps")
            }
            Instruction::Env(pairs) | Instruction::Label(pairs) => {
                let name = if matches!(instruction, Instruction::Env(_)) {
                    "env"
                } else {
                    "label"
                };
                // A key set twice in one instruction keeps its order only as
                // one call per pair (a mapping would keep the last value only).
                if keys_unique(pairs) {
                    mapping_call(method(name), pairs)
                } else {
                    for pair in pairs {
                        let call = mapping_call(method(name), std::slice::from_ref(pair));
                        self.body.push_str(&call.statement(indent));
                    }
                    return;
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

    fn run(&mut self, run: &Run, own: &[Mount], script: &RunScript<'_>, var: &str, indent: usize) {
        let own: Vec<(Expr, Option<&str>)> = own
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
        let inner = indent + if own.is_empty() { 0 } else { 4 };
        let single = |words: Vec<String>| {
            let mut call = Call::new(format!("{var}.run"));
            for word in words {
                call = call.arg(word);
            }
            call
        };
        let words = match script {
            RunScript::Single(words) => words.iter().map(|w| string(w)).collect(),
            RunScript::Heredoc(body) => {
                vec![triple_quoted(body).expect("the plan keeps only quotable heredocs")]
            }
            RunScript::Chain(_) => Vec::new(),
        };
        match script {
            RunScript::Single(_) | RunScript::Heredoc(_) => {
                let mut call = single(words);
                for (name, value) in options {
                    call = call.kwarg(name, value);
                }
                if !own.is_empty() {
                    self.body.push_str(&with_statement(&own, indent));
                }
                self.body.push_str(&call.statement(inner));
            }
            RunScript::Chain(commands) => {
                let mut opener = Call::new(format!("{var}.run"));
                for (name, value) in options {
                    opener = opener.kwarg(name, value);
                }
                let mut items = own;
                items.push((Expr::Call(opener), Some("r")));
                self.body.push_str(&with_statement(&items, indent));
                for command in commands {
                    self.body
                        .push_str(&builder_call(command).statement(indent + 4));
                }
            }
        }
    }
}

/// One command of a chain as a run-builder call: `r.tool("arg", ...)` when
/// the words pass through unchanged (the builder writes an attribute's name
/// as the command, so only names that are Python identifiers qualify), else
/// the raw line `r("...")`.
fn builder_call(command: &Command) -> Call {
    if let Some(words) = &command.words {
        let usable = words[0].starts_with(|c: char| c.is_ascii_lowercase())
            && is_identifier(&words[0])
            && !dsl::RUN_BUILDER_METHODS.contains(&words[0].as_str());
        if usable {
            let mut call = Call::new(format!("r.{}", words[0]));
            for word in &words[1..] {
                call = call.string(word);
            }
            return call;
        }
    }
    Call::new("r").string(&command.text)
}

fn mapping_call(call: Call, pairs: &[(String, String)]) -> Call {
    let keywords = pairs
        .iter()
        .all(|(k, _)| is_identifier(k) && !k.starts_with('_'));
    if keywords && keys_unique(pairs) {
        return pairs
            .iter()
            .fold(call, |call, (k, v)| call.kwarg(k, string(v)));
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
