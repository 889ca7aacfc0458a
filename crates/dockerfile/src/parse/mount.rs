//! Reading a `RUN --mount=` value back into a typed [`Mount`].

use crate::ast::{CacheSharing, Mount};

use super::words::word_value;

/// Splits a CSV record the way Go's `encoding/csv` does (fields separated by
/// `,`, a field in `"..."` may hold `,` and `""`); `None` for bad quoting.
fn csv_fields(text: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next()? {
                    '"' if chars.peek() == Some(&'"') => {
                        field.push('"');
                        chars.next();
                    }
                    '"' => break,
                    c => field.push(c),
                }
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Some(fields);
                }
                Some(',') => {}
                Some(_) => return None,
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(field);
                        return Some(fields);
                    }
                    Some(',') => break,
                    Some('"') => return None,
                    Some(c) => field.push(c),
                }
            }
        }
        fields.push(field);
    }
}

/// Go's `strconv.ParseBool`, as BuildKit reads booleans (`1`, `t`, `TRUE`, ...).
pub fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The fields of one mount, as given.
#[derive(Default)]
struct Fields {
    kind: Option<String>,
    target: Option<String>,
    source: Option<String>,
    from: Option<String>,
    id: Option<String>,
    sharing: Option<CacheSharing>,
    mode: Option<u32>,
    uid: Option<u32>,
    gid: Option<u32>,
    readonly: Option<bool>,
    required: Option<bool>,
    env: Option<String>,
    size: Option<String>,
}

/// The typed mount of a `--mount` value (without `--mount=`), or `None` when
/// it has a key, a value or a combination the model cannot hold; `lexed`
/// when the frontend reads values with its shell lexer (1.3 and newer).
pub(crate) fn parse_mount(value: &str, lexed: bool, escape: char) -> Option<Mount> {
    let mut f = Fields::default();
    for field in csv_fields(value)? {
        let (key, raw) = match field.split_once('=') {
            Some((key, raw)) => (key.to_lowercase(), Some(raw)),
            None => (field.to_lowercase(), None),
        };
        let text = match raw {
            Some(raw) if lexed => Some(word_value(raw, escape)?),
            Some(raw) => Some(raw.to_owned()),
            None => None,
        };
        let flag = || match &text {
            None => Some(true),
            Some(v) => parse_bool(v),
        };
        match key.as_str() {
            "type" => f.kind = Some(text?),
            "target" | "dst" | "destination" => f.target = Some(text?),
            "source" | "src" => f.source = Some(text?),
            "from" => f.from = Some(text?),
            "id" => f.id = Some(text?),
            "env" => f.env = Some(text?),
            "size" => f.size = Some(text?),
            "sharing" => {
                f.sharing = Some(match text?.as_str() {
                    "shared" => CacheSharing::Shared,
                    "locked" => CacheSharing::Locked,
                    "private" => CacheSharing::Private,
                    _ => return None,
                })
            }
            "mode" => f.mode = Some(u32::from_str_radix(&text?, 8).ok()?),
            "uid" => f.uid = Some(text?.parse().ok()?),
            "gid" => f.gid = Some(text?.parse().ok()?),
            "ro" | "readonly" => f.readonly = Some(flag()?),
            "rw" | "readwrite" => f.readonly = Some(!flag()?),
            "required" => f.required = Some(flag()?),
            _ => return None,
        }
    }
    f.into_mount()
}

impl Fields {
    fn into_mount(self) -> Option<Mount> {
        let no_ids = self.mode.is_none() && self.uid.is_none() && self.gid.is_none();
        match self.kind.as_deref().unwrap_or("bind") {
            "cache" if self.env.is_none() && self.size.is_none() && self.required.is_none() => {
                Some(Mount::Cache {
                    target: self.target?,
                    id: self.id,
                    sharing: self.sharing,
                    ro: self.readonly.unwrap_or(false),
                    from: self.from,
                    source: self.source,
                    mode: self.mode,
                    uid: self.uid,
                    gid: self.gid,
                })
            }
            "secret"
                if self.source.is_none()
                    && self.from.is_none()
                    && self.sharing.is_none()
                    && self.readonly.is_none()
                    && self.size.is_none() =>
            {
                Some(Mount::Secret {
                    id: self.id?,
                    target: self.target,
                    env: self.env,
                    required: self.required,
                    mode: self.mode,
                    uid: self.uid,
                    gid: self.gid,
                })
            }
            "ssh"
                if self.source.is_none()
                    && self.from.is_none()
                    && self.sharing.is_none()
                    && self.readonly.is_none()
                    && self.env.is_none()
                    && self.size.is_none() =>
            {
                Some(Mount::Ssh {
                    id: self.id,
                    target: self.target,
                    required: self.required,
                    mode: self.mode,
                    uid: self.uid,
                    gid: self.gid,
                })
            }
            "bind"
                if no_ids
                    && self.id.is_none()
                    && self.sharing.is_none()
                    && self.required.is_none()
                    && self.env.is_none()
                    && self.size.is_none() =>
            {
                Some(Mount::Bind {
                    source: self.source,
                    target: self.target?,
                    from: self.from,
                    rw: !self.readonly.unwrap_or(true),
                })
            }
            "tmpfs"
                if no_ids
                    && self.id.is_none()
                    && self.source.is_none()
                    && self.from.is_none()
                    && self.sharing.is_none()
                    && self.readonly.is_none()
                    && self.required.is_none()
                    && self.env.is_none() =>
            {
                Some(Mount::Tmpfs {
                    target: self.target?,
                    size: self.size,
                })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_printer_writes() {
        let mount = Mount::Cache {
            target: "/a,b".into(),
            id: Some("x'y".into()),
            sharing: Some(CacheSharing::Locked),
            ro: true,
            from: None,
            source: None,
            mode: Some(0o755),
            uid: Some(1),
            gid: None,
        };
        let printed = mount.print();
        let (flags, _) = super::super::flags::split_flags(&printed);
        let value = flags[0].strip_prefix("--mount=").unwrap_or_default();
        assert_eq!(parse_mount(value, true, '\\'), Some(mount));
    }

    #[test]
    fn rejects_what_the_model_cannot_hold() {
        assert_eq!(
            parse_mount("type=cache,target=/x,mode=$M", true, '\\'),
            None
        );
        assert_eq!(parse_mount("type=secret,target=/x", true, '\\'), None);
        assert_eq!(parse_mount("type=weird,target=/x", true, '\\'), None);
    }

    #[test]
    fn bind_is_the_default_type() {
        assert_eq!(
            parse_mount("target=/x,rw", true, '\\'),
            Some(Mount::Bind {
                source: None,
                target: "/x".into(),
                from: None,
                rw: true
            })
        );
    }
}
