//! A project-local copy of the package's typed surface with an image's own
//! `Toolset`: type checkers that search a project directory before the
//! installed packages (mypy's `mypy_path`, pyright's `extraPaths`) then type
//! `with s.run() as r` with the commands that image really has.

/// The package modules a recipe's imports reach, as this build ships them;
/// the overlay must hold all of them, or the checker would mix two copies.
const PACKAGE_FILES: &[(&str, &str)] = &[
    (
        "__init__.py",
        include_str!("../../../python/docker_dsl/__init__.py"),
    ),
    (
        "_dockerfile.py",
        include_str!("../../../python/docker_dsl/_dockerfile.py"),
    ),
    (
        "_flag_types.py",
        include_str!("../../../python/docker_dsl/_flag_types.py"),
    ),
    (
        "_recipe.py",
        include_str!("../../../python/docker_dsl/_recipe.py"),
    ),
    (
        "_native.pyi",
        include_str!("../../../python/docker_dsl/_native.pyi"),
    ),
    ("py.typed", ""),
];

/// Heads the copied modules and stubs: the project's checker reads them as
/// the project's own code, but their errors are the package's business.
const COPY_HEADER: &str =
    "# A copy of the docker_dsl module, written by `docker-dsl stubs --image`.\n# mypy: ignore-errors\n";

/// The overlay's files, as paths relative to the overlay directory with
/// their text: the package's modules and `toolset_pyi` as its `_toolset.pyi`.
pub fn overlay_files(toolset_pyi: &str) -> Vec<(String, String)> {
    PACKAGE_FILES
        .iter()
        .map(|(name, text)| {
            let text = if text.is_empty() {
                String::new()
            } else {
                format!("{COPY_HEADER}{text}")
            };
            (format!("docker_dsl/{name}"), text)
        })
        .chain(std::iter::once((
            "docker_dsl/_toolset.pyi".to_owned(),
            toolset_pyi.to_owned(),
        )))
        .collect()
}
