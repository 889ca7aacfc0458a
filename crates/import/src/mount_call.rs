//! A `RUN --mount` as the stage's mount scope call (`s.cache(...)`, ...).

use dockerfile::{CacheSharing, Mount};

use crate::py_literal::{string, Call};

/// How a `from=` value is written: the variable of a stage of this file, or
/// the image name as a string.
pub(crate) type FromValue<'a> = &'a dyn Fn(&str) -> String;

/// The scope call on stage variable `stage` that mounts `mount`.
pub(crate) fn mount_call(stage: &str, mount: &Mount, from_value: FromValue<'_>) -> Call {
    let method = |name: &str| Call::new(format!("{stage}.{name}"));
    let octal = |mode: &Option<u32>| mode.map(|m| format!("0o{m:o}"));
    let number = |n: &Option<u32>| n.map(|n| n.to_string());
    let call = match mount {
        Mount::Cache {
            target,
            id,
            sharing,
            ro,
            from,
            source,
            mode,
            uid,
            gid,
        } => {
            let call = method("cache").string(target);
            let call = match sharing {
                Some(CacheSharing::Locked) => call.kwarg("lock", "True"),
                Some(CacheSharing::Private) => call.kwarg("sharing", string("private")),
                Some(CacheSharing::Shared) | None => call,
            };
            call.kwarg_str("id", id.as_deref())
                .kwarg_opt("mode", octal(mode))
                .flag("ro", *ro)
                .kwarg_opt("from_", from.as_deref().map(from_value))
                .kwarg_str("source", source.as_deref())
                .kwarg_opt("uid", number(uid))
                .kwarg_opt("gid", number(gid))
        }
        Mount::Secret {
            id,
            target,
            env,
            required,
            mode,
            uid,
            gid,
        } => {
            let call = method("secret").string(id);
            let call = match target {
                Some(target) => call.string(target),
                None => call,
            };
            call.kwarg_str("env", env.as_deref())
                .kwarg_opt("required", required.map(python_bool))
                .kwarg_opt("mode", octal(mode))
                .kwarg_opt("uid", number(uid))
                .kwarg_opt("gid", number(gid))
        }
        Mount::Ssh {
            id,
            target,
            required,
            mode,
            uid,
            gid,
        } => {
            let call = match id {
                Some(id) => method("ssh").string(id),
                None => method("ssh"),
            };
            call.kwarg_str("target", target.as_deref())
                .kwarg_opt("required", required.map(python_bool))
                .kwarg_opt("mode", octal(mode))
                .kwarg_opt("uid", number(uid))
                .kwarg_opt("gid", number(gid))
        }
        Mount::Bind {
            source,
            target,
            from,
            rw,
        } => method("bind")
            .kwarg_str("source", source.as_deref())
            .kwarg("target", string(target))
            .kwarg_opt("from_", from.as_deref().map(from_value))
            .flag("rw", *rw),
        Mount::Tmpfs { target, size } => method("tmpfs")
            .string(target)
            .kwarg_str("size", size.as_deref()),
    };
    call
}

fn python_bool(value: bool) -> String {
    if value { "True" } else { "False" }.to_owned()
}
