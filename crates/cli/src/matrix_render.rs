//! `docker-dsl render RECIPE --matrix py=3.11,3.12 ... --out-dir DIR`: one
//! Dockerfile per combination of flag values, plus `index.json`.
//!
//! Every variant is rendered in memory first, so a bad value fails the call
//! before anything is written; the files then appear through renames.

use std::path::{Path, PathBuf};

use dockerfile::Document;
use variants::{Index, IndexEntry, Matrix, Variant};

use crate::error::CliError;
use crate::recipe_args::{header, SplitArgs};
use crate::recipe_runner::{Header, RecipeRunner};

/// The name of the index a matrix render writes.
const INDEX_FILE: &str = "index.json";

/// One rendered variant, not yet written.
struct Rendered {
    entry: IndexEntry,
    text: String,
}

/// Renders every combination of `--matrix` values and writes them to
/// `--out-dir`.
pub(crate) fn run(
    recipe: &str,
    split: &SplitArgs,
    runner: &dyn RecipeRunner,
) -> Result<(), CliError> {
    render_all(recipe, split, runner)
        .and_then(|(dir, rendered)| write_all(&dir, recipe, rendered))
        .map_err(CliError::usage)
}

/// The output directory and every variant's text, or the first error.
fn render_all(
    recipe: &str,
    split: &SplitArgs,
    runner: &dyn RecipeRunner,
) -> Result<(PathBuf, Vec<Rendered>), String> {
    for conflicting in ["--out", "--min-syntax"] {
        if split.has(conflicting) {
            return Err(format!(
                "{conflicting} renders one file; with --matrix, leave it out (the files go to --out-dir)"
            ));
        }
    }
    let (Some(dir), true) = (split.value("--out-dir"), split.has("--matrix")) else {
        return Err(
            "--matrix and --out-dir go together: --matrix name=v1,v2 ... --out-dir DIR".to_owned(),
        );
    };
    let pinning = crate::lock::pinning(split)?;
    let mut rendered = Vec::new();
    for mut variant in render_variants(
        recipe,
        split,
        &header(split).map_err(|e| e.to_string())?,
        runner,
    )? {
        crate::lock::pin_with(&mut variant.document, pinning.as_ref())
            .map_err(|message| format!("variant {}: {message}", variant.variant.describe()))?;
        let file = format!("{}.Dockerfile", variant.variant.name);
        rendered.push(Rendered {
            entry: IndexEntry::new(&variant.variant.name, &file, &variant.flags),
            text: variant.document.print(),
        });
    }
    Ok((PathBuf::from(dir), rendered))
}

/// One combination of the matrix, rendered.
pub(crate) struct RenderedVariant {
    /// The combination and its name.
    pub variant: Variant,
    /// Every flag the recipe was given: the fixed ones, then the matrix values.
    pub flags: Vec<(String, Option<String>)>,
    /// The rendered file.
    pub document: Document,
}

/// Renders the recipe once per combination of the `--matrix` values in
/// `split` (one default variant without any), with its fixed flags; the
/// first failure names its variant.
pub(crate) fn render_variants(
    recipe: &str,
    split: &SplitArgs,
    header: &Header,
    runner: &dyn RecipeRunner,
) -> Result<Vec<RenderedVariant>, String> {
    let matrix = Matrix::parse(&split.values("--matrix")).map_err(|e| e.to_string())?;
    let fixed = dsl::FlagSet::parse_args(&split.flags).map_err(|e| e.to_string())?;
    if let Some((flag, _)) = fixed.iter().find(|(name, _)| {
        matrix
            .axes()
            .iter()
            .any(|axis| axis.flag.replace('-', "_") == name.replace('-', "_"))
    }) {
        return Err(format!(
            "--{flag} is both a --matrix axis and a fixed flag; give its values only in --matrix"
        ));
    }
    let variants = matrix.variants().map_err(|e| e.to_string())?;
    let flag_sets: Vec<_> = variants.iter().map(|v| flags_of(&fixed, v)).collect();
    let documents = runner.render_each(recipe, &flag_sets, header).map_err(
        |(index, failure)| match variants[index].describe() {
            // without --matrix there is one variant, and no name to give
            name if name.is_empty() => failure.to_string(),
            name => format!("variant {name}: {failure}"),
        },
    )?;
    Ok(variants
        .into_iter()
        .zip(flag_sets)
        .zip(documents)
        .map(|((variant, flags), document)| RenderedVariant {
            variant,
            flags,
            document,
        })
        .collect())
}

/// The fixed flags followed by the variant's matrix values.
fn flags_of(
    fixed: &[(String, Option<String>)],
    variant: &Variant,
) -> Vec<(String, Option<String>)> {
    fixed
        .iter()
        .cloned()
        .chain(
            variant
                .flags
                .iter()
                .map(|(flag, value)| (flag.clone(), Some(value.clone()))),
        )
        .collect()
}

/// Writes every file and the index into a staging directory, then moves
/// them into `dir` (a new `dir` is the staging directory renamed whole).
fn write_all(dir: &Path, recipe: &str, rendered: Vec<Rendered>) -> Result<(), String> {
    let count = rendered.len();
    let index = Index {
        recipe: recipe.to_owned(),
        variants: rendered.iter().map(|r| r.entry.clone()).collect(),
    };
    let exists = dir.is_dir();
    let staging = if exists {
        dir.join(format!(".docker-dsl-matrix.{}", std::process::id()))
    } else {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        dir.with_file_name(format!(".{name}.docker-dsl-matrix.{}", std::process::id()))
    };
    let cannot = |what: &Path, e: std::io::Error| format!("cannot write {}: {e}", what.display());
    let staged = std::fs::create_dir_all(&staging)
        .map_err(|e| cannot(&staging, e))
        .and_then(|()| {
            let files = rendered
                .iter()
                .map(|r| (r.entry.file.as_str(), r.text.as_str()));
            for (file, text) in files.chain([(INDEX_FILE, index.to_json().as_str())]) {
                let path = staging.join(file);
                std::fs::write(&path, text).map_err(|e| cannot(&path, e))?;
            }
            Ok(())
        })
        .and_then(|()| move_into(&staging, dir, exists, &index));
    if staged.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    staged?;
    eprintln!(
        "docker-dsl: wrote {count} Dockerfiles and {INDEX_FILE} to {}",
        dir.display()
    );
    Ok(())
}

/// Renames the staged files into `dir`, the index last.
fn move_into(staging: &Path, dir: &Path, exists: bool, index: &Index) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("cannot move the files into {}: {e}", dir.display());
    if !exists {
        return std::fs::rename(staging, dir).map_err(cannot);
    }
    let names = index.variants.iter().map(|e| e.file.as_str());
    for name in names.chain([INDEX_FILE]) {
        std::fs::rename(staging.join(name), dir.join(name)).map_err(cannot)?;
    }
    std::fs::remove_dir(staging).map_err(cannot)
}
