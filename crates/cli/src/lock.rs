//! `docker-dsl lock RECIPE|Dockerfile [flags] [--matrix ...] [--platform P]
//! [--update] [--lock-file PATH]`: resolves every image to a digest through
//! the registry API and writes `docker-dsl.lock`; and the `--locked` pinning
//! of `render`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use dockerfile::Document;
use lock::{pin, pinnable_images, BuildArgs, LockFile, LockedImage, DEFAULT_LOCK_FILE};
use registry::{Client, ImageRef};

use crate::bake::build_args;
use crate::error::CliError;
use crate::graph::{is_dockerfile, parse_dockerfile};
use crate::matrix_render::render_variants;
use crate::output::write_atomically;
use crate::recipe_args::{header, OptionSpec, RecipeInvocation, SplitArgs};
use crate::recipe_runner::RecipeRunner;
use crate::render::prepare;

/// The options of `lock` beside `--syntax`, `--frontend` and `--help`.
const OPTIONS: [OptionSpec; 5] = [
    OptionSpec { names: &["--matrix"], takes_value: true, usage: "--matrix NAME=V1,V2", help: "lock the images of every combination (repeatable)" },
    OptionSpec { names: &["--platform"], takes_value: true, usage: "--platform P", help: "platforms to record, e.g. linux/amd64,linux/arm64 (repeatable; default: all the image has)" },
    OptionSpec { names: &["--update"], takes_value: false, usage: "--update", help: "resolve every image again, not only the ones the lock lacks" },
    OptionSpec { names: &["--lock-file"], takes_value: true, usage: "--lock-file PATH", help: "the lock file (default: docker-dsl.lock)" },
    OptionSpec { names: &["--build-arg"], takes_value: true, usage: "--build-arg K=V", help: "a value for a global ARG that a FROM line uses (repeatable)" },
];

/// `--locked`, an option of every command that renders (`render`, `build`, `bake`).
pub(crate) const LOCKED: OptionSpec = OptionSpec {
    names: &["--locked"],
    takes_value: false,
    usage: "--locked",
    help: "pin every image to its digest from the lock file (see docker-dsl lock)",
};

/// `--lock-file PATH` beside [`LOCKED`].
pub(crate) const LOCK_FILE: OptionSpec = OptionSpec {
    names: &["--lock-file"],
    takes_value: true,
    usage: "--lock-file PATH",
    help: "the lock file for --locked (default: docker-dsl.lock)",
};

fn lock_path(split: &SplitArgs) -> PathBuf {
    PathBuf::from(
        split
            .value("--lock-file")
            .unwrap_or_else(|| DEFAULT_LOCK_FILE.to_owned()),
    )
}

/// What `--locked` pins with: the lock file (read once) and the
/// `--build-arg` overrides that `FROM` lines are expanded with.
pub(crate) struct Pinning {
    lock: LockFile,
    path: PathBuf,
    overrides: BTreeMap<String, String>,
}

/// With `--locked`, the lock to pin with; `Ok(None)` without.
pub(crate) fn pinning(split: &SplitArgs) -> Result<Option<Pinning>, String> {
    if !split.has("--locked") {
        return if split.has("--lock-file") {
            Err("--lock-file only applies with --locked".to_owned())
        } else {
            Ok(None)
        };
    }
    let path = lock_path(split);
    let lock = LockFile::read(&path).map_err(|e| e.to_string())?;
    Ok(Some(Pinning {
        lock,
        path,
        overrides: build_args(split)?,
    }))
}

/// Pins `document` when a lock was asked for: the one way `render`,
/// `build` and `bake` apply `--locked`.
pub(crate) fn pin_with(document: &mut Document, pinning: Option<&Pinning>) -> Result<(), String> {
    let Some(pinning) = pinning else {
        return Ok(());
    };
    BuildArgs::of(document, &pinning.overrides)
        .and_then(|args| pin(document, &pinning.lock, &pinning.path, &args))
        .map_err(|e| e.to_string())
}

pub(crate) fn run(args: RecipeInvocation, runner: &dyn RecipeRunner) -> Result<i32, CliError> {
    let Some((recipe, split)) = prepare("lock", &args, &OPTIONS, runner)? else {
        return Ok(0);
    };
    match lock(recipe, &split, runner) {
        Ok(()) => Ok(0),
        Err(message) => Err(CliError::usage(message)),
    }
}

fn lock(source: &str, split: &SplitArgs, runner: &dyn RecipeRunner) -> Result<(), String> {
    let documents: Vec<Document> = if is_dockerfile(source) {
        if split.has("--matrix") {
            return Err(format!(
                "{source} is a Dockerfile; --matrix is for .py recipes"
            ));
        }
        vec![parse_dockerfile(source, split)?]
    } else {
        render_variants(
            source,
            split,
            &header(split).map_err(|e| e.to_string())?,
            runner,
        )?
        .into_iter()
        .map(|v| v.document)
        .collect()
    };
    let overrides = build_args(split)?;
    let mut images: Vec<String> = Vec::new();
    for document in &documents {
        let args = BuildArgs::of(document, &overrides).map_err(|e| e.to_string())?;
        for image in pinnable_images(document, &args).map_err(|e| format!("{source}: {e}"))? {
            if !images.contains(&image) {
                images.push(image);
            }
        }
    }
    let platforms = crate::bake::platforms(split);
    let path = lock_path(split);
    let old = if path.exists() && !split.has("--update") {
        LockFile::read(&path).map_err(|e| e.to_string())?
    } else {
        LockFile::default()
    };
    let client = Client::new();
    let mut new = LockFile::default();
    let mut resolved = 0;
    for image in &images {
        let kept = old
            .images
            .get(image)
            .filter(|locked| platforms.iter().all(|p| locked.platforms.contains_key(p)));
        let locked = match kept {
            Some(locked) => locked.clone(),
            None => {
                let reference = ImageRef::parse(image).map_err(|e| e.to_string())?;
                let resolution = client
                    .resolve(&reference, &platforms)
                    .map_err(|e| format!("cannot lock {image}: {e}"))?;
                resolved += 1;
                LockedImage {
                    digest: resolution.digest,
                    platforms: resolution.platforms,
                }
            }
        };
        new.images.insert(image.clone(), locked);
    }
    write_atomically(&path, new.to_json().as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!(
        "docker-dsl: locked {} images in {} ({resolved} resolved from their registries, {} kept)",
        images.len(),
        path.display(),
        images.len() - resolved
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn options_are_reserved_flag_names() {
        crate::recipe_args::assert_reserved(&super::OPTIONS);
    }
}
