//! Checking `--ssh` values before they reach the docker client (`--secret`
//! values are typed: [`crate::SecretArg`]).

use crate::error::EngineError;

/// Checks every ssh flag: `ID`, or `ID=PATH[,PATH…]` (agent sockets or key files).
pub(crate) fn check_ssh_flags(flags: &[String]) -> Result<(), EngineError> {
    let mut ids: Vec<&str> = Vec::new();
    for (index, flag) in flags.iter().enumerate() {
        let position = index + 1;
        let bad = |problem: String| EngineError::BadSshFlag { position, problem };
        let (id, paths) = match flag.split_once('=') {
            Some((id, paths)) => (id, Some(paths)),
            None => (flag.as_str(), None),
        };
        if id.is_empty() {
            return Err(bad(
                "has no id; write `default`, `default=$SSH_AUTH_SOCK` or `ID=KEYFILE`".to_owned(),
            ));
        }
        if let Some(problem) = dockerfile::mount_id_problem(id) {
            return Err(bad(format!("id `{id}` is not a valid id: {problem}")));
        }
        if let Some(paths) = paths {
            if paths.split(',').any(str::is_empty) {
                return Err(bad(format!("ssh `{id}` has an empty path")));
            }
        }
        if ids.contains(&id) {
            return Err(bad(format!("ssh `{id}` is given twice")));
        }
        ids.push(id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ssh(flags: &[&str]) -> Result<(), String> {
        let flags: Vec<String> = flags.iter().map(|s| (*s).to_owned()).collect();
        check_ssh_flags(&flags).map_err(|e| e.to_string())
    }

    #[test]
    fn ssh_forms() {
        assert_eq!(
            ssh(&["default", "gh=/home/u/.ssh/id_ed25519", "two=/a,/b"]),
            Ok(())
        );
        assert!(ssh(&["=x"]).is_err());
        assert!(ssh(&[""]).is_err());
        assert!(ssh(&["a b"]).is_err());
        assert!(ssh(&["x=/a,"]).is_err());
        assert_eq!(
            ssh(&["default", "default=/s"]).expect_err("dup"),
            "--ssh flag #2: ssh `default` is given twice"
        );
    }
}
