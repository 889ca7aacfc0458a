//! What `docker-dsl lint` reads: Dockerfiles and recipes named on the
//! command line, and the Dockerfiles found in directories.

use std::path::{Path, PathBuf};

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Input {
    /// A Dockerfile (any name when given explicitly).
    Dockerfile(PathBuf),
    /// A recipe (`.py`), linted through what it renders.
    Recipe(String),
}

/// Whether `name` is a Dockerfile's name: `Dockerfile`, `Dockerfile.*`,
/// `*.Dockerfile` or `Containerfile`.
fn is_dockerfile_name(name: &str) -> bool {
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.ends_with(".Dockerfile")
}

/// The inputs `paths` name, directories searched recursively (hidden
/// directories skipped), in a stable order.
pub(crate) fn collect(paths: &[String]) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::new();
    for path in paths {
        let p = Path::new(path);
        // One `stat` per path: the corpus lint names thousands of files.
        let (is_dir, is_file) =
            std::fs::metadata(p).map_or((false, false), |m| (m.is_dir(), m.is_file()));
        if is_dir {
            let mut found = Vec::new();
            walk(p, &mut found).map_err(|e| format!("cannot read directory {path}: {e}"))?;
            found.sort();
            inputs.extend(found.into_iter().map(Input::Dockerfile));
        } else if path.ends_with(".py") {
            if !is_file {
                return Err(format!("{path}: no such recipe file"));
            }
            inputs.push(Input::Recipe(path.clone()));
        } else if is_file {
            inputs.push(Input::Dockerfile(p.to_path_buf()));
        } else {
            return Err(format!(
                "{path}: no such file or directory (give Dockerfiles, recipes ending in .py, or directories)"
            ));
        }
    }
    Ok(inputs)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if !name.starts_with('.') {
                walk(&entry.path(), found)?;
            }
        } else if is_dockerfile_name(&name) {
            found.push(entry.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_yield_dockerfiles_by_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in [
            "Dockerfile",
            "Dockerfile.dev",
            "app.Dockerfile",
            "Containerfile",
            "README.md",
            "Dockerfilex",
        ] {
            std::fs::write(dir.path().join(name), "FROM alpine\n").expect("write");
        }
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
        std::fs::write(dir.path().join(".git/Dockerfile"), "").expect("write");
        let inputs = collect(&[dir.path().display().to_string()]).expect("collect");
        let names: Vec<String> = inputs
            .iter()
            .map(|i| match i {
                Input::Dockerfile(p) => p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                Input::Recipe(r) => r.clone(),
            })
            .collect();
        assert_eq!(
            names,
            [
                "Containerfile",
                "Dockerfile",
                "Dockerfile.dev",
                "app.Dockerfile"
            ]
        );
        let err = collect(&["/nonexistent/x".into()]).expect_err("missing");
        assert!(err.contains("no such file"), "{err}");
    }
}
