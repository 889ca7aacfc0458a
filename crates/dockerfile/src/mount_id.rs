//! The one rule for secret and ssh ids, shared by the recipe model, the
//! command line's `--secret`/`--ssh` values and the engine request.

/// Why `id` cannot name a secret or ssh mount, or `None` when it can: a
/// letter or digit, then letters, digits, `.`, `_` and `-`, at most 255
/// bytes (so it is also a safe file name under `/run/secrets/`).
pub fn mount_id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        return Some("it is empty");
    }
    if id.len() > 255 {
        return Some("it is longer than 255 bytes");
    }
    let valid = id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    (!valid).then_some("use letters, digits, '.', '_' and '-', starting with a letter or digit")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for good in ["npm", "npm_token", "a.b-c", "default", "0"] {
            assert_eq!(mount_id_problem(good), None, "{good}");
        }
        for bad in [
            "",
            "has space",
            "../x",
            ".x",
            "a/b",
            "a,b",
            "tök",
            &"x".repeat(256),
        ] {
            assert!(mount_id_problem(bad).is_some(), "{bad}");
        }
    }
}
