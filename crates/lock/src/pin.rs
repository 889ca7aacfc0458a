//! Rewriting a Dockerfile tree's images to digests.

use std::path::Path;

use dockerfile::{Document, Instruction, Mount};
use graph::StageGraph;

use crate::build_args::BuildArgs;
use crate::error::LockError;
use crate::lock_file::LockFile;

/// The images of `document` that a lock pins, as BuildKit reads them with
/// `args`: every base, `COPY --from` and mount `from=` image, except
/// `scratch` and references that already carry a digest.
pub fn pinnable_images(document: &Document, args: &BuildArgs) -> Result<Vec<String>, LockError> {
    let mut images: Vec<String> = Vec::new();
    for_each_image(&mut document.clone(), args, |_, image| {
        if !images.contains(&image) {
            images.push(image);
        }
        Ok(())
    })?;
    Ok(images)
}

/// Rewrites each pinnable image of `document` to `image@digest` from `lock`
/// (read from `path`, named in errors). A `FROM` that names its image
/// through build arguments is written out with the values `args` gives
/// them: a digest pins one image, so the locked file no longer reads them.
pub fn pin(
    document: &mut Document,
    lock: &LockFile,
    path: &Path,
    args: &BuildArgs,
) -> Result<(), LockError> {
    for_each_image(document, args, |written, image| {
        let locked = lock.images.get(&image).ok_or_else(|| LockError::Missing {
            image: image.clone(),
            path: path.to_path_buf(),
        })?;
        *written = format!("{image}@{}", locked.digest);
        Ok(())
    })
}

/// Calls `visit` with each place `document` names a pinnable image and the
/// image it names (build arguments of a `FROM` expanded with `args`).
fn for_each_image(
    document: &mut Document,
    args: &BuildArgs,
    mut visit: impl FnMut(&mut String, String) -> Result<(), LockError>,
) -> Result<(), LockError> {
    let graph = StageGraph::of(document);
    let names: Vec<Option<String>> = document
        .stages
        .iter()
        .map(|s| s.from.name.clone())
        .collect();
    let pinnable = |image: &str| image != "scratch" && !image.contains('@');
    for (index, (stage, node)) in document.stages.iter_mut().zip(&graph.stages).enumerate() {
        if node.base_image.is_some() {
            let image = args.expand_reference(&stage.from.image)?;
            let earlier_stage = names[..index]
                .iter()
                .flatten()
                .any(|name| name.eq_ignore_ascii_case(&image));
            if pinnable(&image) && !earlier_stage {
                visit(&mut stage.from.image, image)?;
            }
        }
        for instruction in &mut stage.body {
            for from in image_references(instruction) {
                if !node.other_images.iter().any(|i| i == from) || !pinnable(from) {
                    continue;
                }
                if from.contains('$') {
                    return Err(LockError::ArgumentInFrom {
                        image: from.clone(),
                    });
                }
                let image = from.clone();
                visit(from, image)?;
            }
        }
    }
    Ok(())
}

/// The `--from` and mount `from=` values of one instruction, to rewrite.
fn image_references(instruction: &mut Instruction) -> Vec<&mut String> {
    match instruction {
        Instruction::Copy(copy) => copy.from.iter_mut().collect(),
        Instruction::Add(add) => add.copy.from.iter_mut().collect(),
        Instruction::Run(run) => run
            .mounts
            .iter_mut()
            .filter_map(|mount| match mount {
                Mount::Bind { from, .. } | Mount::Cache { from, .. } => from.as_mut(),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lock_file::LockedImage;
    use dockerfile::{CopyInstruction, FromInstruction, Stage};

    fn digest(c: char) -> String {
        format!("sha256:{}", c.to_string().repeat(64))
    }

    /// A lock of `image` to `digest(c)` pairs.
    fn lock_of(images: &[(&str, char)]) -> LockFile {
        let mut lock = LockFile::default();
        for (image, c) in images {
            let locked = LockedImage {
                digest: digest(*c),
                platforms: Default::default(),
            };
            lock.images.insert((*image).into(), locked);
        }
        lock
    }

    fn document() -> Document {
        let stage = |image: &str, name: &str, body| Stage {
            from: FromInstruction {
                image: image.into(),
                name: Some(name.into()),
                platform: None,
            },
            body,
        };
        Document {
            stages: vec![
                stage("alpine:3.19", "base", vec![]),
                stage(
                    "base",
                    "build",
                    vec![
                        Instruction::Copy(CopyInstruction {
                            from: Some("busybox:1".into()),
                            ..CopyInstruction::default()
                        }),
                        Instruction::Copy(CopyInstruction {
                            from: Some("base".into()),
                            ..CopyInstruction::default()
                        }),
                    ],
                ),
                stage("scratch", "out", vec![]),
            ],
            ..Document::default()
        }
    }

    #[test]
    fn images_are_pinned_and_stages_are_not() {
        let mut lock = lock_of(&[("alpine:3.19", 'a'), ("busybox:1", 'b')]);
        let mut doc = document();
        let args = BuildArgs::default();
        assert_eq!(
            pinnable_images(&doc, &args).expect("no arguments"),
            ["alpine:3.19", "busybox:1"]
        );
        pin(&mut doc, &lock, Path::new("docker-dsl.lock"), &args).expect("all locked");
        let text = doc.print();
        assert!(
            text.contains(&format!("FROM alpine:3.19@{} AS base", digest('a'))),
            "{text}"
        );
        assert!(
            text.contains(&format!("--from=busybox:1@{}", digest('b'))),
            "{text}"
        );
        assert!(
            text.contains("--from=base ")
                && text.contains("FROM base AS build")
                && text.contains("FROM scratch AS out"),
            "{text}"
        );
        lock.images.remove("busybox:1");
        let err = pin(&mut document(), &lock, Path::new("x.lock"), &args).expect_err("missing");
        assert_eq!(
            err.to_string(),
            "image busybox:1 is not in x.lock; run `docker-dsl lock` with the same recipe and flags to add it"
        );
    }

    #[test]
    fn from_lines_are_pinned_with_their_arguments_written_out() {
        let mut doc = dockerfile::parse(
            "ARG BASE=alpine:3.19\nARG FIRST=base\nFROM ${BASE} AS base\nFROM ${FIRST} AS next\n\
             FROM busybox AS last\nCOPY --from=img:${TAG} /a /b\n",
        )
        .expect("parses")
        .document;
        let overrides = [("BASE".to_owned(), "alpine:3.20".to_owned())].into();
        let args = BuildArgs::of(&doc, &overrides).expect("arguments");
        let err = pinnable_images(&doc, &args).expect_err("an argument in --from");
        assert!(err
            .to_string()
            .starts_with("img:${TAG}: docker-dsl expands build arguments in FROM lines only"));
        let Instruction::Copy(copy) = &mut doc.stages[2].body[0] else {
            panic!("a COPY");
        };
        copy.from = Some("next".into());
        // `${FIRST}` expands to a stage name: a stage, not an image
        assert_eq!(
            pinnable_images(&doc, &args).expect("images"),
            ["alpine:3.20", "busybox"]
        );
        let lock = lock_of(&[("alpine:3.20", 'a'), ("busybox", 'b')]);
        pin(&mut doc, &lock, Path::new("docker-dsl.lock"), &args).expect("all locked");
        let text = doc.print();
        assert!(
            text.contains(&format!("FROM alpine:3.20@{} AS base\n", digest('a'))),
            "{text}"
        );
        assert!(
            text.contains("ARG BASE=alpine:3.19\n") && text.contains("FROM ${FIRST} AS next\n"),
            "{text}"
        );
    }

    #[test]
    fn lock_files_round_trip_and_bad_ones_say_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("docker-dsl.lock");
        let mut lock = LockFile::default();
        lock.images.insert(
            "alpine:3.19".into(),
            LockedImage {
                digest: digest('a'),
                platforms: [("linux/amd64".to_owned(), digest('b'))].into(),
            },
        );
        std::fs::write(&path, lock.to_json()).expect("write");
        assert_eq!(LockFile::read(&path).expect("valid"), lock);
        std::fs::write(&path, lock.to_json().replace(&digest('b'), "sha256:12")).expect("write");
        let err = LockFile::read(&path).expect_err("bad digest").to_string();
        assert!(
            err.contains("the entry for alpine:3.19 holds a digest that is not sha256"),
            "{err}"
        );
        std::fs::write(&path, "{}").expect("write");
        assert!(matches!(
            LockFile::read(&path),
            Err(LockError::Parse { .. })
        ));
    }
}
