//! `# docker-dsl: ignore[CODE, ...]` comments, on the finding's line or the
//! line above; for an instruction of several lines, on any of its lines up
//! to the finding's, or the line above the instruction.

const MARKER: &str = "docker-dsl: ignore[";

/// Whether a comment on lines `from - 1 ..= line` (1-based) of `text`
/// ignores `code` (a code or a rule name); `from` is where the instruction
/// starts, `line` the finding's line.
pub fn is_suppressed(text: &str, from: usize, line: usize, code: &str, name: &str) -> bool {
    let first = from.min(line).saturating_sub(2);
    text.lines().skip(first).take(line - first).any(|l| {
        l.match_indices(MARKER).any(|(at, _)| {
            let rest = &l[at + MARKER.len()..];
            let list = rest.split(']').next().unwrap_or("");
            list.split(',')
                .map(str::trim)
                .any(|c| c.eq_ignore_ascii_case(code) || c == name)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_line_or_the_one_above() {
        let text = "# docker-dsl: ignore[S001, C004]\nRUN a\nRUN b\nRUN c # docker-dsl: ignore[rm-of-cache-mount]\n";
        assert!(is_suppressed(text, 2, 2, "S001", "x"));
        assert!(is_suppressed(text, 1, 1, "C004", "x"));
        assert!(!is_suppressed(text, 3, 3, "S001", "x"));
        assert!(is_suppressed(text, 2, 3, "S001", "x"));
        assert!(is_suppressed(text, 4, 4, "C001", "rm-of-cache-mount"));
    }
}
