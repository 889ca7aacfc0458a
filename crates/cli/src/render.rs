//! `docker-dsl render RECIPE [--flag=value ...] [--out PATH] [--syntax V]`.

use std::io::Write as _;
use std::path::Path;

use dockerfile::Document;
use dsl::FlagSpec;

use crate::output::write_atomically;
use crate::recipe_args::{header, split, OptionSpec, RecipeInvocation, SplitArgs, HEADER_OPTIONS};
use crate::recipe_runner::{Header, RecipeRunner};
use crate::render_check;

/// The options of `render` itself (`--out PATH`, `--min-syntax`) beside
/// `--syntax`, `--frontend` and `--help`; everything else is the recipe's.
const OPTIONS: [OptionSpec; 3] = [
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
    OptionSpec {
        names: &["--check"],
        takes_value: false,
        usage: "--check",
        help:
            "with --out PATH: write nothing, exit 1 with a diff when PATH differs from the render",
    },
];

pub(crate) fn run(mut args: RecipeInvocation, runner: &dyn RecipeRunner) -> i32 {
    let split = match prepare("", &mut args, &OPTIONS, runner) {
        Ok(split) => split,
        Err(code) => return code,
    };
    if split.has("--check") && !split.has("--out") {
        return fail("--check compares with a file: add --out PATH (the committed Dockerfile)");
    }
    let document = match render_document(&args.recipe, &split, &header(&split), runner) {
        Ok(document) => document,
        Err(code) => return code,
    };
    let text = if split.has("--min-syntax") {
        match document.min_syntax() {
            Some(need) => format!("{} ({})\n", need.version, need.feature),
            None => "1.0 (no versioned features)\n".to_owned(),
        }
    } else {
        document.print()
    };
    match split.value("--out") {
        Some(path) if split.has("--check") => {
            render_check::check(Path::new(&path), &text, &args.recipe)
        }
        Some(path) => match write_atomically(Path::new(&path), text.as_bytes()) {
            Ok(()) => 0,
            Err(e) => fail(&format!("cannot write {path}: {e}")),
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => 0,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => fail(&format!("cannot write the Dockerfile: {e}")),
            }
        }
    }
}

/// Runs the recipe with the flags in `split`; on failure prints the error and
/// returns the exit code.
pub(crate) fn render_document(
    recipe: &str,
    split: &SplitArgs,
    header: &Header,
    runner: &dyn RecipeRunner,
) -> Result<Document, i32> {
    let flags = dsl::FlagSet::parse_args(&split.flags).map_err(|e| fail(&e.to_string()))?;
    runner
        .render(recipe, flags, header)
        .map_err(|failure| fail(&failure.message))
}

/// Sorts the words around the recipe into `options` (plus the header
/// options) and recipe flags, moving options written before the recipe
/// behind it; `Err` carries the exit code when `--help` was answered or the
/// words are wrong.
pub(crate) fn prepare(
    subcommand: &str,
    args: &mut RecipeInvocation,
    options: &[OptionSpec],
    runner: &dyn RecipeRunner,
) -> Result<SplitArgs, i32> {
    let specs: Vec<OptionSpec> = options
        .iter()
        .chain(HEADER_OPTIONS.iter())
        .copied()
        .collect();
    args.hoist_leading_options(&specs)
        .map_err(|message| fail(&message))?;
    let split = split(args.rest.clone(), &specs).map_err(|message| fail(&message))?;
    if split.has("--help") {
        return Err(print_help(subcommand, &args.recipe, &specs, runner));
    }
    Ok(split)
}

/// Prints the recipe's flags and the subcommand's `options` (`--help`).
fn print_help(
    subcommand: &str,
    recipe: &str,
    options: &[OptionSpec],
    runner: &dyn RecipeRunner,
) -> i32 {
    match runner.describe(recipe) {
        Ok(flags) => {
            print!("{}", help_text(subcommand, recipe, &flags, options));
            0
        }
        Err(failure) => fail(&failure.message),
    }
}

/// Prints one error line and returns the bad-input exit code.
pub(crate) fn fail(message: &str) -> i32 {
    eprintln!("docker-dsl: error: {message}");
    2
}

/// The recipe's `--help`: usage, then one line per flag.
fn help_text(subcommand: &str, recipe: &str, flags: &[FlagSpec], options: &[OptionSpec]) -> String {
    let mut text = format!("usage: docker-dsl {subcommand}{recipe} [--flag=value ...] [options]\n");
    let flag_rows: Vec<(String, String)> = flags
        .iter()
        .map(|spec| {
            let mut detail = spec.kind.accepts();
            match &spec.default {
                Some(default) => detail.push_str(&format!("; default: {default}")),
                None => detail.push_str("; required"),
            }
            if let Some(help) = &spec.help {
                detail = format!("{help} ({detail})");
            }
            (format!("--{}", spec.name), detail)
        })
        .collect();
    let option_rows: Vec<(String, String)> = options
        .iter()
        .map(|o| (o.usage.to_owned(), o.help.to_owned()))
        .collect();
    let width = flag_rows
        .iter()
        .chain(&option_rows)
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(0);
    if flag_rows.is_empty() {
        text.push_str("\nThis recipe takes no flags.\n");
    } else {
        text.push_str("\nflags:\n");
        for (flag, detail) in flag_rows {
            text.push_str(&format!("  {flag:<width$}  {detail}\n"));
        }
    }
    text.push_str("\noptions:\n");
    for (usage, help) in option_rows {
        text.push_str(&format!("  {usage:<width$}  {help}\n"));
    }
    text
}
