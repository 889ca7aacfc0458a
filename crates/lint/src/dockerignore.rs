//! A `.dockerignore` read as BuildKit reads it (moby's `dockerignore` and
//! `patternmatcher` packages), to tell whether the build context leaves a
//! path out.

use dockerfile::go_path::clean;
use regex::Regex;

/// The patterns of one `.dockerignore`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dockerignore {
    /// The patterns that leave paths out, compiled.
    excluded: Vec<Regex>,
    /// Whether some `!pattern` takes paths back in.
    has_exceptions: bool,
}

impl Dockerignore {
    /// Reads the file's text: one pattern a line, `#` comments at the
    /// start of a line, `!` for exceptions, paths cleaned and made relative.
    pub fn parse(text: &str) -> Self {
        let mut ignore = Self::default();
        for (number, line) in text.lines().enumerate() {
            let line = if number == 0 {
                line.trim_start_matches('\u{feff}')
            } else {
                line
            };
            if line.starts_with('#') {
                continue;
            }
            let line = line.trim();
            let (exception, pattern) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            if pattern.is_empty() {
                continue;
            }
            let pattern = clean(pattern);
            let pattern = match pattern.strip_prefix('/') {
                Some(relative) if !relative.is_empty() => relative.to_owned(),
                _ => pattern,
            };
            if exception {
                ignore.has_exceptions = true;
            } else if let Ok(regex) = Regex::new(&pattern_regex(&pattern)) {
                ignore.excluded.push(regex);
            }
        }
        ignore
    }

    /// Whether some `!pattern` takes paths back in (Docker then does not
    /// judge COPY sources: which files survive is too hard to tell).
    pub fn has_exceptions(&self) -> bool {
        self.has_exceptions
    }

    /// Whether `path` (a COPY source as written) or one of the directories
    /// holding it is left out of the context.
    pub fn ignores(&self, path: &str) -> bool {
        let parent = go_dir(path);
        let parents: Vec<&str> = parent.split('/').collect();
        self.excluded.iter().any(|regex| {
            regex.is_match(path)
                || (parent != "."
                    && (1..=parents.len()).any(|n| regex.is_match(&parents[..n].join("/"))))
        })
    }
}

/// The regular expression patternmatcher compiles a pattern into.
fn pattern_regex(pattern: &str) -> String {
    let mut regex = String::from("^");
    let mut chars = pattern.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if chars.peek() == Some(&'/') {
                    chars.next();
                }
                regex.push_str(if chars.peek().is_none() {
                    ".*"
                } else {
                    "(.*/)?"
                });
            }
            '*' => regex.push_str("[^/]*"),
            '?' => regex.push_str("[^/]"),
            '\\' => match chars.next() {
                Some(next) => regex.push_str(&regex::escape(&next.to_string())),
                None => regex.push_str(r"\\"),
            },
            '[' | ']' => regex.push(ch),
            other => regex.push_str(&regex::escape(&other.to_string())),
        }
    }
    regex.push('$');
    regex
}

/// Go's `filepath.Dir`: everything before the last `/`, cleaned.
fn go_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(at) => clean(&path[..=at]),
        None => ".".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_leave_out_files_and_what_directories_hold() {
        let ignore = Dockerignore::parse("# comment\nsecret.txt\n/build\n*.log\ndocs/**/*.md\n");
        for path in [
            "secret.txt",
            "secret.txt/",
            "build/out",
            "app.log",
            "docs/a/b.md",
            "docs/c.md",
        ] {
            assert!(ignore.ignores(path), "{path}");
        }
        for path in [
            "./secret.txt",
            "/secret.txt",
            "src/app.log",
            "kept",
            ".",
            "sec*",
        ] {
            assert!(!ignore.ignores(path), "{path}");
        }
        assert!(!ignore.has_exceptions());
    }

    #[test]
    fn exceptions_are_noticed() {
        let ignore = Dockerignore::parse("*\n!src\n");
        assert!(ignore.has_exceptions());
    }

    #[test]
    fn go_dirs() {
        assert_eq!(go_dir("sub/file"), "sub");
        assert_eq!(go_dir("file/"), "file");
        assert_eq!(go_dir("/file"), "/");
    }
}
