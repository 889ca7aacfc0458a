//! How values are written so that BuildKit reads back exactly what was meant.
//!
//! BuildKit splits an instruction's arguments into words on white space, and
//! its shell lexer later removes quotes and resolves `\` escapes. A value
//! that needs none of that is written bare (so ordinary files stay as people
//! write them); anything else is double-quoted. `$` is left alone everywhere:
//! in a Dockerfile it means variable expansion, and recipes rely on it
//! (`PATH=/opt/bin:$PATH`). [`literal_dollars`] escapes it for values that
//! must stay literal.

use std::borrow::Cow;

/// True when BuildKit would read `value` back unchanged without quotes.
fn is_bare_word(value: &str) -> bool {
    !value
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '\\'))
}

/// Writes an `ENV`/`ARG`/`LABEL` value: bare when safe, else in double quotes
/// with `"` and `\` escaped (BuildKit's lexer turns `\"` and `\\` back). A `\$`
/// (from [`literal_dollars`]) is kept, so the `$` stays literal.
pub fn dockerfile_word(value: &str) -> Cow<'_, str> {
    if is_bare_word(value) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '"' || (ch == '\\' && chars.peek() != Some(&'$')) {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
    Cow::Owned(out)
}

/// Wraps `value` in shell double quotes (`K="v"`), escaping only what would
/// otherwise end or change the quoting: every `"`, and a `\` that precedes a
/// `"`, a `\` or the closing quote. Other text, `$` included, is kept, so
/// values that were already safe keep their exact bytes.
pub fn shell_double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' if matches!(chars.peek(), None | Some('"') | Some('\\')) => out.push_str("\\\\"),
            _ => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// Quotes `word` for a POSIX shell so it reaches the command as one literal
/// word: bare when it holds only safe characters, else in single quotes.
pub fn shell_word(word: &str) -> Cow<'_, str> {
    let safe = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | '+' | ',' | '@' | '%')
        });
    if safe {
        return Cow::Borrowed(word);
    }
    Cow::Owned(format!("'{}'", word.replace('\'', r"'\''")))
}

/// Escapes every `$` so BuildKit does not expand variables in `value`.
pub fn literal_dollars(value: &str) -> String {
    value.replace('$', "\\$")
}

/// True when a `COPY`/`ADD` path list must use the JSON form to survive
/// BuildKit's white-space splitting.
pub fn needs_json_paths<S: AsRef<str>>(paths: &[S]) -> bool {
    paths.iter().any(|p| {
        let p = p.as_ref();
        p.is_empty()
            || p.starts_with('[')
            || p.chars()
                .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '\\'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_values_keep_their_bytes() {
        assert_eq!(dockerfile_word("/opt/bin:$PATH"), "/opt/bin:$PATH");
        assert_eq!(dockerfile_word(""), "");
        assert_eq!(dockerfile_word("a=b"), "a=b");
    }

    #[test]
    fn values_with_spaces_or_quotes_are_double_quoted() {
        assert_eq!(dockerfile_word("hello world"), "\"hello world\"");
        assert_eq!(dockerfile_word(r#"say "hi""#), r#""say \"hi\"""#);
        assert_eq!(dockerfile_word(r"C:\dir"), r#""C:\\dir""#);
    }

    #[test]
    fn literal_dollars_stay_literal_inside_quotes() {
        assert_eq!(dockerfile_word(&literal_dollars("$5")), r#""\$5""#);
        assert_eq!(
            dockerfile_word(&literal_dollars("a b $HOME")),
            r#""a b \$HOME""#
        );
    }

    #[test]
    fn shell_double_quote_escapes_only_what_breaks_quoting() {
        assert_eq!(shell_double_quoted("1"), "\"1\"");
        assert_eq!(shell_double_quoted(r"a\b"), r#""a\b""#);
        assert_eq!(shell_double_quoted(r#"a"b"#), r#""a\"b""#);
        assert_eq!(shell_double_quoted(r"end\"), r#""end\\""#);
        assert_eq!(shell_double_quoted(r"x\\y"), r#""x\\\y""#);
    }

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("plain-1.0"), "plain-1.0");
        assert_eq!(shell_word("two words"), "'two words'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
    }
}
