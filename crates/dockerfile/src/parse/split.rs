//! Cutting one joined instruction line into a [`Node`], with the argument
//! splitter BuildKit uses for each keyword.

use super::error::ParseError;
use super::flags::split_flags;
use super::node::Node;
use super::words::{is_space_byte, parser_words, split_blanks};

/// What a keyword's splitter makes of the arguments.
struct Split {
    next: Vec<String>,
    json: bool,
    onbuild: Option<Box<Node>>,
}

impl Split {
    fn words(next: Vec<String>) -> Self {
        Self {
            next,
            json: false,
            onbuild: None,
        }
    }
}

/// Builds the node for `line`; `start_line` is used for errors and positions.
pub(crate) fn node_from_line(
    line: &str,
    escape: char,
    start_line: usize,
) -> Result<Node, ParseError> {
    let trimmed = line.trim();
    let lead = line.len() - line.trim_start().len();
    let mut pieces = split_blanks(trimmed, 2).into_iter();
    let keyword = pieces.next().unwrap_or_default();
    let (flags, rest, rest_at) = match pieces.next() {
        Some(args) => {
            let args_at = lead + trimmed.len() - args.len();
            let (flags, after) = split_flags(args);
            let remaining = &args[after..];
            let rest = remaining.trim();
            let rest_at = args_at + after + (remaining.len() - remaining.trim_start().len());
            (flags, rest, rest_at)
        }
        None => (Vec::new(), "", line.len()),
    };
    let fail_json = || ParseError::JsonNotStrings {
        line: start_line,
        keyword: keyword.to_owned(),
    };
    let split = match keyword.to_lowercase().as_str() {
        "add" | "copy" | "volume" => match json_array(rest) {
            Json::Strings(next) => json_split(next),
            Json::NotStrings => return Err(fail_json()),
            Json::No => Split::words(blank_words(rest)),
        },
        "cmd" | "entrypoint" | "run" | "shell" => maybe_json(rest).ok_or_else(fail_json)?,
        "arg" => Split::words(parser_words(rest, escape)),
        "env" | "label" => Split::words(name_values(rest, keyword, escape, start_line)?),
        "expose" | "from" => Split::words(blank_words(rest)),
        "healthcheck" => health(rest).ok_or_else(fail_json)?,
        "maintainer" | "stopsignal" | "user" | "workdir" => Split::words(if rest.is_empty() {
            vec![]
        } else {
            vec![rest.to_owned()]
        }),
        "onbuild" if rest.is_empty() => Split::words(vec![]),
        "onbuild" => {
            let inner = node_from_line(rest, escape, start_line)?;
            Split {
                next: vec![String::new()],
                json: false,
                onbuild: Some(Box::new(inner)),
            }
        }
        _ => Split::words(vec![String::new()]),
    };
    Ok(Node {
        keyword: keyword.to_owned(),
        flags,
        next: split.next,
        json: split.json,
        onbuild: split.onbuild,
        heredocs: Vec::new(),
        original: line.to_owned(),
        start_line,
        end_line: start_line,
        empty_continuation_lines: Vec::new(),
        text_end_line: start_line,
        rest_at,
    })
}

/// The strings of a JSON array (exec form).
fn json_split(next: Vec<String>) -> Split {
    Split {
        next,
        json: true,
        onbuild: None,
    }
}

/// BuildKit's whitespace-delimited splitter (`FROM`, `EXPOSE`, shell-form paths).
fn blank_words(rest: &str) -> Vec<String> {
    if rest.is_empty() {
        return Vec::new();
    }
    split_blanks(rest, 0)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The outcome of reading arguments as a JSON array.
enum Json {
    /// A JSON array of strings.
    Strings(Vec<String>),
    /// A JSON array with something other than a string: an error.
    NotStrings,
    /// Not a JSON array: the shell form.
    No,
}

/// Reads a leading JSON array the way Go's `json.Decoder` does: the first
/// value only, whatever follows it.
fn json_array(rest: &str) -> Json {
    let rest = rest.trim_start();
    if !rest.starts_with('[') {
        return Json::No;
    }
    let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Vec<serde_json::Value>>();
    match values.next() {
        Some(Ok(items)) => {
            let mut strings = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    serde_json::Value::String(s) => strings.push(s),
                    _ => return Json::NotStrings,
                }
            }
            Json::Strings(strings)
        }
        _ => Json::No,
    }
}

/// `CMD`/`ENTRYPOINT`/`RUN`/`SHELL`: a JSON array, else the whole text;
/// `None` for a JSON array of non-strings.
fn maybe_json(rest: &str) -> Option<Split> {
    if rest.is_empty() {
        return Some(Split::words(vec![]));
    }
    match json_array(rest) {
        Json::Strings(next) => Some(json_split(next)),
        Json::NotStrings => None,
        Json::No => Some(Split::words(vec![rest.to_owned()])),
    }
}

/// `HEALTHCHECK`: the type word, then the command as `CMD` reads it.
fn health(rest: &str) -> Option<Split> {
    let bytes = rest.as_bytes();
    let sep = bytes
        .iter()
        .position(|&b| is_space_byte(b))
        .unwrap_or(bytes.len());
    if sep == 0 {
        return Some(Split::words(vec![]));
    }
    let next = bytes[sep..]
        .iter()
        .position(|&b| !is_space_byte(b))
        .map_or(bytes.len(), |i| sep + i);
    let kind = String::from_utf8_lossy(&bytes[..sep]).into_owned();
    let mut command = maybe_json(&String::from_utf8_lossy(&bytes[next..]))?;
    command.next.insert(0, kind);
    Some(command)
}

/// `ENV`/`LABEL`: `name=value` words, or the legacy `name value`.
fn name_values(
    rest: &str,
    keyword: &str,
    escape: char,
    line: usize,
) -> Result<Vec<String>, ParseError> {
    let words = parser_words(rest, escape);
    let Some(first) = words.first() else {
        return Ok(Vec::new());
    };
    if !first.contains('=') {
        let parts = split_blanks(rest, 2);
        if parts.len() < 2 {
            return Err(ParseError::MissingValue {
                line,
                keyword: keyword.to_uppercase(),
            });
        }
        return Ok(parts.into_iter().map(str::to_owned).collect());
    }
    let mut next = Vec::with_capacity(words.len() * 2);
    for word in words {
        let Some((name, value)) = word.split_once('=') else {
            return Err(ParseError::MissingEquals {
                line,
                keyword: keyword.to_uppercase(),
                word,
            });
        };
        next.push(name.to_owned());
        next.push(value.to_owned());
    }
    Ok(next)
}
