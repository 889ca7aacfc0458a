//! `docker-dsl render RECIPE [--flag=value ...] [--out PATH] [--syntax V]`
//! (and, with `--matrix`, [`crate::matrix_render`]).

use std::path::PathBuf;

use dockerfile::Document;
use dsl::FlagSpec;

use crate::error::CliError;
use crate::output::emit;
use crate::recipe_args::{
    header, options_help, split, OptionSpec, RecipeInvocation, SplitArgs, HEADER_OPTIONS,
};
use crate::recipe_runner::{Header, RecipeRunner};

/// The options of `render` itself (`--out PATH`, `--min-syntax`) beside
/// `--syntax`, `--frontend` and `--help`; everything else is the recipe's.
pub(crate) const OPTIONS: [OptionSpec; 7] = [
    OptionSpec {
        names: &["--out", "-o"],
        takes_value: true,
        usage: "--out PATH",
        help: "write the Dockerfile to PATH (atomically, through a symlink) instead of stdout; - is stdout",
    },
    OptionSpec {
        names: &["--min-syntax"],
        takes_value: false,
        usage: "--min-syntax",
        help: "print the lowest docker/dockerfile version the file needs, instead of the file",
    },
    OptionSpec {
        names: &["--matrix"],
        takes_value: true,
        usage: "--matrix NAME=V1,V2",
        help: "render every combination of these flag values (repeatable; needs --out-dir)",
    },
    OptionSpec {
        names: &["--out-dir"],
        takes_value: true,
        usage: "--out-dir DIR",
        help: "with --matrix: write one Dockerfile per combination and index.json to DIR",
    },
    crate::lock::LOCKED,
    crate::lock::LOCK_FILE,
    OptionSpec {
        names: &["--check"],
        takes_value: false,
        usage: "--check",
        help:
            "with --out PATH: write nothing, exit 1 with a diff when PATH differs from the render",
    },
];

pub(crate) fn run(args: RecipeInvocation, runner: &dyn RecipeRunner) -> Result<(), CliError> {
    let Some((recipe, split)) = prepare("render", &args, &OPTIONS, runner)? else {
        return Ok(());
    };
    if split.has("--matrix") || split.has("--out-dir") {
        return crate::matrix_render::run(recipe, &split, runner);
    }
    if split.has("--check") && !split.has("--out") {
        return Err(CliError::usage(
            "--check compares with a file: add --out PATH (the committed Dockerfile)",
        ));
    }
    // Resolved before the recipe runs: a recipe may change directory.
    let given = split
        .single("--out")
        .map_err(CliError::usage)?
        .filter(|path| path != "-");
    let out = given.as_deref().map(absolute);
    let mut document = render_document(recipe, &split, &header(&split)?, runner)?;
    crate::lock::pinning(&split)
        .and_then(|pinning| crate::lock::pin_with(&mut document, pinning.as_ref()))
        .map_err(CliError::usage)?;
    let text = if split.has("--min-syntax") {
        match document.min_syntax() {
            Some(need) => format!("{} ({})\n", need.version, need.feature),
            None => "1.0 (no versioned features)\n".to_owned(),
        }
    } else {
        document.print()
    };
    match out {
        Some(path) if split.has("--check") => {
            let shown = given.as_deref().unwrap_or_default();
            match crate::render_check::check(&path, shown, &text, recipe)? {
                0 => Ok(()),
                code => Err(CliError::Reported { code }),
            }
        }
        out => emit(text.as_bytes(), out.as_deref(), "the Dockerfile").map_err(CliError::usage),
    }
}

/// `path` made absolute against the current directory (as it is now,
/// before a recipe runs and perhaps changes it).
pub(crate) fn absolute(path: &str) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| PathBuf::from(path))
}

/// Runs the recipe with the flags in `split`.
pub(crate) fn render_document(
    recipe: &str,
    split: &SplitArgs,
    header: &Header,
    runner: &dyn RecipeRunner,
) -> Result<Document, CliError> {
    let flags = dsl::FlagSet::parse_args(&split.flags)?;
    Ok(runner.render(recipe, flags, header)?)
}

/// Sorts the words after the recipe into `options` (plus the header
/// options) and recipe flags. `None` when `--help` was asked for and
/// answered: the recipe's flags with a recipe, the subcommand's options
/// without one.
pub(crate) fn prepare<'a>(
    subcommand: &str,
    args: &'a RecipeInvocation,
    options: &[OptionSpec],
    runner: &dyn RecipeRunner,
) -> Result<Option<(&'a str, SplitArgs)>, CliError> {
    let specs: Vec<OptionSpec> = options
        .iter()
        .chain(HEADER_OPTIONS.iter())
        .copied()
        .collect();
    let (recipe, rest) = args.recipe_and_rest(&specs);
    let split = split(rest, &specs).map_err(CliError::usage)?;
    if split.has("--help") {
        let flags = match recipe {
            Some(recipe) => Some(runner.describe(recipe)?),
            None => None,
        };
        print!(
            "{}",
            help_text(subcommand, recipe, flags.as_deref(), &specs)
        );
        return Ok(None);
    }
    match recipe {
        Some(recipe) => Ok(Some((recipe, split))),
        None => Err(CliError::usage(format!(
            "{subcommand} needs a recipe: docker-dsl {subcommand} RECIPE [--flag=value ...] (see docker-dsl {subcommand} --help)"
        ))),
    }
}

/// `--help`: usage, the recipe's flags (when a recipe is given), then the
/// subcommand's options.
fn help_text(
    subcommand: &str,
    recipe: Option<&str>,
    flags: Option<&[FlagSpec]>,
    options: &[OptionSpec],
) -> String {
    let mut text = format!(
        "usage: docker-dsl {subcommand} {} [--flag=value ...] [options]\n",
        recipe.unwrap_or("RECIPE")
    );
    match flags {
        None => text.push_str("\nRECIPE is a .py file or an importable module; `docker-dsl {subcommand} RECIPE --help` lists its flags.\n".replace("{subcommand}", subcommand).as_str()),
        Some([]) => text.push_str("\nThis recipe takes no flags.\n"),
        Some(flags) => {
            text.push_str("\nflags:\n");
            let rows: Vec<(String, String)> = flags.iter().map(flag_row).collect();
            let width = rows.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
            for (flag, detail) in rows {
                text.push_str(&format!("  {flag:<width$}  {detail}\n"));
            }
        }
    }
    text.push('\n');
    text.push_str(&options_help(options));
    text
}

/// One `--help` line of a recipe flag: its name, then what it takes.
fn flag_row(spec: &FlagSpec) -> (String, String) {
    let mut detail = spec.kind.accepts();
    match &spec.default {
        Some(default) => detail.push_str(&format!("; default: {default}")),
        None => detail.push_str("; required"),
    }
    if let Some(help) = &spec.help {
        detail = format!("{help} ({detail})");
    }
    (format!("--{}", spec.name), detail)
}

#[cfg(test)]
mod tests {
    #[test]
    fn render_options_are_reserved_flag_names() {
        crate::recipe_args::assert_reserved(&super::OPTIONS);
    }
}
