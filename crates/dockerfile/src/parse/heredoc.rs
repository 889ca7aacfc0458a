//! Finding the heredoc words (`<<EOF`, `<<-'EOF'`, `2<<EOF`) of an
//! instruction line, as BuildKit does before it reads their bodies.

use super::node::Heredoc;
use super::words::shell_words;

/// The heredocs that `line` opens, bodies still empty. `Err` carries the
/// word BuildKit's lexer could not read and why.
pub(crate) fn heredocs_in(line: &str) -> Result<Vec<Heredoc>, (String, &'static str)> {
    // BuildKit ignores a line its lexer cannot split: no heredocs then.
    let Ok(words) = shell_words(line, true) else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for word in &words {
        if let Some(heredoc) = heredoc_word(word)? {
            found.push(heredoc);
        }
    }
    Ok(found)
}

/// Reads one word as `^(\d*)<<(-?)([^<]*)$`, BuildKit's heredoc pattern.
fn heredoc_word(word: &str) -> Result<Option<Heredoc>, (String, &'static str)> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let Some(after) = word[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    let file_descriptor = word[..digits].parse().unwrap_or(0);
    let cooked = shell_words(rest, false).map_err(|why| (rest.to_owned(), why))?;
    let [name] = cooked.as_slice() else {
        return Ok(None);
    };
    let raw = shell_words(rest, true).map_err(|why| (rest.to_owned(), why))?;
    if raw.len() != 1 {
        return Err((rest.to_owned(), "lexing with and without quotes disagrees"));
    }
    let quotes = |s: &str| s.matches(['\'', '"']).count();
    Ok(Some(Heredoc {
        name: name.clone(),
        content: String::new(),
        expand: quotes(name) == quotes(&raw[0]),
        chomp,
        file_descriptor,
    }))
}

#[cfg(test)]
mod tests {
    use super::heredocs_in;

    #[test]
    fn finds_every_heredoc_word() {
        let docs = heredocs_in(r#"RUN <<A <<-'B' 2<<"C" cat '<<D'"#).unwrap_or_default();
        let summary: Vec<_> = docs
            .iter()
            .map(|d| (d.name.as_str(), d.expand, d.chomp, d.file_descriptor))
            .collect();
        assert_eq!(
            summary,
            [
                ("A", true, false, 0),
                ("B", false, true, 0),
                ("C", false, false, 2)
            ]
        );
    }

    #[test]
    fn an_unlexable_line_has_no_heredocs() {
        assert_eq!(heredocs_in("RUN echo it's <<EOF"), Ok(vec![]));
    }
}
