//! Paths inside the image, compared the way BuildKit resolves them: cleaned
//! (`/c/` and `/c/./` are `/c`) and, when relative, taken from the WORKDIR.

use dockerfile::go_path::clean;
use dockerfile::Mount;

/// `path` taken from `workdir`: the cleaned absolute path, or `None` when
/// `path` is relative and the working directory is unknown (the base
/// image's own).
pub(crate) fn join(workdir: Option<&str>, path: &str) -> Option<String> {
    if path.starts_with('/') {
        return Some(clean(path));
    }
    workdir.map(|dir| clean(&format!("{dir}/{path}")))
}

/// Where `mount` appears in the RUN's file system, for telling whether two
/// mounts collide: a relative target under an unknown WORKDIR stays
/// relative (it can only match the same relative target).
pub(crate) fn mount_target(mount: &Mount, workdir: Option<&str>) -> Option<String> {
    let target = match mount {
        Mount::Cache { target, .. } | Mount::Bind { target, .. } | Mount::Tmpfs { target, .. } => {
            target.clone()
        }
        Mount::Secret {
            target: Some(target),
            ..
        }
        | Mount::Ssh {
            target: Some(target),
            ..
        } => target.clone(),
        Mount::Secret { id, env: None, .. } => format!("/run/secrets/{id}"),
        Mount::Secret { .. } | Mount::Ssh { .. } => return None,
    };
    Some(join(workdir, &target).unwrap_or_else(|| clean(&target)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_clean_like_go() {
        for (path, want) in [
            ("/c/", "/c"),
            ("/c//d/./e/..", "/c/d"),
            ("./c", "c"),
            ("/..", "/"),
            ("a/../..", ".."),
            ("", "."),
        ] {
            assert_eq!(clean(path), want, "{path}");
        }
    }

    #[test]
    fn relative_paths_follow_a_known_workdir_only() {
        assert_eq!(join(Some("/app"), "./c").as_deref(), Some("/app/c"));
        assert_eq!(join(None, "/c/").as_deref(), Some("/c"));
        assert_eq!(join(None, "c"), None);
    }
}
