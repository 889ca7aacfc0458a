//! Go's `path.Clean`, which BuildKit applies to paths (mount targets,
//! `.dockerignore` patterns), so that docker-dsl compares paths as it does.

/// `path` with `.`, `..`, repeated and trailing slashes resolved, like Go's
/// `path.Clean` (an empty result is `.`).
pub fn clean(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if absolute => {}
                _ => parts.push(".."),
            },
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}
