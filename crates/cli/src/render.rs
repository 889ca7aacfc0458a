//! `docker-dsl render RECIPE [--flag=value ...] [--out PATH] [--syntax V]`.

use std::io::Write as _;
use std::path::Path;

use clap::Args;
use dockerfile::Document;
use dsl::FlagSpec;

use crate::output::write_atomically;
use crate::recipe_args::{header, split, OptionSpec, SplitArgs, HEADER_OPTIONS};
use crate::recipe_runner::{Header, RecipeRunner};

/// Arguments of `render`. The recipe's own flags are only known once it runs,
/// so everything after the recipe is read here.
#[derive(Debug, Args)]
#[command(disable_help_flag = true)]
pub(crate) struct RenderArgs {
    /// The recipe: a `.py` file, or a module name importable from here.
    recipe: String,
    /// The recipe's flags (`--name=value`), and `--out PATH`, `--syntax V`
    /// (`1.7`, an image, a digest, or `none`), `--frontend V`, `--min-syntax`,
    /// `--help`.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// The options of `render` itself; everything else is the recipe's.
const OPTIONS: [OptionSpec; 2] = [
    OptionSpec {
        names: &["--out", "-o"],
        takes_value: true,
    },
    OptionSpec {
        names: &["--min-syntax"],
        takes_value: false,
    },
];

pub(crate) fn run(args: RenderArgs, runner: &dyn RecipeRunner) -> i32 {
    let specs: Vec<OptionSpec> = OPTIONS
        .iter()
        .chain(HEADER_OPTIONS.iter())
        .copied()
        .collect();
    let split = match split(args.rest, &specs) {
        Ok(split) => split,
        Err(message) => return fail(&message),
    };
    if split.has("--help") {
        return print_help(&args.recipe, runner);
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

/// Prints the recipe's flags (`--help`).
pub(crate) fn print_help(recipe: &str, runner: &dyn RecipeRunner) -> i32 {
    match runner.describe(recipe) {
        Ok(specs) => {
            print!("{}", help_text(recipe, &specs));
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
fn help_text(recipe: &str, specs: &[FlagSpec]) -> String {
    let mut text =
        format!("usage: docker-dsl {recipe} [--flag=value ...] [--out PATH] [--syntax V]\n");
    if specs.is_empty() {
        text.push_str("\nThis recipe takes no flags.\n");
        return text;
    }
    text.push_str("\nflags:\n");
    let rows: Vec<(String, String)> = specs
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
    let width = rows.iter().map(|(flag, _)| flag.len()).max().unwrap_or(0);
    for (flag, detail) in rows {
        text.push_str(&format!("  {flag:<width$}  {detail}\n"));
    }
    text.push_str(
        "\noptions:\n  --out PATH    write the Dockerfile to PATH (atomically) instead of stdout\n",
    );
    text.push_str(
        "  --syntax V    header frontend: a version (1.7), an image or digest, or none\n",
    );
    text.push_str("  --frontend V  with --syntax none: the engine's built-in frontend version to check against (1.2 for Docker 20.10)\n");
    text.push_str("  --min-syntax  print the lowest docker/dockerfile version the rendered file needs, instead of the file\n");
    text
}
