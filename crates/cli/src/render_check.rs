//! `docker-dsl render RECIPE --out PATH --check`: whether the committed file
//! is what the recipe renders (for pre-commit and CI). Writes nothing.

use std::path::Path;

use similar::TextDiff;

use crate::error::CliError;

/// Compares `rendered` with the file at `path` (named `shown` in messages,
/// as the user wrote it): 0 when equal; 1 with a unified diff (committed →
/// rendered) on stdout when not, or when the file is missing; 2 when the
/// file cannot be read (the error).
pub(crate) fn check(
    path: &Path,
    shown: &str,
    rendered: &str,
    recipe: &str,
) -> Result<i32, CliError> {
    let committed = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "docker-dsl: {shown} does not exist; write it with `docker-dsl {recipe} --out {shown}`"
            );
            return Ok(1);
        }
        Err(e) => return Err(CliError::usage(format!("cannot read {shown}: {e}"))),
    };
    if committed == rendered {
        return Ok(0);
    }
    let diff = TextDiff::from_lines(committed.as_str(), rendered);
    print!(
        "{}",
        diff.unified_diff()
            .context_radius(3)
            .header(shown, &format!("{shown} (rendered from {recipe})"))
    );
    eprintln!(
        "docker-dsl: {shown} differs from what {recipe} renders; update it with `docker-dsl {recipe} --out {shown}`"
    );
    Ok(1)
}
