//! A `RUN --mount` as the stage's mount scope call (`s.cache(...)`, ...).

use dockerfile::{CacheSharing, Mount};

use crate::py_literal::{string, Call};

/// How a `from=` value is written: the variable of a stage of this file, or
/// the image name as a string.
pub(crate) type FromValue<'a> = &'a dyn Fn(&str) -> String;

/// The scope call on stage variable `stage` that mounts `mount`.
pub(crate) fn mount_call(stage: &str, mount: &Mount, from_value: FromValue<'_>) -> Call {
    let method = |name: &str| Call::new(format!("{stage}.{name}"));
    match mount {
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
            let call = call
                .kwarg_str("id", id.as_deref())
                .flag("ro", *ro)
                .kwarg_opt("from_", from.as_deref().map(from_value))
                .kwarg_str("source", source.as_deref());
            owned_by(call, *mode, *uid, *gid)
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
            let call = call
                .kwarg_str("env", env.as_deref())
                .kwarg_opt("required", required.map(python_bool));
            owned_by(call, *mode, *uid, *gid)
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
            let call = call
                .kwarg_str("target", target.as_deref())
                .kwarg_opt("required", required.map(python_bool));
            owned_by(call, *mode, *uid, *gid)
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
    }
}

/// `call` with the `mode=` (octal), `uid=` and `gid=` a cache, secret or ssh
/// mount may set.
fn owned_by(call: Call, mode: Option<u32>, uid: Option<u32>, gid: Option<u32>) -> Call {
    call.kwarg_opt("mode", mode.map(|m| format!("0o{m:o}")))
        .kwarg_opt("uid", uid.map(|n| n.to_string()))
        .kwarg_opt("gid", gid.map(|n| n.to_string()))
}

fn python_bool(value: bool) -> String {
    if value { "True" } else { "False" }.to_owned()
}
