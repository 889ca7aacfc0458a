//! BuildKit's reading of the `--flag=value` words that open an instruction's
//! arguments (`extractBuilderFlags`).

use super::words::is_space_byte;

/// The flags at the start of `args` and the byte offset where the rest of
/// the arguments begins (`args.len()` when only flags were given).
///
/// Like BuildKit, this walks bytes: quotes are removed, `\` escapes the next
/// byte, and a bare `--` ends the flags. A non-ASCII byte inside a flag comes
/// out as the Latin-1 character of that byte, exactly as BuildKit's parser
/// returns it.
pub(crate) fn split_flags(args: &str) -> (Vec<String>, usize) {
    let bytes = args.as_bytes();
    let mut flags = Vec::new();
    let mut pos = 0;
    loop {
        while pos < bytes.len() && is_space_byte(bytes[pos]) {
            pos += 1;
        }
        if pos == bytes.len() {
            return (flags, pos);
        }
        if !(bytes[pos] == b'-' && bytes.get(pos + 1) == Some(&b'-')) {
            return (flags, pos);
        }
        let mut word = String::new();
        let mut quote: Option<u8> = None;
        let mut blank_ok = false;
        loop {
            let Some(&byte) = bytes.get(pos) else {
                if word != "--" && (blank_ok || !word.is_empty()) {
                    flags.push(word);
                }
                return (flags, pos);
            };
            pos += 1;
            match quote {
                Some(q) if byte == q => quote = None,
                Some(_) if byte == b'\\' => match bytes.get(pos) {
                    Some(&next) => {
                        word.push(char::from(next));
                        pos += 1;
                    }
                    None => quote = None,
                },
                Some(_) => word.push(char::from(byte)),
                None if is_space_byte(byte) => {
                    if word == "--" {
                        return (flags, pos - 1);
                    }
                    if blank_ok || !word.is_empty() {
                        flags.push(word);
                    }
                    break;
                }
                None if byte == b'\'' || byte == b'"' => {
                    quote = Some(byte);
                    blank_ok = true;
                }
                None if byte == b'\\' => {
                    if let Some(&next) = bytes.get(pos) {
                        word.push(char::from(next));
                        pos += 1;
                    }
                }
                None => word.push(char::from(byte)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split_flags;

    #[test]
    fn flags_lose_quotes_and_escapes() {
        let args = r#"--chown='a b' --x="y z" --a\ b -- src dst"#;
        let (flags, at) = split_flags(args);
        assert_eq!(flags, ["--chown=a b", "--x=y z", "--a b"]);
        assert_eq!(&args[at..], " src dst");
    }

    #[test]
    fn words_without_dashes_end_the_flags() {
        assert_eq!(split_flags("-x y"), (vec![], 0));
        assert_eq!(split_flags("--"), (vec![], 2));
        assert_eq!(split_flags("--x"), (vec!["--x".to_owned()], 3));
    }
}
