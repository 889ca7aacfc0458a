//! A RUN's shell script as BuildKit reads it, cut at its top-level `&&`s,
//! so each command can become one run-builder call.

/// The script of a shell-form RUN as BuildKit joins it: each escape
/// character before a line end removed with the line end, and comment lines
/// inside the continuation dropped.
pub(crate) fn joined(script: &str, escape: char) -> String {
    let mut out = String::with_capacity(script.len());
    let mut lines = script.split('\n').peekable();
    let mut first = true;
    while let Some(line) = lines.next() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !first && line.trim_start().starts_with('#') {
            continue;
        }
        first = false;
        // An escape character followed only by blanks continues the line too.
        match line.trim_end_matches([' ', '\t']).strip_suffix(escape) {
            Some(head) if lines.peek().is_some() => out.push_str(head),
            _ => out.push_str(line),
        }
    }
    out
}

/// Splits `script` at every `&&` that the shell sees as an operator (not
/// inside quotes, `$(...)`, backquotes or parentheses); `None` when the
/// quoting does not close, so the script is kept whole.
pub(crate) fn commands(script: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = script.chars().peekable();
    let mut depth = 0usize;
    let (mut single, mut double, mut backquote) = (false, false, false);
    while let Some(c) = chars.next() {
        match c {
            '\\' if !single => {
                current.push(c);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
                continue;
            }
            '\'' if !double && !backquote => single = !single,
            '"' if !single => double = !double,
            '`' if !single => backquote = !backquote,
            '(' if !single && !double => depth += 1,
            ')' if !single && !double => depth = depth.checked_sub(1)?,
            '&' if !single && !double && !backquote && depth == 0 && chars.peek() == Some(&'&') => {
                chars.next();
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if single || double || backquote || depth != 0 {
        return None;
    }
    parts.push(current);
    let parts: Vec<String> = parts.iter().map(|p| p.trim().to_owned()).collect();
    if parts.iter().any(String::is_empty) {
        return None;
    }
    Some(parts)
}

/// The words of `command` when each is plain enough to pass through the run
/// builder verbatim (no quoting, operators or redirections to preserve).
pub(crate) fn plain_words(command: &str) -> Option<Vec<&str>> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let plain = |w: &str| {
        w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:+,@%~^*?[]{}$".contains(c))
            && !w.starts_with('#')
    };
    (!words.is_empty() && words.iter().all(|w| plain(w))).then_some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuations_join_and_comment_lines_drop() {
        assert_eq!(
            joined(
                "apt-get update \\\n    # refresh\n    && apt-get install -y x",
                '\\'
            ),
            "apt-get update     && apt-get install -y x"
        );
        assert_eq!(joined("a `\n b", '`'), "a  b");
        assert_eq!(joined("a \\  \n&& b", '\\'), "a && b");
    }

    #[test]
    fn only_operator_ampersands_split() {
        let parts = commands("a && b 'x && y' && sh -c \"c && d\" && (e && f)");
        let expected = ["a", "b 'x && y'", "sh -c \"c && d\"", "(e && f)"];
        assert_eq!(parts, Some(expected.map(String::from).to_vec()));
        assert_eq!(commands("echo 'unclosed"), None);
        assert_eq!(commands("a && && b"), None);
    }

    #[test]
    fn plain_words_refuse_quotes_and_operators() {
        assert_eq!(
            plain_words("apt-get install -y x"),
            Some(vec!["apt-get", "install", "-y", "x"])
        );
        assert_eq!(plain_words("echo 'a b'"), None);
        assert_eq!(plain_words("make > log"), None);
        assert_eq!(plain_words("a; b"), None);
    }
}
