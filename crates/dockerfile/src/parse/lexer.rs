//! Physical lines into instructions: directives, comments, blank lines,
//! line continuations with the file's escape character, comments inside
//! continuations, and heredoc bodies; what BuildKit's `Parse` loop does.

use super::directive::DirectiveReader;
use super::error::ParseError;
use super::heredoc::heredocs_in;
use super::node::{NodeTree, Piece};
use super::split::node_from_line;

/// BuildKit reads lines with a 64 KiB buffer: longer lines are an error.
const MAX_LINE: usize = 65535;

/// The physical lines of `text`, each with its line ending, the first without
/// a byte-order mark.
pub(crate) fn physical_lines(text: &str) -> Vec<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split_inclusive('\n').collect()
}

/// A line without its trailing `\r`s and `\n`s (Go's `TrimRight(s, "\r\n")`).
pub(crate) fn trim_newline(line: &str) -> &str {
    line.trim_end_matches(['\r', '\n'])
}

/// BuildKit's `isComment`: `#` first after leading white space.
fn is_comment(line: &str) -> bool {
    trim_newline(line).trim_start().starts_with('#')
}

/// Removes a line-continuation escape (the escape character, then only
/// blanks, and not itself escaped); true when the line continues.
fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let body = line.trim_end_matches([' ', '\t']);
    if let Some(before) = body.strip_suffix(escape) {
        if !before.ends_with(escape) {
            return (before, true);
        }
    }
    (line, false)
}

/// Walks the lines, checking BuildKit's line-length limit.
struct Lines<'a> {
    lines: Vec<&'a str>,
    next: usize,
}

impl<'a> Lines<'a> {
    /// The next line and its 1-based number.
    fn next(&mut self) -> Result<Option<(usize, &'a str)>, ParseError> {
        let Some(line) = self.lines.get(self.next).copied() else {
            return Ok(None);
        };
        self.next += 1;
        let length = line.strip_suffix('\n').unwrap_or(line).len();
        if length > MAX_LINE {
            return Err(ParseError::LineTooLong {
                line: self.next,
                length,
            });
        }
        Ok(Some((self.next, line)))
    }
}

/// Parses `text` into BuildKit's nodes.
pub(crate) fn parse_nodes(text: &str) -> Result<NodeTree, ParseError> {
    let mut lines = Lines {
        lines: physical_lines(text),
        next: 0,
    };
    let mut directives = DirectiveReader::new();
    let mut tree = NodeTree::default();
    let mut last_line = 0;
    while let Some((number, raw)) = lines.next()? {
        last_line = number;
        let content = trim_newline(raw);
        let token = content.trim_start();
        let known = directives.found.len();
        directives.offer(token, number)?;
        let escape = directives.escape;
        if is_comment(raw) {
            if directives.found.len() == known {
                tree.comments.push((number, token[1..].to_owned()));
            }
            continue;
        }
        let (first, mut continues) = trim_continuation(token, escape);
        if !continues && first.is_empty() {
            continue;
        }
        let mut joined = String::from(first);
        let mut pieces = vec![Piece {
            at: 0,
            line: number,
            column: content.len() - token.len(),
        }];
        let mut empty_lines = Vec::new();
        while continues {
            let Some((number, raw)) = lines.next()? else {
                break;
            };
            last_line = number;
            let content = trim_newline(raw);
            directives.offer(content, number)?;
            if is_comment(raw) {
                continue;
            }
            if content.trim_start().is_empty() {
                empty_lines.push(number);
                continue;
            }
            let (piece, more) = trim_continuation(content, escape);
            pieces.push(Piece {
                at: joined.len(),
                line: number,
                column: 0,
            });
            joined.push_str(piece);
            continues = more;
        }
        let text_end_line = last_line;
        let mut node = node_from_line(&joined, escape, number)?;
        let heredoc_host = node.onbuild.as_deref().unwrap_or(&node);
        let takes_heredocs = matches!(
            heredoc_host.keyword.to_lowercase().as_str(),
            "add" | "copy" | "run"
        ) && !heredoc_host.json;
        if takes_heredocs && joined.contains("<<") {
            let found = heredocs_in(&joined).map_err(|(word, reason)| ParseError::HeredocWord {
                line: number,
                word,
                reason: reason.to_owned(),
            })?;
            for mut heredoc in found {
                let mut terminated = false;
                while let Some((body_line, raw)) = lines.next()? {
                    last_line = body_line;
                    let mut candidate = trim_newline(raw);
                    if heredoc.chomp {
                        candidate = candidate.trim_start_matches('\t');
                    }
                    if candidate == heredoc.name {
                        terminated = true;
                        break;
                    }
                    heredoc.content.push_str(raw);
                }
                if !terminated {
                    return Err(ParseError::UnterminatedHeredoc {
                        line: number,
                        name: heredoc.name,
                    });
                }
                node.heredocs.push(heredoc);
            }
        }
        node.end_line = last_line;
        node.empty_continuation_lines = empty_lines;
        node.text_end_line = text_end_line;
        tree.nodes.push(node);
        tree.pieces.push(pieces);
    }
    if tree.nodes.is_empty() {
        return Err(ParseError::NoInstructions {
            line: last_line.max(1),
        });
    }
    tree.directives = directives.found;
    tree.escape = directives.escape;
    Ok(tree)
}
