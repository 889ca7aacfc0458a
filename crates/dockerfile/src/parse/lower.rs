//! Lowering BuildKit's nodes into the typed [`Document`], with a
//! [`SourceMap`] of the lines every instruction came from.
//!
//! Each instruction is typed when the model holds all of it, so that
//! printing it means the same to BuildKit; anything else (unknown flags,
//! `MAINTAINER`, unknown keywords, mount options the model lacks) is kept as
//! [`Instruction::Raw`] with its exact source text, so nothing is dropped.

use crate::ast::{
    Add, CopyInstruction, Directive, Document, ExecOrShell, FromInstruction, Healthcheck,
    Instruction, NetworkMode, Run, SecurityMode, Stage,
};
use crate::source_map::{InstructionId, SourceMap, Span, Spelling};
use crate::SyntaxVersion;

use super::directive::looks_like_directive;
use super::lexer::trim_newline;
use super::mount::{parse_bool, parse_mount};
use super::node::{Node, NodeTree, Piece};
use super::words::word_value;
use super::Parsed;

/// The source of the document being lowered.
struct Source<'a> {
    lines: &'a [&'a str],
    escape: char,
    lexed_mounts: bool,
}

impl Source<'_> {
    /// Lines `start..=end` verbatim, without the final line ending.
    fn text(&self, start: usize, end: usize) -> String {
        let picked = self
            .lines
            .get(start - 1..end.min(self.lines.len()))
            .unwrap_or(&[]);
        picked
            .iter()
            .map(|line| trim_newline(line))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The source text of the arguments starting at `rest_at` of the joined
    /// line, up to the instruction's last line, as the file writes it
    /// (continuations and indentation kept, with `\` as continuation).
    fn rest_text(&self, rest_at: usize, node: &Node, pieces: &[Piece]) -> String {
        if node.next.is_empty() {
            return String::new();
        }
        let Some(piece) = pieces.iter().rev().find(|p| p.at <= rest_at) else {
            return String::new();
        };
        let last = pieces.last().map_or(piece.line, |p| p.line);
        let lines = self.text(piece.line, last);
        let column = piece.column + rest_at - piece.at;
        let text = lines.get(column..).unwrap_or_default().trim_end();
        if self.escape == '`' {
            text.replace(" `\n", " \\\n")
        } else {
            text.to_owned()
        }
    }
}

/// Builds the document and its source map from the parsed nodes.
pub(crate) fn lower(tree: &NodeTree, lines: &[&str]) -> Parsed {
    let mut document = Document::default();
    let mut source_map = SourceMap::default();
    for (i, directive) in tree.directives.iter().enumerate() {
        let typed = match directive.name.as_str() {
            "syntax" => Directive::Syntax(directive.value.clone()),
            "escape" => Directive::Escape(tree.escape),
            _ => Directive::Check(directive.value.clone()),
        };
        document.directives.push(typed);
        source_map.insert(
            InstructionId::Directive(i),
            Span {
                start_line: directive.line,
                end_line: directive.line,
            },
        );
    }
    document.frontend = tree.directives.iter().find_map(|d| {
        (d.name == "syntax")
            .then(|| SyntaxVersion::from_reference(&d.value))
            .flatten()
    });
    let source = Source {
        lines,
        escape: tree.escape,
        lexed_mounts: document
            .frontend
            .is_none_or(|v| v >= SyntaxVersion::new(1, 3)),
    };
    let mut comments = tree.comments.iter().peekable();
    let place = |document: &mut Document,
                 source_map: &mut SourceMap,
                 instruction: Instruction,
                 span: Span|
     -> InstructionId {
        let stages = document.stages.len();
        let id = match document.stages.last_mut() {
            Some(stage) => {
                stage.body.push(instruction);
                InstructionId::Body {
                    stage: stages - 1,
                    index: stage.body.len() - 1,
                }
            }
            None => {
                document.preamble.push(instruction);
                InstructionId::Preamble(document.preamble.len() - 1)
            }
        };
        source_map.insert(id, span);
        id
    };
    for (node, pieces) in tree.nodes.iter().zip(&tree.pieces) {
        while let Some((line, text)) = comments.next_if(|(line, _)| *line < node.start_line) {
            let (instruction, span) = comment(&source, *line, text, &document);
            place(&mut document, &mut source_map, instruction, span);
        }
        let span = Span {
            start_line: node.start_line,
            end_line: node.end_line,
        };
        if node.keyword.eq_ignore_ascii_case("from") {
            document.stages.push(Stage {
                from: from_instruction(node),
                body: Vec::new(),
            });
            let id = InstructionId::From {
                stage: document.stages.len() - 1,
            };
            source_map.insert(id, span);
            source_map.insert_spelling(id, spelling(node, tree.escape));
            continue;
        }
        let raw = || Instruction::Raw(source.text(node.start_line, node.end_line));
        let typed = instructions(&source, node, pieces, 0);
        let ids: Vec<InstructionId> = typed
            .unwrap_or_else(|| vec![raw()])
            .into_iter()
            .map(|instruction| place(&mut document, &mut source_map, instruction, span))
            .collect();
        if let Some(first) = ids.first() {
            source_map.insert_spelling(*first, spelling(node, tree.escape));
        }
    }
    for (line, text) in comments {
        let (instruction, span) = comment(&source, *line, text, &document);
        place(&mut document, &mut source_map, instruction, span);
    }
    Parsed {
        document,
        source_map,
    }
}

/// How the file spells `node`, where the typed instruction does not say.
fn spelling(node: &Node, escape: char) -> Spelling {
    let keyword = node.keyword.to_ascii_lowercase();
    let as_keyword = match node.next.as_slice() {
        [_, as_word, _] if keyword == "from" && as_word.eq_ignore_ascii_case("as") => {
            Some(as_word.clone())
        }
        _ => None,
    };
    Spelling {
        keyword: node.keyword.clone(),
        as_keyword,
        legacy_key_value: matches!(keyword.as_str(), "env" | "label")
            && !node.next.is_empty()
            && !is_pairs_form(node, escape),
        empty_continuation_lines: node.empty_continuation_lines.clone(),
        text_end_line: node.text_end_line,
    }
}

/// A `# comment` line and its span: typed when the printer would write it
/// the same way. A comment that was not a directive but would be read as one
/// where the printer puts it (first after the directives) keeps a blank line
/// before it, so it stays a comment.
fn comment(
    source: &Source<'_>,
    line: usize,
    text: &str,
    document: &Document,
) -> (Instruction, Span) {
    let span = Span {
        start_line: line,
        end_line: line,
    };
    let written = source.text(line, line);
    let printed_first = document.preamble.is_empty() && document.stages.is_empty();
    if printed_first && looks_like_directive(written.trim_start()) {
        return (Instruction::Raw(format!("\n{written}")), span);
    }
    let instruction = match text.strip_prefix(' ') {
        _ if written.trim_end() != written || !written.starts_with('#') => {
            Instruction::Raw(written)
        }
        Some(rest) if !rest.is_empty() => Instruction::Comment(rest.to_owned()),
        None if text.is_empty() => Instruction::Comment(String::new()),
        _ => Instruction::Raw(written),
    };
    (instruction, span)
}

/// `FROM [--platform=P] image [AS name]`; any other shape keeps its whole
/// argument text in `image`, which prints back unchanged.
fn from_instruction(node: &Node) -> FromInstruction {
    let platform = match node.flags.as_slice() {
        [] => Some(None),
        [flag] => flag.strip_prefix("--platform=").map(|p| Some(p.to_owned())),
        _ => None,
    };
    let shape = match node.next.as_slice() {
        [image] => Some((image.clone(), None)),
        [image, as_word, name] if as_word.eq_ignore_ascii_case("as") => {
            Some((image.clone(), Some(name.clone())))
        }
        _ => None,
    };
    if let (Some(platform), Some((image, name))) = (platform, shape) {
        return FromInstruction {
            image,
            name,
            platform,
        };
    }
    let trimmed = node.original.trim();
    FromInstruction {
        image: trimmed[node.keyword.len()..].trim().to_owned(),
        name: None,
        platform: None,
    }
}

/// The typed instructions of one node, or `None` to keep it raw; `base` is
/// where the node's `original` starts in the outermost instruction line.
fn instructions(
    source: &Source<'_>,
    node: &Node,
    pieces: &[Piece],
    base: usize,
) -> Option<Vec<Instruction>> {
    let escape = source.escape;
    let value = |word: &str| word_value(word, escape);
    let keyword = node.keyword.to_ascii_lowercase();
    if keyword == "arg" {
        if !node.flags.is_empty() || node.next.is_empty() {
            return None;
        }
        return node
            .next
            .iter()
            .map(|word| {
                let (name, default) = match word.split_once('=') {
                    Some((name, default)) => (name, Some(value(default)?)),
                    None => (word.as_str(), None),
                };
                if name.is_empty() || name.contains(['"', '\'', escape]) {
                    return None;
                }
                Some(Instruction::Arg {
                    name: name.to_owned(),
                    default,
                })
            })
            .collect();
    }
    instruction(source, node, pieces, base, &keyword).map(|one| vec![one])
}

/// The one typed instruction of a node (every keyword but `ARG`).
fn instruction(
    source: &Source<'_>,
    node: &Node,
    pieces: &[Piece],
    base: usize,
    keyword: &str,
) -> Option<Instruction> {
    let escape = source.escape;
    let value = |word: &str| word_value(word, escape);
    let rest = || source.rest_text(base + node.rest_at, node, pieces);
    let no_flags = node.flags.is_empty();
    let single = || match node.next.as_slice() {
        [one] if no_flags && !node.json => Some(one.clone()),
        _ => None,
    };
    let typed = match keyword {
        "run" => Instruction::Run(run(source, node, rest())?),
        "env" | "label" if no_flags && !node.next.is_empty() => {
            let pairs = if node.original.contains('=') && is_pairs_form(node, escape) {
                node.next
                    .chunks(2)
                    .map(|kv| Some((value(&kv[0])?, value(kv.get(1)?)?)))
                    .collect::<Option<Vec<_>>>()?
            } else {
                vec![(node.next[0].clone(), value(node.next.get(1)?)?)]
            };
            if keyword == "env" {
                Instruction::Env(pairs)
            } else {
                Instruction::Label(pairs)
            }
        }
        "workdir" => Instruction::Workdir(value(&single()?)?),
        "user" => Instruction::User(single()?),
        "stopsignal" => Instruction::Stopsignal(single()?),
        "expose" if no_flags && !node.next.is_empty() => Instruction::Expose(node.next.clone()),
        "volume" if no_flags && !node.next.is_empty() => Instruction::Volume(if node.json {
            node.next.clone()
        } else {
            node.next
                .iter()
                .map(|w| value(w))
                .collect::<Option<Vec<_>>>()?
        }),
        "copy" | "add" if node.heredocs.is_empty() => copy_or_add(node, keyword, escape)?,
        "cmd" | "entrypoint" if no_flags && (node.json || !node.next.is_empty()) => {
            let form = if node.json {
                ExecOrShell::Exec(node.next.clone())
            } else {
                ExecOrShell::Shell(rest())
            };
            if keyword == "cmd" {
                Instruction::Cmd(form)
            } else {
                Instruction::Entrypoint(form)
            }
        }
        "shell" if no_flags && node.json => Instruction::Shell(node.next.clone()),
        "healthcheck" => Instruction::Healthcheck(healthcheck(node)?),
        "onbuild" if no_flags && node.heredocs.is_empty() => {
            let inner = node.onbuild.as_deref()?;
            if inner.keyword.eq_ignore_ascii_case("from") {
                return None;
            }
            let mut typed = instructions(source, inner, pieces, base + node.rest_at)?;
            if typed.len() != 1 {
                return None;
            }
            Instruction::Onbuild(Box::new(typed.pop()?))
        }
        _ => return None,
    };
    Some(typed)
}

/// True when an `ENV`/`LABEL` node came from `name=value` words (not the
/// legacy `name value` form, whose first word has no `=`).
fn is_pairs_form(node: &Node, escape: char) -> bool {
    let args = node.original.get(node.rest_at..).unwrap_or_default();
    super::words::parser_words(args, escape)
        .first()
        .is_some_and(|w| w.contains('='))
}

/// `RUN` with the mounts, network and security modes the model holds.
fn run(source: &Source<'_>, node: &Node, script: String) -> Option<Run> {
    let mut typed = Run {
        script,
        ..Run::default()
    };
    for flag in &node.flags {
        let (name, value) = flag.split_once('=')?;
        match name {
            "--mount" => typed
                .mounts
                .push(parse_mount(value, source.lexed_mounts, source.escape)?),
            "--network" if typed.network.is_none() => {
                typed.network = Some(NetworkMode::from_name(value)?);
            }
            "--security" if typed.security.is_none() => {
                typed.security = Some(SecurityMode::from_name(value)?);
            }
            _ => return None,
        }
    }
    if typed.script.is_empty() {
        return None;
    }
    for heredoc in &node.heredocs {
        let body = heredoc.content.strip_suffix('\n')?;
        if heredoc.content.is_empty() {
            return None;
        }
        typed.heredocs.push((heredoc.name.clone(), body.to_owned()));
    }
    Some(typed)
}

/// `COPY`/`ADD` with the flags the model holds and at least a source and a
/// destination.
fn copy_or_add(node: &Node, keyword: &str, escape: char) -> Option<Instruction> {
    let mut copy = CopyInstruction::default();
    let mut add = Add::default();
    let is_add = keyword == "add";
    for flag in &node.flags {
        let (name, value) = match flag.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (flag.as_str(), None),
        };
        let switch = || value.map_or(Some(true), parse_bool);
        match name {
            "--from" if copy.from.is_none() => copy.from = Some(value?.to_owned()),
            "--chown" if copy.chown.is_none() => copy.chown = Some(value?.to_owned()),
            "--chmod" if copy.chmod.is_none() => copy.chmod = Some(value?.to_owned()),
            "--exclude" => copy.exclude.push(value?.to_owned()),
            "--link" => copy.link = switch()?,
            "--parents" => copy.parents = switch()?,
            "--checksum" if is_add && add.checksum.is_none() => {
                add.checksum = Some(value?.to_owned())
            }
            "--keep-git-dir" if is_add => add.keep_git_dir = switch()?,
            "--unpack" if is_add && add.unpack.is_none() => add.unpack = Some(switch()?),
            _ => return None,
        }
    }
    let mut paths = node
        .next
        .iter()
        .map(|w| word_value(w, escape))
        .collect::<Option<Vec<_>>>()?;
    if paths.len() < 2 {
        return None;
    }
    copy.dest = paths.pop()?;
    copy.sources = paths;
    Some(if is_add {
        add.copy = copy;
        Instruction::Add(add)
    } else {
        Instruction::Copy(copy)
    })
}

/// `HEALTHCHECK NONE`, or `HEALTHCHECK [flags] CMD ...`.
fn healthcheck(node: &Node) -> Option<Healthcheck> {
    let (kind, command) = node.next.split_first()?;
    if kind.eq_ignore_ascii_case("none") {
        return (command.is_empty() && node.flags.is_empty()).then_some(Healthcheck::None);
    }
    if !kind.eq_ignore_ascii_case("cmd") || command.is_empty() {
        return None;
    }
    let command = if node.json {
        ExecOrShell::Exec(command.to_vec())
    } else {
        ExecOrShell::Shell(command.first()?.clone())
    };
    let (mut interval, mut timeout, mut start_period, mut start_interval, mut retries) =
        (None, None, None, None, None);
    for flag in &node.flags {
        let (name, value) = flag.split_once('=')?;
        let value = Some(value.to_owned());
        match name {
            "--interval" if interval.is_none() => interval = value,
            "--timeout" if timeout.is_none() => timeout = value,
            "--start-period" if start_period.is_none() => start_period = value,
            "--start-interval" if start_interval.is_none() => start_interval = value,
            "--retries" if retries.is_none() => retries = Some(value?.parse().ok()?),
            _ => return None,
        }
    }
    Some(Healthcheck::Check {
        command,
        interval,
        timeout,
        start_period,
        start_interval,
        retries,
    })
}
