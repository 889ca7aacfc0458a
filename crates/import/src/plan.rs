//! The import plan: every decision about a Dockerfile that does not depend on
//! the language the program is written in. Which stage derives from which,
//! the names of unnamed stages, which instructions stay raw, how each RUN's
//! script is cut into commands (decided once per RUN), which RUNs share
//! mounts, and where comments and blank lines go. The Python and Rust
//! emitters walk a [`Plan`] and only write syntax.

use std::collections::{HashMap, HashSet};

use dockerfile::{Add, Directive, Instruction, InstructionId, Mount, Parsed, Run, Span, Stage};

use crate::error::ImportError;
use crate::py_literal::triple_quoted;
use crate::shell_chain::{commands, joined, plain_words};

/// A Dockerfile laid out for an emitter.
pub(crate) struct Plan<'a> {
    /// The parsed file (its directives, for the emitter's header).
    pub(crate) parsed: &'a Parsed,
    /// The lines before the first `FROM`, after the directives.
    pub(crate) preamble: Vec<Item<'a>>,
    /// The stages, in file order.
    pub(crate) stages: Vec<StagePlan<'a>>,
    /// Comments after the last stage's last instruction (a blank line
    /// stands before them).
    pub(crate) trailing_comments: Vec<&'a str>,
}

/// One stage: its `FROM` and its body.
pub(crate) struct StagePlan<'a> {
    /// The parsed stage.
    pub(crate) stage: &'a Stage,
    /// The stage's name in the program: its `AS` name, or `stageN`.
    pub(crate) name: String,
    /// The earlier stage this one is `FROM`, by index.
    pub(crate) parent: Option<usize>,
    /// The base image (without the double quotes BuildKit's lexer drops).
    pub(crate) image: &'a str,
    /// A blank line before the stage (and its leading comments).
    pub(crate) blank_before: bool,
    /// Comments that ended the previous stage and introduce this one.
    pub(crate) leading_comments: Vec<&'a str>,
    /// The body, grouped by shared mounts.
    pub(crate) blocks: Vec<Block<'a>>,
}

/// A stretch of a stage's body.
pub(crate) enum Block<'a> {
    /// One instruction or comment.
    One(Item<'a>),
    /// RUNs (and comments between them) that share leading `mounts`, hoisted
    /// into one scope; the items' RUNs keep only their other mounts.
    Shared {
        /// A blank line before the scope.
        blank_before: bool,
        /// The mounts every RUN of the stretch starts with.
        mounts: &'a [Mount],
        /// The stretch (the first item never has a blank line before it).
        items: Vec<Item<'a>>,
    },
}

/// One line of the program's body.
pub(crate) struct Item<'a> {
    /// A blank line before it, where the Dockerfile had one.
    pub(crate) blank_before: bool,
    /// What it is.
    pub(crate) step: Step<'a>,
}

/// What one Dockerfile line becomes.
pub(crate) enum Step<'a> {
    /// A comment (the text after `#`), written as a comment of the language.
    Comment(&'a str),
    /// The instruction's exact text through `raw()`.
    Raw(String),
    /// A RUN through the run builder.
    Run {
        /// The parsed RUN.
        run: &'a Run,
        /// Its mounts that are not hoisted into the enclosing scope.
        own_mounts: &'a [Mount],
        /// How its script is written.
        script: RunScript<'a>,
    },
    /// A global `ARG` (only in the preamble).
    GlobalArg {
        /// The variable name.
        name: &'a str,
        /// Its default.
        default: Option<&'a str>,
    },
    /// Any other instruction, written through its builder call.
    Instruction(&'a Instruction),
}

/// How a RUN's script is written, decided once per RUN.
pub(crate) enum RunScript<'a> {
    /// One command: its plain words, or the whole line as one word.
    Single(Vec<String>),
    /// One unquoted heredoc: its body.
    Heredoc(&'a str),
    /// Several commands joined by `&&`.
    Chain(Vec<Command>),
}

/// One command of a `&&` chain.
pub(crate) struct Command {
    /// The command as written (continuations joined, trimmed).
    pub(crate) text: String,
    /// Its words, when each passes through a builder call unchanged.
    pub(crate) words: Option<Vec<String>>,
}

impl<'a> Plan<'a> {
    /// Lays out `parsed`, whose source `lines` give the exact text of
    /// instructions kept raw; refuses what no recipe can spell.
    pub(crate) fn new(parsed: &'a Parsed, lines: &[&str]) -> Result<Self, ImportError> {
        check_stage_names(parsed)?;
        let mut planner = Planner {
            parsed,
            lines,
            last_line: None,
        };
        for index in 0..parsed.document.directives.len() {
            if let Some(span) = planner.span(InstructionId::Directive(index)) {
                planner.last_line = Some(span.end_line);
            }
        }
        let preamble = parsed
            .document
            .preamble
            .iter()
            .enumerate()
            .map(|(index, instruction)| {
                let blank_before = planner.gap(InstructionId::Preamble(index));
                Item {
                    blank_before,
                    step: preamble_step(instruction),
                }
            })
            .collect();
        let mut stages = Vec::new();
        let mut pending = Vec::new();
        let mut names: HashMap<String, usize> = HashMap::new();
        for (index, stage) in parsed.document.stages.iter().enumerate() {
            let plan = planner.stage(index, stage, &names, std::mem::take(&mut pending));
            names.insert(plan.name.to_ascii_lowercase(), index);
            // Comments after a stage's last instruction introduce the next.
            let own = own_length(stage);
            pending = stage.body[own..].iter().filter_map(comment_text).collect();
            stages.push(plan);
        }
        Ok(Plan {
            parsed,
            preamble,
            stages,
            trailing_comments: pending,
        })
    }

    /// The file's `# syntax=` image, if it has one.
    pub(crate) fn syntax(&self) -> Option<&'a str> {
        self.parsed
            .document
            .directives
            .iter()
            .find_map(|d| match d {
                Directive::Syntax(image) => Some(image.as_str()),
                _ => None,
            })
    }
}

struct Planner<'a, 'l> {
    parsed: &'a Parsed,
    lines: &'l [&'l str],
    /// The last source line placed, for blank-line placement.
    last_line: Option<usize>,
}

impl<'a> Planner<'a, '_> {
    fn span(&self, id: InstructionId) -> Option<Span> {
        self.parsed.source_map.get(id)
    }

    /// True when the Dockerfile has a blank line before instruction `id`;
    /// moves past it.
    fn gap(&mut self, id: InstructionId) -> bool {
        let Some(span) = self.span(id) else {
            return false;
        };
        let gap = self.has_gap_before(span);
        self.last_line = Some(span.end_line);
        gap
    }

    fn has_gap_before(&self, span: Span) -> bool {
        self.last_line
            .is_some_and(|last| span.start_line > last + 1)
    }

    fn stage(
        &mut self,
        index: usize,
        stage: &'a Stage,
        names: &HashMap<String, usize>,
        leading_comments: Vec<&'a str>,
    ) -> StagePlan<'a> {
        let from_id = InstructionId::From { stage: index };
        let blank_before = index > 0 || self.span(from_id).is_some_and(|s| self.has_gap_before(s));
        if let Some(span) = self.span(from_id) {
            self.last_line = Some(span.end_line);
        }
        let name = match &stage.from.name {
            Some(name) => name.clone(),
            None => unused_stage_name(self.parsed, index),
        };
        let parent = names.get(&stage.from.image.to_ascii_lowercase()).copied();
        let body = &stage.body[..own_length(stage)];
        let id = |line| InstructionId::Body {
            stage: index,
            index: line,
        };
        // A block never opens with a blank line.
        if let Some(first) = self.span(id(0)) {
            self.last_line = Some(first.start_line.saturating_sub(1));
        }
        let mut steps: Vec<Option<Step<'a>>> = body
            .iter()
            .enumerate()
            .map(|(i, instruction)| Some(self.step(instruction, id(i))))
            .collect();
        let plannable: Vec<bool> = steps
            .iter()
            .map(|s| matches!(s, Some(Step::Run { .. })))
            .collect();
        let mut blocks = Vec::new();
        let mut i = 0;
        while i < body.len() {
            let (end, shared) = shared_mounts(body, i, &plannable);
            let blank_before = self.gap(id(i));
            let mut take = |j: usize| steps[j].take().expect("each step taken once");
            if shared.is_empty() {
                blocks.push(Block::One(Item {
                    blank_before,
                    step: take(i),
                }));
            } else {
                let mut items = Vec::new();
                for j in i..end {
                    let gap = j > i && self.gap(id(j));
                    items.push(Item {
                        blank_before: gap,
                        step: unhoist(take(j), shared),
                    });
                }
                blocks.push(Block::Shared {
                    blank_before,
                    mounts: shared,
                    items,
                });
            }
            i = end;
        }
        StagePlan {
            stage,
            name,
            parent,
            image: unquoted(&stage.from.image),
            blank_before,
            leading_comments,
            blocks,
        }
    }

    /// The step of instruction `instruction` of a stage's body.
    fn step(&self, instruction: &'a Instruction, id: InstructionId) -> Step<'a> {
        if let Some(text) = comment_text(instruction) {
            return Step::Comment(text);
        }
        if self.keep_raw(instruction) {
            // One ARG line may hold several ARGs, which share its lines.
            return Step::Raw(match instruction {
                Instruction::Arg { .. } => instruction.print(),
                _ => self.source_text(id, instruction),
            });
        }
        match instruction {
            Instruction::Run(run) => match RunScript::of(run) {
                Some(script) => Step::Run {
                    run,
                    own_mounts: &run.mounts,
                    script,
                },
                None => Step::Raw(self.source_text(id, instruction)),
            },
            Instruction::Raw(text) => Step::Raw(text.clone()),
            other => Step::Instruction(other),
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
}

/// `step` with the hoisted `shared` mounts taken off its RUN.
fn unhoist<'a>(step: Step<'a>, shared: &[Mount]) -> Step<'a> {
    match step {
        Step::Run {
            run,
            own_mounts,
            script,
        } => Step::Run {
            run,
            own_mounts: &own_mounts[shared.len()..],
            script,
        },
        other => other,
    }
}

/// The step of a line before the first `FROM`.
fn preamble_step(instruction: &Instruction) -> Step<'_> {
    if let Some(text) = comment_text(instruction) {
        return Step::Comment(text);
    }
    match instruction {
        Instruction::Arg { name, default } if !has_unexpandable_value(instruction) => {
            Step::GlobalArg {
                name,
                default: default.as_deref(),
            }
        }
        Instruction::Raw(text) => Step::Raw(text.clone()),
        other => Step::Raw(other.print()),
    }
}

/// How many leading body lines belong to the stage: all but the comments
/// after its last instruction.
fn own_length(stage: &Stage) -> usize {
    stage
        .body
        .iter()
        .rposition(|i| comment_text(i).is_none())
        .map_or(0, |last| last + 1)
}

/// Refuses a FROM line that is not one image (a template's), and a file
/// that names two stages alike (BuildKit refuses to build either).
fn check_stage_names(parsed: &Parsed) -> Result<(), ImportError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, stage) in parsed.document.stages.iter().enumerate() {
        let line = parsed
            .source_map
            .get(InstructionId::From { stage: index })
            .map_or(0, |s| s.start_line);
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
                fix: "rename one of the two stages (BuildKit refuses to build the file as it is)"
                    .to_owned(),
            });
        }
    }
    Ok(())
}

/// A name for unnamed stage `index` (the DSL names every stage): `stageN`,
/// or `stageN_2`... when the file uses that name itself.
fn unused_stage_name(parsed: &Parsed, index: usize) -> String {
    let taken = |name: &str| {
        parsed.document.stages.iter().any(|s| {
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

/// The longest stretch from `start` in which at least two RUNs share a
/// non-empty leading set of mounts (only comments may stand between them):
/// the end of the stretch and the mounts to hoist into one scope. `plannable`
/// says which instructions are RUNs written through the run builder.
fn shared_mounts<'a>(
    body: &'a [Instruction],
    start: usize,
    plannable: &[bool],
) -> (usize, &'a [Mount]) {
    let first = match &body[start] {
        Instruction::Run(run) if plannable[start] => run,
        _ => return (start + 1, &[]),
    };
    let mut prefix: &[Mount] = &first.mounts;
    let mut best: (usize, &[Mount]) = (start + 1, &[]);
    for (index, instruction) in body.iter().enumerate().skip(start + 1) {
        match instruction {
            Instruction::Comment(_) => continue,
            Instruction::Run(run) if plannable[index] => {
                let common = prefix
                    .iter()
                    .zip(&run.mounts)
                    .take_while(|(a, b)| a == b)
                    .count();
                if common == 0 {
                    break;
                }
                prefix = &prefix[..common];
                best = (index + 1, prefix);
            }
            _ => break,
        }
    }
    best
}

impl<'a> RunScript<'a> {
    /// How `run` is written through the run builder, or `None` when only
    /// `raw()` keeps it the same: exec form, an empty script, several
    /// heredocs, or one whose body no language here spells as a multi-line
    /// literal (the Python recipe's triple quotes are the narrower).
    fn of(run: &'a Run) -> Option<Self> {
        if !run.heredocs.is_empty() {
            return match run.heredocs.as_slice() {
                [(name, body)]
                    if run.script.trim() == format!("<<{name}")
                        && crate::names::is_identifier(name)
                        && body.contains('\n')
                        && triple_quoted(body).is_some() =>
                {
                    Some(RunScript::Heredoc(body))
                }
                _ => None,
            };
        }
        let script = joined(&run.script, '\\');
        if script.trim().is_empty() || looks_like_exec_form(&script) {
            return None;
        }
        Some(match commands(&script) {
            Some(parts) if parts.len() > 1 => RunScript::Chain(
                parts
                    .into_iter()
                    .map(|text| Command {
                        words: plain_words(&text)
                            .map(|w| w.into_iter().map(str::to_owned).collect()),
                        text,
                    })
                    .collect(),
            ),
            _ => RunScript::Single(match plain_words(script.trim()) {
                Some(words) => words.into_iter().map(str::to_owned).collect(),
                None => vec![script.trim().to_owned()],
            }),
        })
    }
}

/// True when no key of an ENV or LABEL is set twice: the pairs can be one
/// call (a key set twice keeps its order only as one call a pair).
pub(crate) fn keys_unique(pairs: &[(String, String)]) -> bool {
    let keys: HashSet<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    keys.len() == pairs.len()
}

/// True for a RUN in exec (JSON) form, `["exe", "arg"]`, which stays raw.
fn looks_like_exec_form(script: &str) -> bool {
    let script = script.trim();
    script
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .is_some_and(|inner| inner.trim().is_empty() || inner.trim_start().starts_with('"'))
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
        Instruction::Comment(text) => Some(text),
        Instruction::Raw(text) if text.starts_with('#') && !text.contains('\n') => Some(&text[1..]),
        _ => None,
    }
}
