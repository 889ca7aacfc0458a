//! Checking `--secret` and `--ssh` values before they reach the docker client.
//!
//! A secret flag may only *refer* to a value (`src=` a file, `env=` a variable): the
//! engine reads the value itself, so it never appears on a command line. Problems are
//! reported by key and position, never by echoing the flag, in case a value was pasted.

use crate::error::EngineError;

/// Keys a `--secret` flag may hold (buildx and the 20.10 client both read these).
const SECRET_KEYS: &[&str] = &["id", "type", "src", "source", "env"];

/// Checks every secret flag; see the module docs.
pub(crate) fn check_secret_flags(flags: &[String]) -> Result<(), EngineError> {
    let mut ids: Vec<String> = Vec::new();
    for (index, flag) in flags.iter().enumerate() {
        let position = index + 1;
        let bad = |problem: String| EngineError::BadSecretFlag { position, problem };
        let fields = split_csv(flag).ok_or_else(|| bad("has an unclosed quote".to_owned()))?;
        if fields.iter().all(|f| f.is_empty()) {
            return Err(bad(
                "is empty; write id=ID,src=FILE or id=ID,env=VAR".to_owned()
            ));
        }
        let mut id = None;
        let mut kind = None;
        let mut sources = 0;
        for (n, field) in fields.iter().enumerate() {
            let Some((key, value)) = field.split_once('=') else {
                return Err(bad(format!(
                    "field {} has no `=`; a secret flag is id=ID,src=FILE or id=ID,env=VAR",
                    n + 1
                )));
            };
            let key = key.trim().to_ascii_lowercase();
            if !SECRET_KEYS.contains(&key.as_str()) {
                return Err(bad(format!(
                    "unknown key `{}`; a secret flag holds references only (id=, src= a file, \
                     env= a variable), never the value itself",
                    printable_key(&key)
                )));
            }
            if value.is_empty() {
                return Err(bad(format!("`{key}=` is empty")));
            }
            match key.as_str() {
                "id" => id = Some(value.to_owned()),
                "type" => kind = Some(value.to_owned()),
                _ => sources += 1,
            }
        }
        let Some(id) = id else {
            return Err(bad(
                "has no id=; write id=ID,src=FILE or id=ID,env=VAR".to_owned()
            ));
        };
        if let Some(kind) = kind {
            if kind != "file" && kind != "env" {
                return Err(bad(format!(
                    "type must be `file` or `env`, not `{}`",
                    printable_key(&kind)
                )));
            }
        }
        if sources != 1 {
            return Err(bad(format!(
                "secret `{id}` needs exactly one of src= (a file) or env= (a variable)"
            )));
        }
        if ids.contains(&id) {
            return Err(bad(format!("secret `{id}` is given twice")));
        }
        ids.push(id);
    }
    Ok(())
}

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

/// Splits one CSV record the way BuildKit's flag parser does: commas separate fields,
/// double quotes protect commas, `""` inside quotes is one quote. `None` on an open quote.
fn split_csv(record: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = record.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    fields.push(field);
    Some(fields)
}

/// A key or type word short and plain enough to print; anything else is elided, since an
/// unknown key may be a pasted value.
fn printable_key(key: &str) -> String {
    let plain = key.len() <= 16
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if plain {
        key.to_owned()
    } else {
        "…".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(flags: &[&str]) -> Result<(), String> {
        let flags: Vec<String> = flags.iter().map(|s| (*s).to_owned()).collect();
        check_secret_flags(&flags).map_err(|e| e.to_string())
    }

    fn ssh(flags: &[&str]) -> Result<(), String> {
        let flags: Vec<String> = flags.iter().map(|s| (*s).to_owned()).collect();
        check_ssh_flags(&flags).map_err(|e| e.to_string())
    }

    #[test]
    fn file_and_env_references_pass() {
        assert_eq!(
            secret(&[
                "id=db,src=/run/db.txt",
                "id=tok,env=TOKEN",
                "id=k,source=k.pem",
                "type=env,id=e,src=VAR",
                "type=file,id=f,src=\"/a,b\"",
            ]),
            Ok(())
        );
    }

    #[test]
    fn a_pasted_value_is_refused_without_echoing_it() {
        let err = secret(&["id=db,value=hunter2"]).expect_err("refused");
        assert!(err.contains("unknown key `value`"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
        let err = secret(&["id=db,hunter2"]).expect_err("refused");
        assert_eq!(
            err,
            "--secret flag #1: field 2 has no `=`; a secret flag is id=ID,src=FILE or id=ID,env=VAR"
        );
        let err = secret(&["id=db,src=f,pass word=hunter2 and more"]).expect_err("refused");
        assert!(!err.contains("hunter2"), "{err}");
        assert!(err.contains("unknown key `…`"), "{err}");
    }

    #[test]
    fn missing_parts_are_named() {
        assert_eq!(
            secret(&["src=/x"]).expect_err("no id"),
            "--secret flag #1: has no id=; write id=ID,src=FILE or id=ID,env=VAR"
        );
        assert_eq!(
            secret(&["id=a,src=x", "id=b"]).expect_err("no source"),
            "--secret flag #2: secret `b` needs exactly one of src= (a file) or env= (a variable)"
        );
        assert!(secret(&["id=a,src=x,env=Y"]).is_err());
        assert!(secret(&[""]).is_err());
        assert!(secret(&["id=a,src="]).is_err());
        assert!(secret(&["id=a,type=value,src=x"]).is_err());
        assert!(secret(&["id=a,src=\"x"]).is_err());
    }

    #[test]
    fn duplicate_secret_ids_are_refused() {
        assert_eq!(
            secret(&["id=a,src=x", "id=a,env=Y"]).expect_err("dup"),
            "--secret flag #2: secret `a` is given twice"
        );
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

    #[test]
    fn csv_quotes() {
        assert_eq!(
            split_csv("a=\"x,y\",b=\"say \"\"hi\"\"\""),
            Some(vec!["a=x,y".to_owned(), "b=say \"hi\"".to_owned()])
        );
        assert_eq!(split_csv("\"open"), None);
    }
}
