//! Paths as a RUN sees them: `~` and `$HOME` expanded, relative paths
//! joined to WORKDIR, `.` and `..` folded.

/// The home directory of `USER user[:group]` (`/root` when unset or root;
/// `None` for a numeric uid, whose home the file does not say).
pub(crate) fn home_of_user(user: Option<&str>) -> Option<String> {
    let name = user.map_or("root", |u| u.split(':').next().unwrap_or(u));
    match name {
        "root" | "0" | "" => Some("/root".to_owned()),
        n if n.chars().all(|c| c.is_ascii_digit()) || n.starts_with('$') => None,
        n => Some(format!("/home/{n}")),
    }
}

/// `path` made absolute: `~`, `$HOME` and `${HOME}` become `home`, a relative
/// path is joined to `workdir`; no trailing slash.
pub(crate) fn normalize(path: &str, workdir: &str, home: Option<&str>) -> String {
    let expanded = ["~", "${HOME}", "$HOME"].iter().find_map(|prefix| {
        let rest = path.strip_prefix(prefix)?;
        (rest.is_empty() || rest.starts_with('/')).then(|| format!("{}{rest}", home.unwrap_or("~")))
    });
    let path = expanded.unwrap_or_else(|| path.to_owned());
    let joined = if path.starts_with('/') || path.starts_with('~') {
        path
    } else {
        format!("{workdir}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    if joined.starts_with('~') {
        parts.join("/")
    } else {
        format!("/{}", parts.join("/"))
    }
}

/// Whether `path` is `dir` or lies under it (`dir/*` included).
pub(crate) fn is_within(path: &str, dir: &str) -> bool {
    path == dir
        || dir == "/"
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homes_workdirs_and_dots() {
        assert_eq!(normalize("~/.npmrc", "/app", Some("/root")), "/root/.npmrc");
        assert_eq!(
            normalize("$HOME/.cache/pip/", "/", Some("/home/app")),
            "/home/app/.cache/pip"
        );
        assert_eq!(normalize("./target/../dist", "/app", None), "/app/dist");
        assert_eq!(home_of_user(Some("app:app")).as_deref(), Some("/home/app"));
        assert_eq!(home_of_user(Some("1000")), None);
        assert!(is_within("/var/lib/apt/lists/*", "/var/lib/apt/lists"));
        assert!(!is_within("/var/lib/aptx", "/var/lib/apt"));
    }
}
