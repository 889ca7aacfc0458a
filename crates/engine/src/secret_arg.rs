//! The `--secret` value shared by `verify` and `build`: `id=ID,src=PATH` or `id=ID,env=VAR`,
//! parsed the way `docker buildx build --secret` parses it.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Where a secret's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretSource {
    /// A file (`src=PATH`, `source=PATH`, `type=file`).
    File(PathBuf),
    /// An environment variable (`env=VAR`, or `type=env,src=VAR`).
    Env(String),
    /// Neither was given: like docker, the variable named by the id if it is set, else the
    /// file named by the id.
    Implicit,
}

/// One `--secret` flag: an id and where its value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretArg {
    /// The secret's id, as `RUN --mount=type=secret,id=...` names it.
    pub id: String,
    /// Where the value is read from.
    pub source: SecretSource,
}

/// A `--secret` value that cannot be parsed, or a secret whose value cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum SecretArgError {
    /// The value is empty.
    #[error("--secret is empty: expected id=ID,src=PATH or id=ID,env=VAR")]
    Empty,
    /// A field is not `key=value` (not echoed: it may be a pasted value).
    #[error(
        "--secret field {position} is not key=value (expected id=ID,src=PATH or id=ID,env=VAR)"
    )]
    NotKeyValue {
        /// The field's 1-based position.
        position: usize,
    },
    /// A key other than type, id, src, source, env; a key that may be a
    /// pasted value is shown as `…`.
    #[error("--secret has an unknown key `{key}` (a secret flag holds references only: id, src, source, env, type; never the value itself)")]
    UnknownKey {
        /// The unknown key, or `…`.
        key: String,
    },
    /// A key given twice.
    #[error("--secret gives `{key}` more than once")]
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// A type other than file or env (not echoed: it may be a pasted value).
    #[error("--secret type is not supported: use type=file or type=env")]
    BadType,
    /// A quoted field without its closing quote.
    #[error("--secret has an unterminated quote")]
    UnterminatedQuote,
    /// No `id=`.
    #[error("--secret has no id: expected id=ID,src=PATH or id=ID,env=VAR")]
    MissingId,
    /// An id that cannot name a secret mount.
    #[error("--secret id `{id}` is invalid: {reason}")]
    InvalidId {
        /// The id.
        id: String,
        /// Why it is invalid.
        reason: &'static str,
    },
    /// Both a file and an environment variable.
    #[error("--secret `{id}` gives both a file (src=) and a variable (env=): choose one")]
    BothSources {
        /// The secret's id.
        id: String,
    },
    /// `type=file` with `env=`.
    #[error("--secret `{id}` says type=file but gives env=: use src=PATH, or type=env")]
    TypeMismatch {
        /// The secret's id.
        id: String,
    },
    /// A file or variable name that is empty.
    #[error("--secret `{id}`: `{key}=` is empty")]
    EmptyValue {
        /// The secret's id.
        id: String,
        /// The key with the empty value.
        key: &'static str,
    },
    /// The file cannot be read.
    #[error("secret `{id}`: cannot read {path}: {source}")]
    Read {
        /// The secret's id.
        id: String,
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The environment variable is not set.
    #[error("secret `{id}`: environment variable `{var}` is not set")]
    EnvNotSet {
        /// The secret's id.
        id: String,
        /// The variable.
        var: String,
    },
    /// Neither src= nor env= and neither the variable nor the file named by the id exists.
    #[error(
        "secret `{id}` has no src= or env=, and there is neither an environment variable \
         nor a file named `{id}`: add src=PATH or env=VAR"
    )]
    NoValue {
        /// The secret's id.
        id: String,
    },
}

impl SecretArg {
    /// Reads the secret's bytes from its file or environment variable.
    pub fn read_bytes(&self) -> Result<Vec<u8>, SecretArgError> {
        match &self.source {
            SecretSource::File(path) => self.read_file(path),
            SecretSource::Env(var) => self.read_env(var).ok_or_else(|| SecretArgError::EnvNotSet {
                id: self.id.clone(),
                var: var.clone(),
            }),
            SecretSource::Implicit => {
                if let Some(bytes) = self.read_env(&self.id) {
                    return Ok(bytes);
                }
                let path = Path::new(&self.id);
                if path.is_file() {
                    return self.read_file(path);
                }
                Err(SecretArgError::NoValue {
                    id: self.id.clone(),
                })
            }
        }
    }

    fn read_file(&self, path: &Path) -> Result<Vec<u8>, SecretArgError> {
        std::fs::read(path).map_err(|source| SecretArgError::Read {
            id: self.id.clone(),
            path: path.to_path_buf(),
            source,
        })
    }

    fn read_env(&self, var: &str) -> Option<Vec<u8>> {
        let value = std::env::var_os(var)?;
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            Some(value.into_vec())
        }
        #[cfg(not(unix))]
        {
            Some(value.to_string_lossy().into_owned().into_bytes())
        }
    }
}

impl FromStr for SecretArg {
    type Err = SecretArgError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        if value.trim().is_empty() {
            return Err(SecretArgError::Empty);
        }
        let mut kind: Option<String> = None;
        let mut id: Option<String> = None;
        let mut src: Option<String> = None;
        let mut env: Option<String> = None;
        for (index, field) in split_csv(value)?.into_iter().enumerate() {
            let (key, val) = field.split_once('=').ok_or(SecretArgError::NotKeyValue {
                position: index + 1,
            })?;
            let key = key.trim().to_ascii_lowercase();
            let slot = match key.as_str() {
                "type" => &mut kind,
                "id" => &mut id,
                "src" | "source" => &mut src,
                "env" => &mut env,
                _ => {
                    return Err(SecretArgError::UnknownKey {
                        key: printable_key(&key),
                    })
                }
            };
            if slot.replace(val.to_owned()).is_some() {
                return Err(SecretArgError::DuplicateKey { key });
            }
        }
        let id = id.ok_or(SecretArgError::MissingId)?;
        validate_id(&id)?;
        let nonempty = |v: String, key: &'static str| {
            if v.is_empty() {
                Err(SecretArgError::EmptyValue {
                    id: id.clone(),
                    key,
                })
            } else {
                Ok(v)
            }
        };
        let source = match (kind.as_deref(), src, env) {
            (Some(kind), _, _) if kind != "file" && kind != "env" => {
                return Err(SecretArgError::BadType)
            }
            (_, Some(_), Some(_)) => return Err(SecretArgError::BothSources { id }),
            (Some("file"), _, Some(_)) => return Err(SecretArgError::TypeMismatch { id }),
            (Some("env"), Some(var), None) | (_, None, Some(var)) => {
                SecretSource::Env(nonempty(var, "env")?)
            }
            (_, Some(path), None) => SecretSource::File(PathBuf::from(nonempty(path, "src")?)),
            (Some("env"), None, None) => SecretSource::Env(id.clone()),
            (_, None, None) => SecretSource::Implicit,
        };
        Ok(Self { id, source })
    }
}

impl fmt::Display for SecretArg {
    /// Renders the flag value BuildKit's `--secret` accepts, quoting fields that need it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut fields = vec![format!("id={}", self.id)];
        match &self.source {
            SecretSource::File(path) => fields.push(format!("src={}", path.display())),
            SecretSource::Env(var) => fields.push(format!("env={var}")),
            SecretSource::Implicit => {}
        }
        let quoted: Vec<String> = fields
            .into_iter()
            .map(|field| {
                if field.contains([',', '"', '\n']) {
                    format!("\"{}\"", field.replace('"', "\"\""))
                } else {
                    field
                }
            })
            .collect();
        f.write_str(&quoted.join(","))
    }
}

/// Splits a CSV record (one line, `"` quotes fields, `""` is a quote inside quotes).
fn split_csv(value: &str) -> Result<Vec<String>, SecretArgError> {
    let mut fields = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                    None => return Err(SecretArgError::UnterminatedQuote),
                }
            }
            // Text after the closing quote, up to the comma, belongs to the field.
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                field.push(c);
                chars.next();
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                field.push(c);
                chars.next();
            }
        }
        fields.push(field);
        if chars.next().is_none() {
            return Ok(fields);
        }
    }
}

/// A key short and plain enough to print; anything else is `…`, since an
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

/// Secret ids name a file under `/run/secrets`: the one mount id rule.
fn validate_id(id: &str) -> Result<(), SecretArgError> {
    match dockerfile::mount_id_problem(id) {
        None => Ok(()),
        Some(reason) => Err(SecretArgError::InvalidId {
            id: id.to_owned(),
            reason,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: &str) -> Result<SecretArg, SecretArgError> {
        value.parse()
    }

    #[test]
    fn the_docker_spellings_parse() {
        let file = |id: &str, p: &str| SecretArg {
            id: id.into(),
            source: SecretSource::File(p.into()),
        };
        let env = |id: &str, v: &str| SecretArg {
            id: id.into(),
            source: SecretSource::Env(v.into()),
        };
        assert_eq!(
            parse("id=npm,src=/home/me/.npmrc").expect("ok"),
            file("npm", "/home/me/.npmrc")
        );
        assert_eq!(
            parse("id=npm,source=./npmrc").expect("ok"),
            file("npm", "./npmrc")
        );
        assert_eq!(
            parse("type=file,id=npm,src=x").expect("ok"),
            file("npm", "x")
        );
        assert_eq!(
            parse("id=tok,env=GH_TOKEN").expect("ok"),
            env("tok", "GH_TOKEN")
        );
        assert_eq!(
            parse("type=env,id=tok,src=GH_TOKEN").expect("ok"),
            env("tok", "GH_TOKEN")
        );
        assert_eq!(
            parse("type=env,id=GH_TOKEN").expect("ok"),
            env("GH_TOKEN", "GH_TOKEN")
        );
        assert_eq!(parse("ID=a,SRC=b").expect("ok"), file("a", "b"));
        assert_eq!(
            parse("id=a").expect("ok"),
            SecretArg {
                id: "a".into(),
                source: SecretSource::Implicit
            }
        );
        assert_eq!(
            parse("id=a,\"src=/tmp/x,y\"").expect("ok"),
            file("a", "/tmp/x,y")
        );
    }

    #[test]
    fn mistakes_get_clear_errors() {
        let msg = |v: &str| parse(v).expect_err(v).to_string();
        assert_eq!(
            msg(""),
            "--secret is empty: expected id=ID,src=PATH or id=ID,env=VAR"
        );
        assert!(msg("src=/x").contains("has no id"));
        assert!(msg("id=a,path=/x").contains("unknown key `path`"));
        assert!(msg("id=a,src=/x,env=Y").contains("choose one"));
        assert!(msg("type=ssh,id=a").contains("type=file or type=env"));
        assert!(msg("id=a,id=b").contains("more than once"));
        assert!(msg("id=a,src").contains("not key=value"));
        for bad_id in ["a b", "../x", "a/b"] {
            assert!(
                msg(&format!("id={bad_id},src=x")).contains(&format!(
                    "id `{bad_id}` is invalid: use letters, digits, '.', '_' and '-'"
                )),
                "{bad_id}"
            );
        }
        assert!(msg("id=a,\"src=x").contains("unterminated quote"));
        assert!(msg("id=a,src=").contains("`src=` is empty"));
        assert!(msg("type=file,id=a,env=X").contains("type=file"));
    }

    #[test]
    fn a_pasted_value_is_never_echoed() {
        for value in [
            "id=db,hunter2",
            "id=db,value=hunter2",
            "id=db,src=f,pass word=hunter2 and more",
            "id=db,type=hunter2",
            "\"hunter2",
        ] {
            let err = value.parse::<SecretArg>().expect_err("refused").to_string();
            assert!(!err.contains("hunter2"), "{value}: {err}");
        }
    }

    #[test]
    fn display_round_trips() {
        for value in [
            "id=a,src=/x",
            "id=t,env=TOKEN",
            "id=a,\"src=/tmp/a,b\"",
            "id=a",
        ] {
            let arg = parse(value).expect("valid");
            assert_eq!(arg.to_string(), value);
            assert_eq!(parse(&arg.to_string()).expect("round trip"), arg);
        }
    }

    #[test]
    fn values_are_read_from_files_and_variables() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s");
        std::fs::write(&path, b"file-value\n").expect("write");
        let arg = parse(&format!("id=f,src={}", path.display())).expect("valid");
        assert_eq!(arg.read_bytes().expect("read"), b"file-value\n");
        let missing = parse("id=f,src=/nonexistent/secret").expect("valid");
        assert!(missing
            .read_bytes()
            .expect_err("missing")
            .to_string()
            .contains("cannot read /nonexistent/secret"));
        let unset = parse("id=e,env=DOCKER_DSL_TEST_SURELY_UNSET_VAR").expect("valid");
        assert!(matches!(
            unset.read_bytes(),
            Err(SecretArgError::EnvNotSet { .. })
        ));
        let path_var = parse("id=e,env=PATH").expect("valid");
        assert!(!path_var.read_bytes().expect("PATH is set").is_empty());
    }
}
