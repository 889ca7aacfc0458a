//! JSON arrays exactly as Python's `json.dumps(list)` writes them.

use std::fmt::Write as _;

/// Formats `items` as a JSON array with `", "` separators and ASCII-only
/// escapes, byte-for-byte like Python's `json.dumps` (the exec form).
pub fn json_array<S: AsRef<str>>(items: &[S]) -> String {
    let mut out =
        String::with_capacity(2 + items.iter().map(|s| s.as_ref().len() + 4).sum::<usize>());
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_json_string(&mut out, item.as_ref());
    }
    out.push(']');
    out
}

/// Appends `s` as a JSON string literal with Python's `ensure_ascii` escapes.
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(ch),
            _ => {
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::json_array;

    #[test]
    fn matches_python_json_dumps() {
        // Expected strings are what CPython 3.11 prints for json.dumps([...]).
        assert_eq!(
            json_array(&["python", "-m", "app"]),
            r#"["python", "-m", "app"]"#
        );
        assert_eq!(json_array::<&str>(&[]), "[]");
        assert_eq!(json_array(&["a\"b\\c\nd\te"]), r#"["a\"b\\c\nd\te"]"#);
        assert_eq!(
            json_array(&["é", "😀", "\u{1}", "\u{7f}"]),
            r#"["\u00e9", "\ud83d\ude00", "\u0001", "\u007f"]"#
        );
    }
}
