//! `docker-dsl render RECIPE [--flag=value ...] [--out PATH] [--syntax V]`.

use std::io::Write as _;
use std::path::Path;

use dockerfile::Document;
use dsl::FlagSpec;

use crate::error::CliError;
use crate::output::write_atomically;
use crate::recipe_args::{
    header, options_help, split, OptionSpec, RecipeInvocation, SplitArgs, HEADER_OPTIONS,
};
use crate::recipe_runner::{Header, RecipeRunner};

/// The options of `render` itself (`--out PATH`, `--min-syntax`) beside
/// `--syntax`, `--frontend` and `--help`; everything else is the recipe's.
pub(crate) const OPTIONS: [OptionSpec; 2] = [
    OptionSpec {
        names: &["--out", "-o"],
        takes_value: true,
        usage: "--out PATH",
        help: "write the Dockerfile to PATH (atomically) instead of stdout",
    },
    OptionSpec {
        names: &["--min-syntax"],
        takes_value: false,
        usage: "--min-syntax",
        help: "print the lowest docker/dockerfile version the file needs, instead of the file",
    },
];

pub(crate) fn run(args: RecipeInvocation, runner: &dyn RecipeRunner) -> Result<(), CliError> {
    let Some((recipe, split)) = prepare("render", &args, &OPTIONS, runner)? else {
        return Ok(());
    };
    let document = render_document(recipe, &split, &header(&split)?, runner)?;
    let text = if split.has("--min-syntax") {
        match document.min_syntax() {
            Some(need) => format!("{} ({})\n", need.version, need.feature),
            None => "1.0 (no versioned features)\n".to_owned(),
        }
    } else {
        document.print()
    };
    match split.value("--out") {
        Some(path) => write_atomically(Path::new(&path), text.as_bytes())
            .map_err(|source| CliError::Write { path, source }),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Write {
                    path: "the Dockerfile".to_owned(),
                    source: e,
                }),
                _ => Ok(()),
            }
        }
    }
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
    let split = split(args.rest().to_vec(), &specs).map_err(CliError::usage)?;
    let recipe = args.recipe();
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
