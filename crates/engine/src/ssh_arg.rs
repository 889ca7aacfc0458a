//! The `--ssh` value of `build`: `ID`, or `ID=PATH[,PATH…]` (agent sockets
//! or key files), parsed once.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use crate::error::EngineError;

/// One `--ssh` flag: the ssh id a `RUN --mount=type=ssh` names, and the
/// agent sockets or keys that serve it (none: the caller's `SSH_AUTH_SOCK`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SshArg {
    /// The ssh id (`default` unless the mount names another).
    pub id: String,
    /// Agent sockets or key files.
    pub paths: Vec<PathBuf>,
}

impl FromStr for SshArg {
    type Err = EngineError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let bad = |problem: String| EngineError::BadSshArg { problem };
        let (id, paths) = match value.split_once('=') {
            Some((id, paths)) => (id, Some(paths)),
            None => (value, None),
        };
        if id.is_empty() {
            return Err(bad(
                "has no id; write `default`, `default=$SSH_AUTH_SOCK` or `ID=KEYFILE`".to_owned(),
            ));
        }
        if let Some(problem) = dockerfile::mount_id_problem(id) {
            return Err(bad(format!("id `{id}` is not a valid id: {problem}")));
        }
        let paths: Vec<PathBuf> = match paths {
            Some(paths) if paths.split(',').any(str::is_empty) => {
                return Err(bad(format!("`{id}` has an empty path")));
            }
            Some(paths) => paths.split(',').map(PathBuf::from).collect(),
            None => Vec::new(),
        };
        Ok(Self {
            id: id.to_owned(),
            paths,
        })
    }
}

impl fmt::Display for SshArg {
    /// The value `docker build --ssh` takes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)?;
        for (i, path) in self.paths.iter().enumerate() {
            f.write_str(if i == 0 { "=" } else { "," })?;
            write!(f, "{}", path.display())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: &str) -> Result<SshArg, String> {
        value.parse().map_err(|e: EngineError| e.to_string())
    }

    #[test]
    fn ssh_forms() {
        for value in ["default", "gh=/home/u/.ssh/id_ed25519", "two=/a,/b"] {
            assert_eq!(parse(value).map(|a| a.to_string()).as_deref(), Ok(value));
        }
        assert_eq!(parse("two=/a,/b").expect("valid").paths.len(), 2);
        for bad in ["=x", "", "a b", "x=/a,", "../k=/x"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse("x=/a,").expect_err("empty path"),
            "--ssh `x` has an empty path"
        );
    }
}
