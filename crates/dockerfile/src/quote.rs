//! How values are written so that BuildKit reads back exactly what was meant.
//!
//! BuildKit splits an instruction's arguments into words on white space, and
//! its shell lexer later removes quotes and resolves `\` escapes. A value
//! that needs none of that is written bare (so ordinary files stay as people
//! write them); anything else is double-quoted. `$` is left alone everywhere:
//! in a Dockerfile it means variable expansion, and recipes rely on it
//! (`PATH=/opt/bin:$PATH`). [`literal_dollars`] escapes it for values that
//! must stay literal.
//!
//! The lexer's escape character is the file's: `\` by default, or the one a
//! `# escape=` directive names (`` ` ``). Functions that write lexed text take
//! it as `escape`; inside double quotes the lexer lets it escape only `"`,
//! `$` and itself, and keeps it before anything else.

use std::borrow::Cow;

/// True when BuildKit would read `value` back unchanged without quotes (its
/// lexer also drops a leading byte-order mark from a bare word). A `\` is
/// never bare: it may be the `\$` of [`literal_dollars`].
fn is_bare_word(value: &str, escape: char) -> bool {
    !value.starts_with('\u{feff}')
        && !value
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '\\') || c == escape)
}

/// Writes an `ENV`/`LABEL` key: like a value, and quoted when it starts with
/// `--` (BuildKit would read a bare `--k=v` as a flag).
pub fn dockerfile_key(key: &str, escape: char) -> Cow<'_, str> {
    if key.starts_with("--") && is_bare_word(key, escape) {
        return Cow::Owned(format!("\"{key}\""));
    }
    dockerfile_word(key, escape)
}

/// Writes an `ENV`/`ARG`/`LABEL` value: bare when safe, else in double quotes
/// with `"` and the escape character escaped (BuildKit's lexer turns them
/// back). A `\$` (from [`literal_dollars`]) becomes the escape character and
/// `$`, so the `$` stays literal; with `` ` `` as the escape character, any
/// other `\` is an ordinary character.
pub fn dockerfile_word(value: &str, escape: char) -> Cow<'_, str> {
    if is_bare_word(value, escape) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\\' && chars.peek() == Some(&'$') {
            out.push(escape);
            continue;
        }
        if ch == '"' || ch == escape {
            out.push(escape);
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
/// BuildKit's white-space splitting (or flag reading, for `--x`, or heredoc
/// reading, for `<<x`).
pub fn needs_json_paths<S: AsRef<str>>(paths: &[S], escape: char) -> bool {
    paths.iter().any(|p| {
        let p = p.as_ref();
        // A bare word starting `<<` would open a heredoc; the JSON form has none.
        p.is_empty()
            || p.starts_with('[')
            || p.starts_with("--")
            || p.starts_with("<<")
            || !is_bare_word(p, escape)
    })
}

/// A `COPY`/`ADD` path for the JSON form: BuildKit lexes each path after
/// decoding the JSON, so it is lexer-escaped (or, when it starts with a
/// byte-order mark, which the lexer drops from a bare word, double-quoted).
pub fn json_path(path: &str, escape: char) -> Cow<'_, str> {
    if path.starts_with('\u{feff}') {
        dockerfile_word(path, escape)
    } else {
        lexer_escaped(path, escape)
    }
}

/// Puts the escape character before itself, `"` and `'`, so BuildKit's
/// lexer gives the text back (used inside JSON-form paths and mount values,
/// which it lexes).
pub fn lexer_escaped(value: &str, escape: char) -> Cow<'_, str> {
    escaped_with(value, &[escape, '"', '\''], escape)
}

/// Puts `escape` before every character of `value` that is in `special`.
fn escaped_with<'a>(value: &'a str, special: &[char], escape: char) -> Cow<'a, str> {
    if !value.contains(special) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 4);
    for ch in value.chars() {
        if special.contains(&ch) {
            out.push(escape);
        }
        out.push(ch);
    }
    Cow::Owned(out)
}

/// One `key=value` field of a `--mount=` value: lexer-escaped when the
/// frontend lexes mount values (1.3+), then CSV-quoted when it holds `,` or
/// `"` (BuildKit reads the value as CSV).
pub fn mount_field(key: &str, value: &str, lexed: bool, escape: char) -> String {
    let value = if lexed {
        lexer_escaped(value, escape)
    } else {
        Cow::Borrowed(value)
    };
    let field = format!("{key}={value}");
    if field.contains([',', '"']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// Escapes a whole instruction flag for BuildKit's flag reader, which strips
/// quotes, takes `\` as an escape whatever the file's escape character, and
/// ends the flag at white space.
pub fn flag_escaped(flag: &str) -> Cow<'_, str> {
    escaped_with(flag, &['\\', '"', '\'', ' ', '\t'], '\\')
}

/// The position of a `${` that BuildKit's lexer cannot finish (no name, no
/// closing `}`, a modifier it does not know, or an unbalanced quote
/// inside), if any. A `\\$` is literal.
pub fn unfinished_expansion(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                let body_start = i + 2;
                let Some(close) = value[body_start..].find('}') else {
                    return Some(i);
                };
                let body = &value[body_start..body_start + close];
                let name_len = body
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(body.len());
                let balanced = body.matches('\'').count().is_multiple_of(2)
                    && body.matches('"').count().is_multiple_of(2);
                let rest = &body[name_len..];
                let modifier_ok = rest.is_empty()
                    || [":-", ":+", ":?", "-", "+", "?", "#", "%", "/"]
                        .iter()
                        .any(|m| rest.starts_with(m));
                if name_len == 0 || !balanced || !modifier_ok {
                    return Some(i);
                }
                i = body_start + close + 1;
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_values_keep_their_bytes() {
        assert_eq!(dockerfile_word("/opt/bin:$PATH", '\\'), "/opt/bin:$PATH");
        assert_eq!(dockerfile_word("", '\\'), "");
        assert_eq!(dockerfile_word("a=b", '\\'), "a=b");
    }

    #[test]
    fn values_with_spaces_or_quotes_are_double_quoted() {
        assert_eq!(dockerfile_word("hello world", '\\'), "\"hello world\"");
        assert_eq!(dockerfile_word(r#"say "hi""#, '\\'), r#""say \"hi\"""#);
        assert_eq!(dockerfile_word(r"C:\dir", '\\'), r#""C:\\dir""#);
    }

    #[test]
    fn flag_like_keys_and_boms_are_quoted() {
        assert_eq!(dockerfile_key("--k", '\\'), "\"--k\"");
        assert_eq!(dockerfile_key("k", '\\'), "k");
        assert_eq!(dockerfile_word("\u{feff}x", '\\'), "\"\u{feff}x\"");
        assert!(needs_json_paths(&["--x"], '\\'));
    }

    #[test]
    fn mount_fields_survive_flag_csv_and_lexer_reading() {
        assert_eq!(mount_field("target", "/cache", true, '\\'), "target=/cache");
        assert_eq!(mount_field("target", "/a,b", true, '\\'), "\"target=/a,b\"");
        assert_eq!(mount_field("target", "/a'b", true, '\\'), "target=/a\\'b");
        assert_eq!(mount_field("target", "/a'b", false, '\\'), "target=/a'b");
        assert_eq!(
            flag_escaped("--mount=type=tmpfs,\"target=/a b\""),
            "--mount=type=tmpfs,\\\"target=/a\\ b\\\""
        );
    }

    #[test]
    fn unfinished_expansions_are_found() {
        for bad in ["${", "${}", "${x", "${x:-'}", "${:-x}", "${x!y}"] {
            assert!(unfinished_expansion(bad).is_some(), "{bad}");
        }
        for good in [
            "$HOME",
            "${HOME}",
            "${X:-default}",
            "\\${",
            "a$",
            "${A}${B}",
            "${é}",
        ] {
            assert_eq!(unfinished_expansion(good), None, "{good}");
        }
    }

    #[test]
    fn literal_dollars_stay_literal_inside_quotes() {
        assert_eq!(dockerfile_word(&literal_dollars("$5"), '\\'), r#""\$5""#);
        assert_eq!(
            dockerfile_word(&literal_dollars("a b $HOME"), '\\'),
            r#""a b \$HOME""#
        );
    }

    #[test]
    fn a_backtick_escape_character_escapes_values() {
        assert_eq!(dockerfile_word(r#"say "hi""#, '`'), r#""say `"hi`"""#);
        assert_eq!(dockerfile_word(&literal_dollars("$5"), '`'), r#""`$5""#);
        assert_eq!(dockerfile_word(r"C:\dir", '`'), r#""C:\dir""#);
        assert_eq!(dockerfile_word("a`b", '`'), "\"a``b\"");
        assert_eq!(lexer_escaped("/a'b`c\\d", '`'), "/a`'b``c\\d");
        assert!(needs_json_paths(&["a`b"], '`'));
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
