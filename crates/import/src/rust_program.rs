//! The walk from an import plan to the text of a Rust program on the `dsl`
//! crate's builder: `pub fn dockerfile() -> Dockerfile` builds the file, and
//! `main` prints its render.

use std::collections::BTreeSet;

use dockerfile::{
    Add, CacheSharing, CopyInstruction, Directive, ExecOrShell, Healthcheck, Instruction, Mount,
    NetworkMode, Run, SecurityMode,
};

use crate::error::ImportError;
use crate::plan::{keys_unique, Block, Item, Plan, RunScript, StagePlan, Step};
use crate::rust_literal::{block, owned, script_literal, string, Expr, Fields, Line};
use crate::shell_chain::joined;

/// Writes the Dockerfile `text` as a Rust program that renders back to the
/// same build.
pub fn to_rust(text: &str) -> Result<String, ImportError> {
    let parsed = dockerfile::parse(text)?;
    let lines: Vec<&str> = text.lines().collect();
    let plan = Plan::new(&parsed, &lines)?;
    Ok(Writer {
        plan: &plan,
        imports: BTreeSet::from(["Dockerfile"]),
    }
    .write())
}

struct Writer<'a> {
    plan: &'a Plan<'a>,
    /// The names the program uses from `dsl`.
    imports: BTreeSet<&'static str>,
}

/// The statement `expr;`.
fn statement(expr: Expr) -> Line {
    Line::Statement(expr)
}

/// The comment of a Dockerfile comment line.
fn comment(text: &str) -> Line {
    Line::Comment(text.trim().to_owned())
}

fn strings(values: &[String]) -> Vec<Expr> {
    values.iter().map(|v| Expr::atom(string(v))).collect()
}

fn array(values: &[String]) -> Expr {
    Expr::Array {
        items: strings(values),
        vec: false,
    }
}

fn owned_vec(values: &[String]) -> Expr {
    Expr::Array {
        items: values.iter().map(|v| owned(v)).collect(),
        vec: true,
    }
}

/// `|param| { body }`.
fn closure(param: &str, body: Vec<Line>) -> Expr {
    Expr::Closure {
        param: param.to_owned(),
        body,
    }
}

impl Writer<'_> {
    fn write(mut self) -> String {
        let mut body = Vec::new();
        body.push(statement(Expr::atom("let mut df = Dockerfile::new()")));
        let syntax = match self.plan.syntax() {
            Some(image) => Expr::call("Some", vec![Expr::atom(string(image))]),
            None => Expr::atom("None"),
        };
        body.push(statement(Expr::call("df.syntax", vec![syntax])));
        for directive in &self.plan.parsed.document.directives {
            match directive {
                Directive::Syntax(_) => {}
                Directive::Escape(escape) => body.push(statement(Expr::call(
                    "df.escape",
                    vec![Expr::atom(string(&escape.to_string()))],
                ))),
                Directive::Check(rules) => body.push(statement(Expr::call(
                    "df.check",
                    vec![Expr::atom(string(rules))],
                ))),
            }
        }
        for item in &self.plan.preamble {
            if item.blank_before {
                body.push(Line::Blank);
            }
            body.push(self.preamble(&item.step));
        }
        for (index, stage) in self.plan.stages.iter().enumerate() {
            body.extend(self.stage(index, stage));
        }
        if !self.plan.trailing_comments.is_empty() {
            body.push(Line::Blank);
            body.extend(self.plan.trailing_comments.iter().map(|t| comment(t)));
        }
        let body = block(&body, 4);
        // rustfmt sorts the module `mounts` before the types.
        let mut imports: Vec<&str> = self.imports.iter().copied().collect();
        imports.sort_by_key(|name| (name.starts_with(char::is_uppercase), *name));
        let uses = match imports.as_slice() {
            [one] => format!("use dsl::{one};\n"),
            many => Expr::atom(format!("{{{}}}", many.join(", "))).layout(0, "use dsl::", ";"),
        };
        format!(
            "//! The build of a Dockerfile, imported by `docker-dsl import --lang rust`.\n\
             \n\
             {uses}\n\
             /// The Dockerfile's build; `render()` gives its text.\n\
             pub fn dockerfile() -> Dockerfile {{\n\
             {body}\x20   df\n\
             }}\n\
             \n\
             /// Prints the Dockerfile, or every problem of the calls that build it.\n\
             fn main() {{\n\
             \x20   match dockerfile().render() {{\n\
             \x20       Ok(text) => print!(\"{{text}}\"),\n\
             \x20       Err(errors) => {{\n\
             \x20           eprintln!(\"{{errors}}\");\n\
             \x20           std::process::exit(1);\n\
             \x20       }}\n\
             \x20   }}\n\
             }}\n"
        )
    }

    fn preamble(&self, step: &Step<'_>) -> Line {
        match step {
            Step::GlobalArg { name, default } => {
                let default = match default {
                    Some(d) => Expr::call("Some", vec![Expr::atom(string(d))]),
                    None => Expr::atom("None"),
                };
                statement(Expr::call(
                    "df.arg",
                    vec![Expr::atom(string(name)), default],
                ))
            }
            Step::Comment(text) => comment(text),
            Step::Raw(text) => statement(Expr::call("df.raw", vec![Expr::atom(string(text))])),
            Step::Run { .. } | Step::Instruction(_) => {
                unreachable!("the plan writes other preamble lines raw")
            }
        }
    }

    fn stage(&mut self, index: usize, plan: &StagePlan<'_>) -> Vec<Line> {
        let mut out = Vec::new();
        if plan.blank_before {
            out.push(Line::Blank);
        }
        out.extend(plan.leading_comments.iter().map(|t| comment(t)));
        let base = match plan.parent {
            Some(parent) => &self.plan.stages[parent].name,
            None => plan.image,
        };
        let mut inner = Vec::new();
        for block in &plan.blocks {
            match block {
                Block::One(item) => inner.extend(self.item(item, index)),
                Block::Shared {
                    blank_before,
                    mounts,
                    items,
                } => {
                    if *blank_before {
                        inner.push(Line::Blank);
                    }
                    let mut scoped = Vec::new();
                    for item in items {
                        scoped.extend(self.item(item, index));
                    }
                    inner.push(self.scope(mounts, index, scoped));
                }
            }
        }
        let param = if inner.is_empty() { "_" } else { "s" };
        let mut args = vec![Expr::atom(string(base)), Expr::atom(string(&plan.name))];
        let method = match &plan.stage.from.platform {
            Some(platform) => {
                args.push(Expr::atom(string(platform)));
                "df.platform_stage"
            }
            None => "df.named_stage",
        };
        args.push(closure(param, inner));
        out.push(statement(Expr::call(method, args)));
        out
    }

    /// `s.mounts([...], |s| { body });`.
    fn scope(&mut self, mounts: &[Mount], stage: usize, body: Vec<Line>) -> Line {
        self.imports.insert("mounts");
        let specs: Vec<Expr> = mounts.iter().map(|m| self.mount(m, stage)).collect();
        statement(Expr::call(
            "s.mounts",
            vec![
                Expr::Array {
                    items: specs,
                    vec: false,
                },
                closure("s", body),
            ],
        ))
    }

    fn item(&mut self, item: &Item<'_>, stage: usize) -> Vec<Line> {
        let mut out = Vec::new();
        if item.blank_before {
            out.push(Line::Blank);
        }
        let raw = |text: &str| statement(Expr::call("s.raw", vec![Expr::atom(string(text))]));
        let instruction = match &item.step {
            Step::Comment(text) => {
                out.push(comment(text));
                return out;
            }
            Step::Raw(text) => {
                out.push(raw(text));
                return out;
            }
            Step::Run {
                run,
                own_mounts,
                script,
            } => {
                let run = self.run(run, script);
                out.push(if own_mounts.is_empty() {
                    run
                } else {
                    self.scope(own_mounts, stage, vec![run])
                });
                return out;
            }
            Step::GlobalArg { .. } => unreachable!("global ARGs stand before the first stage"),
            Step::Instruction(instruction) => instruction,
        };
        let call = |name: &str, args: Vec<Expr>| statement(Expr::call(format!("s.{name}"), args));
        let line = match instruction {
            Instruction::Run(_) | Instruction::Comment(_) | Instruction::Raw(_) => {
                unreachable!("the plan gives RUNs, comments and raw lines their own steps")
            }
            Instruction::Env(pairs) | Instruction::Label(pairs) => {
                let name = if matches!(instruction, Instruction::Env(_)) {
                    "env"
                } else {
                    "label"
                };
                let tuple = |(k, v): &(String, String)| {
                    Expr::Tuple(vec![Expr::atom(string(k)), Expr::atom(string(v))])
                };
                // A key set twice keeps its order only as one call a pair,
                // as in the Python recipe.
                if keys_unique(pairs) {
                    call(
                        name,
                        vec![Expr::Array {
                            items: pairs.iter().map(tuple).collect(),
                            vec: false,
                        }],
                    )
                } else {
                    out.extend(pairs.iter().map(|pair| {
                        call(
                            name,
                            vec![Expr::Array {
                                items: vec![tuple(pair)],
                                vec: false,
                            }],
                        )
                    }));
                    return out;
                }
            }
            Instruction::Arg {
                name,
                default: Some(value),
            } => call("arg", strings(&[name.clone(), value.clone()])),
            // The builder's stage `arg` always sets a value.
            Instruction::Arg { default: None, .. } => raw(&instruction.print()),
            Instruction::Workdir(path) => call("workdir", strings(std::slice::from_ref(path))),
            Instruction::Copy(copy) => self.copy(copy, stage),
            Instruction::Add(add) => self.add(add),
            Instruction::Entrypoint(ExecOrShell::Exec(argv)) if !argv.is_empty() => {
                call("entrypoint", vec![array(argv)])
            }
            // The builder has no shell-form ENTRYPOINT: the line as the
            // Python recipe renders it.
            Instruction::Entrypoint(ExecOrShell::Shell(text)) => {
                raw(&format!("ENTRYPOINT {}", joined(text, '\\').trim()))
            }
            Instruction::Cmd(ExecOrShell::Exec(argv)) if !argv.is_empty() => {
                call("cmd", vec![array(argv)])
            }
            Instruction::Cmd(ExecOrShell::Shell(text)) => call(
                "cmd_shell",
                vec![Expr::atom(string(joined(text, '\\').trim()))],
            ),
            Instruction::Entrypoint(_) | Instruction::Cmd(_) => raw(&instruction.print()),
            Instruction::User(user) => {
                call("user", vec![Expr::atom(string(user)), Expr::atom("None")])
            }
            // An empty list has no element type to infer: the line as is.
            Instruction::Expose(list) | Instruction::Volume(list) | Instruction::Shell(list)
                if list.is_empty() =>
            {
                raw(&instruction.print())
            }
            Instruction::Expose(ports) => call("expose", vec![array(ports)]),
            Instruction::Volume(paths) => call("volume", vec![array(paths)]),
            Instruction::Healthcheck(Healthcheck::None) => {
                call("healthcheck", vec![Expr::atom("None")])
            }
            Instruction::Healthcheck(Healthcheck::Check {
                command,
                interval,
                timeout,
                start_period,
                start_interval,
                retries,
            }) => {
                self.imports.insert("HealthcheckSpec");
                let (argv, shell) = match command {
                    ExecOrShell::Exec(argv) => (argv.clone(), false),
                    ExecOrShell::Shell(text) => (vec![joined(text, '\\').trim().to_owned()], true),
                };
                let spec = Fields::default()
                    .set("argv", owned_vec(&argv))
                    .flag("shell", shell)
                    .string("interval", interval.as_deref())
                    .string("timeout", timeout.as_deref())
                    .string("start_period", start_period.as_deref())
                    .string("start_interval", start_interval.as_deref())
                    .some("retries", *retries)
                    .literal("HealthcheckSpec", Expr::atom("HealthcheckSpec::default()"));
                call("healthcheck", vec![Expr::call("Some", vec![spec])])
            }
            Instruction::Shell(argv) => call("shell", vec![array(argv)]),
            Instruction::Stopsignal(signal) => {
                call("stopsignal", strings(std::slice::from_ref(signal)))
            }
            Instruction::Onbuild(inner) => {
                call("onbuild", vec![Expr::atom(string(&inner.print()))])
            }
        };
        out.push(line);
        out
    }

    /// The `--from=` value: an earlier stage's name as the program spells
    /// it, else the value as written (an image, or a stage index).
    fn stage_or_image(&self, name: &str, stage: usize) -> String {
        self.plan.stages[..stage]
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .map_or_else(|| name.to_owned(), |s| s.name.clone())
    }

    fn copy_spec(&self, copy: &CopyInstruction, stage: Option<usize>) -> Expr {
        let from = copy
            .from
            .as_deref()
            .zip(stage)
            .map(|(from, stage)| self.stage_or_image(from, stage));
        // As the Python recipe: a copy from a stage or image is linked only
        // when the file says `--link`; an ADD says it always.
        let link = (from.is_some() || copy.link || stage.is_none()).then_some(copy.link);
        let exclude = (!copy.exclude.is_empty()).then(|| owned_vec(&copy.exclude));
        let fields = Fields::default()
            .set("sources", owned_vec(&copy.sources))
            .string("dest", Some(&copy.dest))
            .string("from", from.as_deref())
            .some("link", link)
            .string("chown", copy.chown.as_deref())
            .string("chmod", copy.chmod.as_deref())
            .flag("parents", copy.parents);
        let fields = match exclude {
            Some(exclude) => fields.set("exclude", exclude),
            None => fields,
        };
        fields.literal("CopySpec", Expr::atom("CopySpec::default()"))
    }

    fn copy(&mut self, copy: &CopyInstruction, stage: usize) -> Line {
        let plain = copy.sources.len() == 1
            && copy.from.is_none()
            && !copy.link
            && copy.chown.is_none()
            && copy.chmod.is_none()
            && !copy.parents
            && copy.exclude.is_empty();
        if plain {
            let args = strings(&[copy.sources[0].clone(), copy.dest.clone()]);
            return statement(Expr::call("s.copy", args));
        }
        self.imports.insert("CopySpec");
        let spec = self.copy_spec(copy, Some(stage));
        statement(Expr::call("s.copy_with", vec![spec]))
    }

    fn add(&mut self, add: &Add) -> Line {
        self.imports.insert("AddSpec");
        self.imports.insert("CopySpec");
        let spec = Fields::default()
            .set("copy", self.copy_spec(&add.copy, None))
            .string("checksum", add.checksum.as_deref())
            .flag("keep_git_dir", add.keep_git_dir)
            .some("unpack", add.unpack)
            .literal("AddSpec", Expr::atom("AddSpec::default()"));
        statement(Expr::call("s.add_with", vec![spec]))
    }

    fn run_options(&mut self, run: &Run) -> Expr {
        let network = run.network.map(|network| match network {
            NetworkMode::Default => "NetworkMode::Default",
            NetworkMode::None => "NetworkMode::None",
            NetworkMode::Host => "NetworkMode::Host",
        });
        let security = run.security.map(|security| match security {
            SecurityMode::Sandbox => "SecurityMode::Sandbox",
            SecurityMode::Insecure => "SecurityMode::Insecure",
        });
        if network.is_some() {
            self.imports.insert("NetworkMode");
        }
        if security.is_some() {
            self.imports.insert("SecurityMode");
        }
        let fields = Fields::default()
            .some("network", network)
            .some("security", security);
        if fields.is_empty() {
            return Expr::atom("RunOptions::default()");
        }
        self.imports.insert("RunOptions");
        fields.literal("RunOptions", Expr::atom("RunOptions::default()"))
    }

    fn run(&mut self, run: &Run, script: &RunScript<'_>) -> Line {
        let options = self.run_options(run);
        let single = |words: Vec<Expr>, options: Expr| {
            statement(Expr::call(
                "s.run_command",
                vec![
                    Expr::Array {
                        items: words,
                        vec: false,
                    },
                    Expr::atom("&[]"),
                    options,
                ],
            ))
        };
        match script {
            RunScript::Single(words) => {
                self.imports.insert("RunOptions");
                single(strings(words), options)
            }
            RunScript::Heredoc(body) => {
                self.imports.insert("RunOptions");
                single(vec![Expr::atom(script_literal(body))], options)
            }
            RunScript::Chain(commands) => {
                let mut body = Vec::new();
                for command in commands {
                    let call = match command.words.as_deref() {
                        Some([tool, args @ ..]) if !args.is_empty() => {
                            Expr::call("r.cmd", vec![Expr::atom(string(tool)), array(args)])
                        }
                        _ => Expr::call("r.raw", vec![Expr::atom(string(&command.text))]),
                    };
                    body.push(statement(call));
                }
                let (method, mut args) = match options {
                    Expr::Atom(_) => ("s.run", Vec::new()),
                    options => ("s.run_with", vec![options]),
                };
                args.push(closure("r", body));
                statement(Expr::call(method, args))
            }
        }
    }

    fn mount(&mut self, mount: &Mount, stage: usize) -> Expr {
        let text = |v: &str| Expr::atom(string(v));
        let owned_by =
            |fields: Fields, mode: &Option<u32>, uid: &Option<u32>, gid: &Option<u32>| {
                fields
                    .string("mode", mode.map(|m| format!("0o{m:o}")).as_deref())
                    .string("uid", uid.map(|n| n.to_string()).as_deref())
                    .string("gid", gid.map(|n| n.to_string()).as_deref())
            };
        let fields = Fields::default();
        let (base, fields) = match mount {
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
                let fields = fields
                    .flag("lock", *sharing == Some(CacheSharing::Locked))
                    .string(
                        "sharing",
                        (*sharing == Some(CacheSharing::Private)).then_some("private"),
                    )
                    .string("id", id.as_deref())
                    .flag("ro", *ro)
                    .string(
                        "from",
                        from.as_deref()
                            .map(|f| self.stage_or_image(f, stage))
                            .as_deref(),
                    )
                    .string("source", source.as_deref());
                let base = Expr::call("mounts::cache", vec![text(target)]);
                (base, owned_by(fields, mode, uid, gid))
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
                // The builder's secret takes a target; none is `target: None`.
                let fields = match target {
                    Some(_) => fields,
                    None => fields.set("target", Expr::atom("None")),
                };
                let fields = fields
                    .string("env", env.as_deref())
                    .some("required", *required);
                let target = text(target.as_deref().unwrap_or(""));
                let base = Expr::call("mounts::secret", vec![text(id), target]);
                (base, owned_by(fields, mode, uid, gid))
            }
            Mount::Ssh {
                id,
                target,
                required,
                mode,
                uid,
                gid,
            } => {
                let fields = fields
                    .string("id", id.as_deref())
                    .string("target", target.as_deref())
                    .some("required", *required);
                (
                    Expr::call("mounts::ssh", Vec::new()),
                    owned_by(fields, mode, uid, gid),
                )
            }
            Mount::Bind {
                source,
                target,
                from,
                rw,
            } => {
                let fields = fields
                    .string(
                        "from",
                        from.as_deref()
                            .map(|f| self.stage_or_image(f, stage))
                            .as_deref(),
                    )
                    .flag("rw", *rw);
                // No source is the root of the context or stage, as `.` is
                // (the Python recipe's bind renders it so too).
                let source = text(source.as_deref().unwrap_or("."));
                (
                    Expr::call("mounts::bind", vec![source, text(target)]),
                    fields,
                )
            }
            Mount::Tmpfs { target, size } => (
                Expr::call("mounts::tmpfs", vec![text(target)]),
                fields.string("size", size.as_deref()),
            ),
        };
        if fields.is_empty() {
            return base;
        }
        self.imports.insert("MountSpec");
        fields.literal("MountSpec", base)
    }
}
