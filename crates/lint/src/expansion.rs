//! Variable expansion in Dockerfile words as BuildKit's shell lexer does
//! it (`$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME#pattern}`, ...), keeping
//! which variables it found set and which not: Docker's checks
//! `UndefinedVar` and `UndefinedArgInFrom` report the latter.

use regex::Regex;

/// How the word was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spelling {
    /// As the file has it: quotes and the escape character still in it.
    Raw {
        /// The file's escape character.
        escape: char,
    },
    /// A value of the syntax tree: quotes already removed, `\$` a literal
    /// dollar, any other backslash literal.
    Value,
}

/// What expanding one word gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Expansion {
    /// The expanded text.
    pub result: String,
    /// Variables looked up and found, in order of first use.
    pub matched: Vec<String>,
    /// Variables looked up and not found, in order of first use.
    pub unmatched: Vec<String>,
}

/// Expands `word`, asking `lookup` for each variable's value (`None`: unset).
pub(crate) fn expand(
    word: &str,
    spelling: Spelling,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Expansion {
    let mut lexer = Lexer {
        chars: word.chars().collect(),
        at: 0,
        spelling,
        lookup,
        found: Expansion::default(),
    };
    let result = lexer.until(None, false);
    Expansion {
        result,
        ..lexer.found
    }
}

struct Lexer<'a> {
    chars: Vec<char>,
    at: usize,
    spelling: Spelling,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    found: Expansion,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let ch = self.peek();
        self.at += usize::from(ch.is_some());
        ch
    }

    /// Text up to `stop` (consumed) or the end; `keep_escapes` keeps the
    /// escape character in (pattern words of `#`, `%` and `/`).
    fn until(&mut self, stop: Option<char>, keep_escapes: bool) -> String {
        let mut out = String::new();
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.at += 1;
                return out;
            }
            match (ch, self.spelling) {
                ('$', _) => out.push_str(&self.dollar()),
                ('\'', Spelling::Raw { .. }) => {
                    self.at += 1;
                    while let Some(c) = self.next() {
                        if c == '\'' {
                            break;
                        }
                        out.push(c);
                    }
                }
                ('"', Spelling::Raw { escape }) => {
                    self.at += 1;
                    out.push_str(&self.double_quoted(escape));
                }
                (c, Spelling::Raw { escape }) if c == escape => {
                    self.at += 1;
                    if keep_escapes {
                        out.push(c);
                    }
                    if let Some(next) = self.next() {
                        out.push(next);
                    }
                }
                ('\\', Spelling::Value) if self.chars.get(self.at + 1) == Some(&'$') => {
                    self.at += 2;
                    out.push('$');
                }
                (c, _) => {
                    self.at += 1;
                    out.push(c);
                }
            }
        }
        out
    }

    fn double_quoted(&mut self, escape: char) -> String {
        let mut out = String::new();
        while let Some(ch) = self.peek() {
            match ch {
                '"' => {
                    self.at += 1;
                    break;
                }
                '$' => out.push_str(&self.dollar()),
                c if c == escape => {
                    self.at += 1;
                    match self.peek() {
                        Some(next) if next == '"' || next == '$' || next == escape => {
                            self.at += 1;
                            out.push(next);
                        }
                        Some(_) => out.push(c),
                        None => {}
                    }
                }
                c => {
                    self.at += 1;
                    out.push(c);
                }
            }
        }
        out
    }

    /// A name: digits, one special parameter, or letters, digits and `_`.
    fn name(&mut self) -> String {
        let mut name = String::new();
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                while let Some(d) = self.peek().filter(char::is_ascii_digit) {
                    name.push(d);
                    self.at += 1;
                }
            }
            Some(c) if "@*#?-$!".contains(c) => {
                self.at += 1;
                name.push(c);
            }
            _ => {
                while let Some(c) = self.peek().filter(|c| c.is_alphanumeric() || *c == '_') {
                    name.push(c);
                    self.at += 1;
                }
            }
        }
        name
    }

    fn get(&mut self, name: &str) -> Option<String> {
        let value = (self.lookup)(name);
        let list = if value.is_some() {
            &mut self.found.matched
        } else {
            &mut self.found.unmatched
        };
        if !list.iter().any(|n| n == name) {
            list.push(name.to_owned());
        }
        value
    }

    /// `$NAME` or `${...}`, the `$` not yet consumed.
    fn dollar(&mut self) -> String {
        self.at += 1;
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return "$".to_owned();
            }
            return self.get(&name).unwrap_or_default();
        }
        self.at += 1;
        if matches!(self.peek(), None | Some('{' | '}' | ':')) {
            // BuildKit stops with "bad substitution"; nothing is looked up.
            self.at = self.chars.len();
            return String::new();
        }
        let name = self.name();
        match self.next() {
            Some('}') => self.get(&name).unwrap_or_default(),
            Some(':') => {
                let modifier = self.next();
                self.modified(&name, modifier, true)
            }
            Some(modifier @ ('+' | '-' | '?' | '#' | '%')) => {
                self.modified(&name, Some(modifier), false)
            }
            Some('/') => {
                let all = self.peek() == Some('/');
                self.at += usize::from(all);
                let pattern = self.until(Some('/'), true);
                let replacement = self.until(Some('}'), true);
                let value = self.get(&name).unwrap_or_default();
                match shell_pattern(&pattern, true, false) {
                    Some(regex) if all => regex.replace_all(&value, replacement.as_str()).into(),
                    Some(regex) => regex.replacen(&value, 1, replacement.as_str()).into(),
                    None => value,
                }
            }
            _ => {
                self.at = self.chars.len();
                String::new()
            }
        }
    }

    fn modified(&mut self, name: &str, modifier: Option<char>, null_is_unset: bool) -> String {
        let keep_escapes = matches!(modifier, Some('#' | '%'));
        let word = self.until(Some('}'), keep_escapes);
        let value = self.get(name);
        let unset = value
            .as_deref()
            .is_none_or(|v| null_is_unset && v.is_empty());
        match modifier {
            Some('-') if unset => word,
            Some('+') if unset => String::new(),
            Some('+') => word,
            Some(ch @ ('#' | '%')) => {
                let value = value.unwrap_or_default();
                let (greedy, pattern) = match word.strip_prefix(ch) {
                    Some(rest) => (true, rest),
                    None => (false, word.as_str()),
                };
                trim(&value, pattern, greedy, ch == '#')
            }
            _ => value.unwrap_or_default(),
        }
    }
}

/// `value` without the shortest (or longest) prefix or suffix matching `pattern`.
fn trim(value: &str, pattern: &str, greedy: bool, prefix: bool) -> String {
    if prefix {
        return match shell_pattern(pattern, greedy, true) {
            Some(regex) => regex
                .find(value)
                .map_or_else(|| value.to_owned(), |m| value[m.end()..].to_owned()),
            None => value.to_owned(),
        };
    }
    let cuts: Vec<usize> = value
        .char_indices()
        .map(|(i, _)| i)
        .chain([value.len()])
        .collect();
    let Some(regex) = shell_pattern(pattern, true, true)
        .map(|r| Regex::new(&format!("{}$", r.as_str())).unwrap_or(r))
    else {
        return value.to_owned();
    };
    let mut tries: Box<dyn Iterator<Item = &usize>> = if greedy {
        Box::new(cuts.iter())
    } else {
        Box::new(cuts.iter().rev())
    };
    tries
        .find(|&&cut| regex.is_match(&value[cut..]))
        .map_or_else(|| value.to_owned(), |&cut| value[..cut].to_owned())
}

/// A shell pattern (`*`, `?`, `\` escapes) as a regular expression.
fn shell_pattern(pattern: &str, greedy: bool, anchored: bool) -> Option<Regex> {
    let mut regex = String::from(if anchored { "^" } else { "" });
    let mut chars = pattern.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '*' => regex.push_str(if greedy { ".*" } else { ".*?" }),
            '?' => regex.push('.'),
            '\\' if matches!(chars.peek(), Some('}' | '/')) => {}
            '\\' => regex.push_str(&regex::escape(&chars.next()?.to_string())),
            c => regex.push_str(&regex::escape(&c.to_string())),
        }
    }
    Regex::new(&regex).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "A" => Some("alpha".into()),
            "EMPTY" => Some(String::new()),
            "P" => Some("linux/amd64".into()),
            _ => None,
        }
    }

    fn raw(word: &str) -> Expansion {
        expand(word, Spelling::Raw { escape: '\\' }, &env)
    }

    #[test]
    fn plain_and_braced_names() {
        let e = raw("x$A-${A}/$B");
        assert_eq!(e.result, "xalpha-alpha/");
        assert_eq!(e.matched, ["A"]);
        assert_eq!(e.unmatched, ["B"]);
        assert_eq!(raw("$1 $@ $").unmatched, ["1", "@"]);
        assert_eq!(raw("$").result, "$");
    }

    #[test]
    fn quotes_and_escapes() {
        let e = raw(r#"'$A' "$B" \$C"#);
        assert_eq!(e.result, "$A  $C");
        assert_eq!(e.unmatched, ["B"]);
        let e = expand(r"\$A it's $B", Spelling::Value, &env);
        assert_eq!(e.result, "$A it's ");
        assert_eq!(e.unmatched, ["B"]);
        let e = expand("`$A$B", Spelling::Raw { escape: '`' }, &env);
        assert_eq!(e.unmatched, ["B"]);
    }

    #[test]
    fn modifiers_still_look_the_name_up() {
        let e = raw("${B:-dflt} ${EMPTY:-e} ${EMPTY-e} ${A:+set} ${B+x}");
        assert_eq!(e.result, "dflt e  set ");
        assert_eq!(e.unmatched, ["B"]);
        assert_eq!(raw("${B:-$C}").unmatched, ["C", "B"]);
    }

    #[test]
    fn pattern_modifiers() {
        assert_eq!(raw("${P#*/}").result, "amd64");
        assert_eq!(raw("${P%/*}").result, "linux");
        assert_eq!(raw("${A##*l}").result, "pha");
        assert_eq!(raw("${A%%l*}").result, "a");
        assert_eq!(raw("${A/l/L}").result, "aLpha");
        assert_eq!(raw("${A//a/_}").result, "_lph_");
    }

    #[test]
    fn bad_substitutions_look_nothing_up() {
        assert_eq!(raw("${:-x}").unmatched, Vec::<String>::new());
        assert!(raw("${A").matched.is_empty());
    }
}
