//! `docker-dsl render RECIPE [--flag=value ...] [--out PATH] [--syntax V]`.

use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;
use dsl::FlagSpec;

use crate::output::write_atomically;
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

/// The options of `render` itself, split from the recipe's flags.
#[derive(Debug, Default, PartialEq)]
struct RenderOptions {
    out: Option<PathBuf>,
    syntax: Option<Option<String>>,
    frontend: Option<String>,
    min_syntax: bool,
    help: bool,
    flags: Vec<String>,
}

/// Takes `--out`, `--syntax` and `--help` out of `rest`; the rest are the
/// recipe's.
fn split_options(rest: Vec<String>) -> Result<RenderOptions, String> {
    let mut options = RenderOptions::default();
    let mut words = rest.into_iter();
    while let Some(word) = words.next() {
        let (name, inline) = match word.split_once('=') {
            Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
            None => (word.clone(), None),
        };
        let mut value = |what: &str| inline.clone().or_else(|| words.next()).ok_or_else(|| format!("{what} needs a value"));
        match name.as_str() {
            "--out" | "-o" => options.out = Some(PathBuf::from(value("--out")?)),
            "--syntax" => options.syntax = Some(syntax_header(&value("--syntax")?)),
            "--no-syntax" => options.syntax = Some(None),
            "--frontend" => options.frontend = Some(value("--frontend")?),
            "--min-syntax" => options.min_syntax = true,
            "--help" | "-h" => options.help = true,
            _ => options.flags.push(word),
        }
    }
    Ok(options)
}

/// `--syntax` values: `none`, a bare version (`1.7` → `docker/dockerfile:1.7`),
/// or a full frontend reference.
fn syntax_header(value: &str) -> Option<String> {
    match value {
        "none" | "" => None,
        v if v.starts_with(|c: char| c.is_ascii_digit()) => Some(format!("docker/dockerfile:{v}")),
        v => Some(v.to_owned()),
    }
}

pub(crate) fn run(args: RenderArgs, runner: &dyn RecipeRunner) -> i32 {
    let options = match split_options(args.rest) {
        Ok(options) => options,
        Err(message) => return fail(&message),
    };
    if options.help {
        return match runner.describe(&args.recipe) {
            Ok(specs) => {
                print!("{}", help_text(&args.recipe, &specs));
                0
            }
            Err(failure) => fail(&failure.message),
        };
    }
    let flags = match dsl::FlagSet::parse_args(&options.flags) {
        Ok(flags) => flags,
        Err(e) => return fail(&e.to_string()),
    };
    let header = Header {
        syntax: options.syntax.unwrap_or_else(|| Some("docker/dockerfile:1".to_owned())),
        frontend: options.frontend,
    };
    let document = match runner.render(&args.recipe, flags, &header) {
        Ok(document) => document,
        Err(failure) => return fail(&failure.message),
    };
    let text = if options.min_syntax {
        match document.min_syntax() {
            Some(need) => format!("{} ({})\n", need.version, need.feature),
            None => "1.0 (no versioned features)\n".to_owned(),
        }
    } else {
        document.print()
    };
    match options.out {
        Some(path) => match write_atomically(&path, text.as_bytes()) {
            Ok(()) => 0,
            Err(e) => fail(&format!("cannot write {}: {e}", path.display())),
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
                Ok(()) => 0,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => fail(&format!("cannot write the Dockerfile: {e}")),
            }
        }
    }
}

/// Prints one error line and returns the bad-input exit code.
pub(crate) fn fail(message: &str) -> i32 {
    eprintln!("docker-dsl: error: {message}");
    2
}

/// The recipe's `--help`: usage, then one line per flag.
fn help_text(recipe: &str, specs: &[FlagSpec]) -> String {
    let mut text = format!("usage: docker-dsl {recipe} [--flag=value ...] [--out PATH] [--syntax V]\n");
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
    text.push_str("\noptions:\n  --out PATH    write the Dockerfile to PATH (atomically) instead of stdout\n");
    text.push_str("  --syntax V    header frontend: a version (1.7), an image or digest, or none\n");
    text.push_str("  --frontend V  with --syntax none: the engine's built-in frontend version to check against (1.2 for Docker 20.10)\n");
    text.push_str("  --min-syntax  print the lowest docker/dockerfile version the rendered file needs, instead of the file\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_options_are_split_from_recipe_flags() {
        let rest = ["--private=true", "--out", "Dockerfile", "--syntax=1.7", "--n", "3"].map(String::from).to_vec();
        let options = split_options(rest).expect("valid");
        assert_eq!(options.out, Some(PathBuf::from("Dockerfile")));
        assert_eq!(options.syntax, Some(Some("docker/dockerfile:1.7".to_owned())));
        assert_eq!(options.flags, ["--private=true", "--n", "3"]);
        assert_eq!(split_options(vec!["--syntax=none".into()]).expect("valid").syntax, Some(None));
        assert!(split_options(vec!["--out".into()]).is_err());
    }
}
