//! Mount options as a recipe gives them, checked and turned into a mount.

use dockerfile::{CacheSharing, Mount};

use crate::error::DslError;
use crate::location::Location;

/// Which kind of mount a [`MountSpec`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MountKind {
    /// `type=cache`.
    #[default]
    Cache,
    /// `type=secret`.
    Secret,
    /// `type=ssh`.
    Ssh,
    /// `type=bind`.
    Bind,
    /// `type=tmpfs`.
    Tmpfs,
}

/// A mount's options before validation; text fields hold what the recipe
/// passed (numbers already written as text).
#[derive(Debug, Clone, Default)]
pub struct MountSpec {
    /// The mount type.
    pub kind: MountKind,
    /// `target=`.
    pub target: Option<String>,
    /// `id=`.
    pub id: Option<String>,
    /// `source=`.
    pub source: Option<String>,
    /// `from=` (a stage name or an image).
    pub from: Option<String>,
    /// `sharing=` as written.
    pub sharing: Option<String>,
    /// The seed's `lock=True`.
    pub lock: bool,
    /// `ro` (cache).
    pub ro: bool,
    /// `rw` (bind).
    pub rw: bool,
    /// `mode=`, octal text.
    pub mode: Option<String>,
    /// `uid=`.
    pub uid: Option<String>,
    /// `gid=`.
    pub gid: Option<String>,
    /// `env=` (secret).
    pub env: Option<String>,
    /// `required=`.
    pub required: Option<bool>,
    /// `size=` (tmpfs).
    pub size: Option<String>,
}

fn bad(what: &str, value: &str, problem: &str, at: &Location) -> DslError {
    DslError::BadValue {
        what: what.to_owned(),
        value: value.to_owned(),
        problem: problem.to_owned(),
        at: at.clone(),
    }
}

/// A mount path: non-empty, one line.
fn path(what: &str, value: Option<String>, at: &Location) -> Result<String, DslError> {
    let value = value.ok_or_else(|| bad(what, "", "is required", at))?;
    if value.is_empty() {
        return Err(bad(what, &value, "must not be empty", at));
    }
    crate::recipe::check_single_line(what, &value, at)?;
    Ok(value)
}

/// An id BuildKit and `docker build --secret id=...` both accept.
fn id(what: &str, value: &str, at: &Location) -> Result<(), DslError> {
    match dockerfile::mount_id_problem(value) {
        None => Ok(()),
        Some(problem) => Err(bad(
            what,
            value,
            &format!("is not a valid id: {problem}"),
            at,
        )),
    }
}

/// `mode=`: octal, at most 7777.
fn mode(value: Option<String>, at: &Location) -> Result<Option<u32>, DslError> {
    let Some(text) = value else { return Ok(None) };
    let digits = text.strip_prefix("0o").unwrap_or(&text);
    match u32::from_str_radix(digits, 8) {
        Ok(mode) if mode <= 0o7777 && !digits.is_empty() => Ok(Some(mode)),
        _ => Err(bad(
            "mode",
            &text,
            "is not an octal file mode like 0600 or 0o755 (at most 7777)",
            at,
        )),
    }
}

/// `uid=`/`gid=`: a non-negative whole number.
fn owner(what: &str, value: Option<String>, at: &Location) -> Result<Option<u32>, DslError> {
    let Some(text) = value else { return Ok(None) };
    text.parse::<u32>()
        .map(Some)
        .map_err(|_| bad(what, &text, "must be a non-negative whole number", at))
}

/// `size=` of a tmpfs: bytes, or a number with a unit (`64m`, `1.5g`, `512KiB`).
fn size(value: Option<String>, at: &Location) -> Result<Option<String>, DslError> {
    let Some(text) = value else { return Ok(None) };
    let number_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(number_end);
    let unit = unit.trim_start().to_ascii_lowercase();
    let number_ok = !number.is_empty() && number.parse::<f64>().is_ok() && !number.ends_with('.');
    let unit_ok = matches!(unit.as_str(), "" | "b")
        || unit
            .strip_prefix(['k', 'm', 'g', 't', 'p'])
            .is_some_and(|rest| matches!(rest, "" | "b" | "i" | "ib"));
    if number_ok && unit_ok {
        Ok(Some(text))
    } else {
        Err(bad(
            "tmpfs size",
            &text,
            "is not a size like 64m, 1g or 1048576",
            at,
        ))
    }
}

/// `env=`: a variable name.
fn env_name(value: &str, at: &Location) -> Result<(), DslError> {
    let valid = value.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(bad(
            "secret env",
            value,
            "is not an environment variable name",
            at,
        ))
    }
}

impl MountSpec {
    /// Checks every option and builds the mount.
    pub fn build(self, at: &Location) -> Result<Mount, DslError> {
        let texts = [
            &self.target,
            &self.id,
            &self.source,
            &self.from,
            &self.env,
            &self.size,
        ];
        if let Some(text) = texts.into_iter().flatten().find(|t| !t.is_ascii()) {
            return Err(bad(
                "mount option",
                text,
                "is not ASCII; BuildKit reads mount options byte by byte and would mangle it",
                at,
            ));
        }
        let mode = mode(self.mode, at)?;
        let uid = owner("uid", self.uid, at)?;
        let gid = owner("gid", self.gid, at)?;
        if let Some(value) = &self.source {
            crate::recipe::check_single_line("source", value, at)?;
        }
        match self.kind {
            MountKind::Cache => {
                let sharing = match (self.sharing.as_deref(), self.lock) {
                    (None, lock) => {
                        if lock {
                            CacheSharing::Locked
                        } else {
                            CacheSharing::Shared
                        }
                    }
                    (Some("locked"), _) => CacheSharing::Locked,
                    (Some("shared"), false) => CacheSharing::Shared,
                    (Some("private"), false) => CacheSharing::Private,
                    (Some(other @ ("shared" | "private")), true) => {
                        return Err(bad("sharing", other, "conflicts with lock=True (which means sharing=locked); pass one of them", at));
                    }
                    (Some(other), _) => {
                        return Err(bad(
                            "sharing",
                            other,
                            "must be shared, locked or private",
                            at,
                        ))
                    }
                };
                if let Some(cache_id) = &self.id {
                    crate::recipe::check_single_line("cache id", cache_id, at)?;
                    if cache_id.is_empty() {
                        return Err(bad("cache id", cache_id, "must not be empty", at));
                    }
                }
                Ok(Mount::Cache {
                    target: path("cache target", self.target, at)?,
                    id: self.id,
                    sharing: Some(sharing),
                    ro: self.ro,
                    from: self.from,
                    source: self.source,
                    mode,
                    uid,
                    gid,
                })
            }
            MountKind::Secret => {
                let secret_id = self
                    .id
                    .ok_or_else(|| bad("secret id", "", "is required", at))?;
                id("secret id", &secret_id, at)?;
                if let Some(env) = &self.env {
                    env_name(env, at)?;
                }
                let target = self
                    .target
                    .map(|t| path("secret target", Some(t), at))
                    .transpose()?;
                Ok(Mount::Secret {
                    id: secret_id,
                    target,
                    env: self.env,
                    required: self.required,
                    mode,
                    uid,
                    gid,
                })
            }
            MountKind::Ssh => {
                if let Some(ssh_id) = &self.id {
                    id("ssh id", ssh_id, at)?;
                }
                let ssh_id = self.id.filter(|i| i != "default");
                let target = self
                    .target
                    .map(|t| path("ssh target", Some(t), at))
                    .transpose()?;
                Ok(Mount::Ssh {
                    id: ssh_id,
                    target,
                    required: self.required,
                    mode,
                    uid,
                    gid,
                })
            }
            MountKind::Bind => Ok(Mount::Bind {
                source: self.source,
                target: path("bind target", self.target, at)?,
                from: self.from,
                rw: self.rw,
            }),
            MountKind::Tmpfs => Ok(Mount::Tmpfs {
                target: path("tmpfs target", self.target, at)?,
                size: size(self.size, at)?,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: MountKind) -> MountSpec {
        MountSpec {
            kind,
            target: Some("/t".into()),
            ..MountSpec::default()
        }
    }

    #[test]
    fn rejects_values_buildkit_would_not_take() {
        let at = Location::new("r.py", 9);
        let mut s = spec(MountKind::Cache);
        s.mode = Some("0789".into());
        assert!(s
            .build(&at)
            .expect_err("not octal")
            .to_string()
            .contains("octal"));
        let mut s = spec(MountKind::Cache);
        s.uid = Some("-1".into());
        assert!(s.build(&at).is_err());
        let mut s = spec(MountKind::Secret);
        s.id = Some("has space".into());
        assert!(s
            .build(&at)
            .expect_err("bad id")
            .to_string()
            .starts_with("r.py:9: secret id"));
        let mut s = spec(MountKind::Tmpfs);
        s.size = Some("lots".into());
        assert!(s.build(&at).is_err());
        let mut s = spec(MountKind::Cache);
        s.sharing = Some("private".into());
        s.lock = true;
        assert!(s
            .build(&at)
            .expect_err("conflict")
            .to_string()
            .contains("conflicts with lock=True"));
    }

    #[test]
    fn accepts_the_documented_forms() {
        let at = Location::default();
        for good in ["64m", "1g", "1048576", "1.5g", "512KiB", "2 mb"] {
            let mut s = spec(MountKind::Tmpfs);
            s.size = Some(good.into());
            assert!(s.build(&at).is_ok(), "{good}");
        }
        let mut s = spec(MountKind::Secret);
        s.id = Some("npm_token".into());
        s.mode = Some("0o400".into());
        s.env = Some("NPM_TOKEN".into());
        assert_eq!(
            s.build(&at).expect("valid").print(),
            "--mount=type=secret,id=npm_token,target=/t,env=NPM_TOKEN,mode=0400"
        );
    }
}
