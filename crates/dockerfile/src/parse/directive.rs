//! Parser directives: `# syntax=`, `# escape=` and `# check=` lines at the
//! very top of a Dockerfile, read the way BuildKit reads them.

use super::error::ParseError;
use super::node::DirectiveLine;

/// The directive names BuildKit knows.
const KNOWN: [&str; 3] = ["syntax", "escape", "check"];

/// Reads directives until the first line that is not one.
#[derive(Debug)]
pub(crate) struct DirectiveReader {
    done: bool,
    /// The directives read so far.
    pub(crate) found: Vec<DirectiveLine>,
    /// The escape character the directives set.
    pub(crate) escape: char,
}

impl DirectiveReader {
    /// A reader at the top of a file: no directives yet, `\` as escape.
    pub(crate) fn new() -> Self {
        Self {
            done: false,
            found: Vec::new(),
            escape: '\\',
        }
    }

    /// Offers line `number` (newline removed) to the reader.
    pub(crate) fn offer(&mut self, text: &str, number: usize) -> Result<(), ParseError> {
        if self.done {
            return Ok(());
        }
        let Some((name, value)) = known_directive(text) else {
            self.done = true;
            return Ok(());
        };
        if self.found.iter().any(|d| d.name == name) {
            return Err(ParseError::DuplicateDirective { line: number, name });
        }
        if name == "escape" {
            self.escape = match value {
                "\\" => '\\',
                "`" => '`',
                _ => {
                    return Err(ParseError::InvalidEscape {
                        line: number,
                        value: value.to_owned(),
                    })
                }
            };
        }
        self.found.push(DirectiveLine {
            name,
            value: value.to_owned(),
            line: number,
        });
        Ok(())
    }
}

/// True when `line` would be read as a parser directive in the leading
/// comment block (a known name in `# name=value` shape).
pub(crate) fn looks_like_directive(line: &str) -> bool {
    known_directive(line).is_some()
}

/// The name (lowercase: `syntax`, `escape` or `check`) and value of `line`
/// when it has the shape of a parser directive BuildKit knows, as it would be
/// read in the leading comment block; `None` for any other line.
pub fn known_directive(line: &str) -> Option<(String, &str)> {
    let (name, value) = directive_parts(line)?;
    let name = name.to_ascii_lowercase();
    KNOWN.contains(&name.as_str()).then_some((name, value))
}

/// Go's `\s`: the white space of BuildKit's directive pattern.
fn is_go_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ')
}

/// Name and value of `#\s*name\s*=\s*value\s*`, if the line has that shape.
fn directive_parts(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_prefix('#')?.trim_start_matches(is_go_space);
    let name_len = body
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())))
        .map_or(body.len(), |(i, _)| i);
    if name_len == 0 {
        return None;
    }
    let (name, after) = body.split_at(name_len);
    let after = after.trim_start_matches(is_go_space).strip_prefix('=')?;
    let value = after.trim_start_matches(is_go_space);
    if value.is_empty() {
        // `.+?` still takes the last blank when only blanks follow `=`.
        let last = after.char_indices().last()?.0;
        return Some((name, &after[last..]));
    }
    Some((name, value.trim_end_matches(is_go_space)))
}

#[cfg(test)]
mod tests {
    use super::directive_parts;

    #[test]
    fn directive_shapes() {
        assert_eq!(directive_parts("#escape = ` "), Some(("escape", "`")));
        assert_eq!(directive_parts("# syntax=a b "), Some(("syntax", "a b")));
        assert_eq!(directive_parts("# just a comment"), None);
        assert_eq!(directive_parts("# 1x=y"), None);
    }
}
