//! How BuildKit cuts text into words: the parser's own word splitter (for
//! `ENV`, `LABEL`, `ARG`) and its shell lexer (for heredoc words and for
//! taking the quotes off a value).

/// Go's `unicode.IsSpace` applied to one byte read as a rune, as BuildKit's
/// byte-wise loops do (`\t`..`\r`, space, and the Latin-1 bytes 0x85, 0xA0).
pub(crate) fn is_space_byte(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ' | 0x85 | 0xA0)
}

/// Splits on BuildKit's `[\t\v\f\r ]+`, at most `limit` pieces (0: no limit).
pub(crate) fn split_blanks(text: &str, limit: usize) -> Vec<&str> {
    let is_blank = |c: char| matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ');
    let mut pieces = Vec::new();
    let mut rest = text;
    loop {
        if limit != 0 && pieces.len() + 1 == limit {
            pieces.push(rest);
            return pieces;
        }
        match rest.find(is_blank) {
            Some(at) => {
                pieces.push(&rest[..at]);
                rest = rest[at..].trim_start_matches(is_blank);
            }
            None => {
                pieces.push(rest);
                return pieces;
            }
        }
    }
}

/// BuildKit's `parseWords`: words separated by white space, quotes and
/// escapes kept as written (an escape at the very end is dropped).
pub(crate) fn parser_words(rest: &str, escape: char) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut blank_ok = false;
    let mut chars = rest.chars().peekable();
    while let Some(ch) = chars.next() {
        if let Some(q) = quote {
            if ch == q {
                quote = None;
            }
            if ch == escape && q != '\'' {
                match chars.next() {
                    Some(next) => {
                        word.push(ch);
                        word.push(next);
                    }
                    None => quote = None,
                }
                continue;
            }
            word.push(ch);
            continue;
        }
        if !in_word {
            if ch.is_whitespace() {
                continue;
            }
            in_word = true;
        }
        if ch.is_whitespace() {
            if blank_ok || !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            in_word = false;
            blank_ok = false;
            continue;
        }
        if ch == '\'' || ch == '"' {
            quote = Some(ch);
            blank_ok = true;
        }
        if ch == escape {
            if let Some(next) = chars.next() {
                word.push(ch);
                word.push(next);
            }
            continue;
        }
        word.push(ch);
    }
    if in_word && (blank_ok || !word.is_empty()) {
        words.push(word);
    }
    words
}

/// BuildKit's shell lexer splitting `text` into words without expanding
/// variables. `raw` keeps quotes and escapes in the words (the heredoc scan);
/// otherwise they are removed. `Err` says why the lexer gives up.
pub(crate) fn shell_words(text: &str, raw: bool) -> Result<Vec<String>, &'static str> {
    const ESCAPE: char = '\\';
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => {
                in_word = true;
                if raw {
                    word.push(ch);
                }
                loop {
                    match chars.next() {
                        None => return Err("unmatched single quote"),
                        Some('\'') => break,
                        Some(c) => word.push(c),
                    }
                }
                if raw {
                    word.push('\'');
                }
            }
            '"' => {
                in_word = true;
                if raw {
                    word.push(ch);
                }
                loop {
                    match chars.next() {
                        None => return Err("unmatched double quote"),
                        Some('"') => break,
                        Some(ESCAPE) => match chars.peek() {
                            Some(&next) if matches!(next, '"' | '$' | ESCAPE) => {
                                if raw {
                                    word.push(ESCAPE);
                                }
                                word.push(next);
                                chars.next();
                            }
                            _ => word.push(ESCAPE),
                        },
                        Some(c) => word.push(c),
                    }
                }
                if raw {
                    word.push('"');
                }
            }
            ESCAPE => {
                let Some(next) = chars.next() else { break };
                if raw {
                    word.push(ESCAPE);
                }
                word.push(next);
                in_word = true;
            }
            c if c.is_whitespace() => {
                if in_word && !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    Ok(words)
}

/// The value BuildKit's lexer reads from one word, quotes and escapes
/// removed, with variables left as written: a `$` the text made literal
/// (`\$`, or inside single quotes) comes out as `\$`, the docker-dsl model's
/// spelling of a literal dollar. `None` when a quote is left open.
pub(crate) fn word_value(word: &str, escape: char) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => loop {
                match chars.next()? {
                    '\'' => break,
                    '$' => out.push_str("\\$"),
                    c => out.push(c),
                }
            },
            '"' => loop {
                match chars.next()? {
                    '"' => break,
                    c if c == escape => match chars.peek() {
                        Some('$') => {
                            out.push_str("\\$");
                            chars.next();
                        }
                        Some(&next) if next == '"' || next == escape => {
                            out.push(next);
                            chars.next();
                        }
                        Some(_) => out.push(c),
                        None => {}
                    },
                    c => out.push(c),
                }
            },
            c if c == escape => match chars.next() {
                Some('$') => out.push_str("\\$"),
                Some(next) => out.push(next),
                None => {}
            },
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_words_keep_quotes_and_escapes() {
        assert_eq!(
            parser_words(r#"a=1 b="2 3" c='x y'"#, '\\'),
            ["a=1", "b=\"2 3\"", "c='x y'"]
        );
        assert_eq!(parser_words(r"a\ b c\", '\\'), [r"a\ b", "c"]);
        assert_eq!(parser_words(r#"x="" y"#, '\\'), ["x=\"\"", "y"]);
    }

    #[test]
    fn shell_words_split_outside_quotes() {
        assert_eq!(
            shell_words(r#"RUN cat <<"EOF" 'a b'"#, true),
            Ok(vec![
                "RUN".to_owned(),
                "cat".into(),
                "<<\"EOF\"".into(),
                "'a b'".into()
            ])
        );
        assert_eq!(shell_words(r#""E"OF"#, false), Ok(vec!["EOF".to_owned()]));
        assert!(shell_words("it's", true).is_err());
    }

    #[test]
    fn word_values_drop_quotes_and_keep_literal_dollars() {
        assert_eq!(
            word_value(r#""a b \$x \"q\" \\""#, '\\').as_deref(),
            Some(r#"a b \$x "q" \"#)
        );
        assert_eq!(word_value("'$HOME'", '\\').as_deref(), Some(r"\$HOME"));
        assert_eq!(word_value(r"a\ b$c", '\\').as_deref(), Some("a b$c"));
        assert_eq!(word_value("\"open", '\\'), None);
    }

    #[test]
    fn blank_split_honours_the_limit() {
        assert_eq!(split_blanks("a  b \t c", 2), ["a", "b \t c"]);
        assert_eq!(split_blanks("a  b", 0), ["a", "b"]);
    }
}
