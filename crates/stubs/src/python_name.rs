//! Which command and flag names a recipe can spell as Python identifiers.

/// The identifier a recipe writes for `name` (`-` becomes `_`), or `None`
/// when no identifier renders back to `name`.
///
/// The run builder turns `_` into `-` in flag names only, so a flag
/// `--no-cache` is `no_cache=True`, but a command must be spelled as it is:
/// `apt-get` has no attribute (recipes use `r.apt_install` or `r("...")`).
pub(crate) fn identifier(name: &str, is_flag: bool) -> Option<String> {
    let spelled = if is_flag {
        name.replace('-', "_")
    } else {
        name.to_owned()
    };
    let mut chars = spelled.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let valid = starts_well
        && !(is_flag && name.contains('_'))
        && spelled
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !dsl::PYTHON_KEYWORDS.contains(&spelled.as_str())
        && !(is_flag && spelled.contains("__"));
    valid.then_some(spelled)
}

#[cfg(test)]
mod tests {
    use super::identifier;

    #[test]
    fn flags_turn_dashes_into_underscores() {
        assert_eq!(
            identifier("no-cache-dir", true).as_deref(),
            Some("no_cache_dir")
        );
        assert_eq!(identifier("global", true), None);
        assert_eq!(identifier("2to3", true), None);
        assert_eq!(
            identifier("no_cache", true),
            None,
            "would render --no-cache"
        );
    }

    #[test]
    fn commands_keep_their_spelling() {
        assert_eq!(identifier("git", false).as_deref(), Some("git"));
        assert_eq!(identifier("apt-get", false), None);
        assert_eq!(identifier("python3.11", false), None);
        assert_eq!(identifier("[", false), None);
    }
}
