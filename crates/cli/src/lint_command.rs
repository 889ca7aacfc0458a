//! `docker-dsl lint PATH... [--flag=value ...] [--select ...] [--ignore ...]
//! [--fail-on SEVERITY] [--format human|json|sarif|github] [--lock-file PATH]`.
//!
//! Exit status: 0 clean, 1 findings at or above `--fail-on` (default
//! `warning`), 2 bad input (a missing path, a file that does not parse, a
//! recipe that fails). A bad file is reported on stderr as one line and the
//! other files are still linted.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use dockerfile::{Document, SourceMap, SyntaxVersion};
use rayon::prelude::*;

use crate::error::CliError;
use crate::lint_input::{collect, Input};
use crate::lint_report::{render, Diagnostic, Format, RenderedLine};
use crate::recipe_args::{header, split, OptionSpec, SplitArgs, HEADER_OPTIONS};
use crate::recipe_runner::RecipeRunner;

/// The words after `lint`: paths, options and recipe flags.
#[derive(Debug, clap::Args)]
#[command(disable_help_flag = true)]
pub(crate) struct LintInvocation {
    /// Dockerfiles, recipes (`.py`), directories; options; `--flag=value` for recipes.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub words: Vec<String>,
}

/// The options of `lint` beside `--syntax`, `--frontend` and `--help`.
const OPTIONS: [OptionSpec; 5] = [
    OptionSpec {
        names: &["--select"],
        takes_value: true,
        usage: "--select LIST",
        help: "run only these codes, rule names or categories (comma-separated, repeatable)",
    },
    OptionSpec {
        names: &["--ignore"],
        takes_value: true,
        usage: "--ignore LIST",
        help: "skip these codes, rule names or categories",
    },
    OptionSpec {
        names: &["--fail-on"],
        takes_value: true,
        usage: "--fail-on LEVEL",
        help: "exit 1 on findings at or above info, warning (default) or error",
    },
    OptionSpec {
        names: &["--format"],
        takes_value: true,
        usage: "--format F",
        help: "human (default), json, sarif or github",
    },
    OptionSpec {
        names: &["--lock-file"],
        takes_value: true,
        usage: "--lock-file PATH",
        help: "the platforms of locked images, for InvalidBaseImagePlatform (default: ./docker-dsl.lock when present)",
    },
];

/// What the options ask for, checked.
struct Config {
    options: lint::Options,
    fail_on: lint::Severity,
    format: Format,
}

fn config(split: &SplitArgs) -> Result<Config, String> {
    let list = |name: &str| -> Vec<String> {
        split
            .values(name)
            .iter()
            .flat_map(|v| v.split(','))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let selection =
        lint::Selection::new(&list("--select"), &list("--ignore")).map_err(|e| e.to_string())?;
    let fail_on = match split.value("--fail-on") {
        None => lint::Severity::Warning,
        Some(v) => lint::Severity::parse(&v)
            .ok_or_else(|| format!("--fail-on {v}: use info, warning or error"))?,
    };
    let format = match split.value("--format") {
        None => Format::Human,
        Some(v) => Format::parse(&v)
            .ok_or_else(|| format!("--format {v}: use human, json, sarif or github"))?,
    };
    let frontend = match split.value("--frontend") {
        None => None,
        Some(v) => Some(
            SyntaxVersion::from_reference(&v)
                .ok_or_else(|| format!("--frontend {v}: give a version such as 1.2"))?,
        ),
    };
    Ok(Config {
        options: lint::Options {
            selection,
            frontend,
            dockerignore: None,
            base_platforms: base_platforms(split.value("--lock-file"))?,
        },
        fail_on,
        format,
    })
}

/// The single-platform images of the lock file `path` (by default
/// `docker-dsl.lock` in the working directory, when there is one), by
/// reference, with their platform.
fn base_platforms(path: Option<String>) -> Result<BTreeMap<String, String>, String> {
    let path = match path {
        Some(path) => PathBuf::from(path),
        None => {
            let default = PathBuf::from(lock::DEFAULT_LOCK_FILE);
            if !default.is_file() {
                return Ok(BTreeMap::new());
            }
            default
        }
    };
    let lock = lock::LockFile::read(&path).map_err(|e| e.to_string())?;
    Ok(lock
        .images
        .iter()
        .filter_map(|(reference, image)| {
            image
                .single_platform()
                .map(|platform| (reference.clone(), platform.to_owned()))
        })
        .collect())
}

pub(crate) fn run(args: LintInvocation, runner: &dyn RecipeRunner) -> Result<i32, CliError> {
    let specs: Vec<OptionSpec> = OPTIONS
        .iter()
        .chain(HEADER_OPTIONS.iter())
        .copied()
        .collect();
    let split = match split(args.words, &specs) {
        Ok(split) => split,
        Err(message) => return Err(CliError::usage(message)),
    };
    if split.has("--help") {
        print!("{}", help(&specs));
        return Ok(0);
    }
    let (flags, paths): (Vec<String>, Vec<String>) = split
        .flags
        .iter()
        .cloned()
        .partition(|w| w.starts_with('-'));
    if paths.is_empty() {
        return Err(CliError::usage(
            "lint needs a path: docker-dsl lint Dockerfile|RECIPE.py|DIR ... (see --help)",
        ));
    }
    let config = match config(&split) {
        Ok(config) => config,
        Err(message) => return Err(CliError::usage(message)),
    };
    let inputs = match collect(&paths) {
        Ok(inputs) => inputs,
        Err(message) => return Err(CliError::usage(message)),
    };
    let recipe_flags = match dsl::FlagSet::parse_args(&flags) {
        Ok(flags) => flags,
        Err(e) => return Err(CliError::usage(e.to_string())),
    };
    let mut diagnostics = Vec::new();
    let mut bad_input = false;
    let results = lint_inputs(&inputs, &config.options, |recipe| {
        lint_recipe(
            recipe,
            recipe_flags.clone(),
            &split,
            runner,
            &config.options,
        )
    });
    for found in results {
        match found {
            Ok(found) => diagnostics.extend(found),
            Err(message) => {
                // Reported here; the other inputs are still linted.
                CliError::usage(message).report();
                bad_input = true;
            }
        }
    }
    let text = render(config.format, &diagnostics, inputs.len());
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(CliError::usage(format!("cannot write the report: {e}")));
        }
    }
    Ok(if bad_input {
        2
    } else {
        i32::from(diagnostics.iter().any(|d| d.severity >= config.fail_on))
    })
}

fn help(specs: &[OptionSpec]) -> String {
    let mut text = String::from(
        "usage: docker-dsl lint PATH... [--flag=value ...] [options]\n\n\
         PATH: a Dockerfile, a recipe (.py, rendered with the --flag=value words), or a\n\
         directory (searched for Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile).\n\
         Exit status: 0 clean, 1 findings at or above --fail-on, 2 bad input.\n\noptions:\n",
    );
    let width = specs.iter().map(|s| s.usage.len()).max().unwrap_or(0);
    for spec in specs {
        text.push_str(&format!("  {:<width$}  {}\n", spec.usage, spec.help));
    }
    text
}

/// The findings of each input, in input order: several Dockerfiles are
/// linted in parallel on all cores, the recipes one after another by
/// `lint_recipe` (they run in the one interpreter).
fn lint_inputs(
    inputs: &[Input],
    options: &lint::Options,
    mut lint_recipe: impl FnMut(&str) -> Result<Vec<Diagnostic>, String>,
) -> Vec<Result<Vec<Diagnostic>, String>> {
    let lint_one = |input: &Input| match input {
        Input::Dockerfile(path) => Some(lint_dockerfile(path, options)),
        Input::Recipe(_) => None,
    };
    // One input stays on this thread: handing it to the pool costs more than it saves.
    let dockerfiles: Vec<Option<Result<Vec<Diagnostic>, String>>> = if inputs.len() > 1 {
        inputs.par_iter().map(lint_one).collect()
    } else {
        inputs.iter().map(lint_one).collect()
    };
    inputs
        .iter()
        .zip(dockerfiles)
        .map(|(input, found)| match (input, found) {
            (_, Some(found)) => found,
            (Input::Recipe(recipe), None) => lint_recipe(recipe),
            (Input::Dockerfile(path), None) => lint_dockerfile(path, options),
        })
        .collect()
}

/// Findings in a Dockerfile on disk, with the `.dockerignore` a build of it
/// would read.
fn lint_dockerfile(path: &Path, options: &lint::Options) -> Result<Vec<Diagnostic>, String> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let options = lint::Options {
        dockerignore: dockerignore_of(path),
        ..options.clone()
    };
    lint_text(&shown, &text, &options)
}

/// The `.dockerignore` BuildKit reads for the Dockerfile at `path` when its
/// directory is the context: `<name>.dockerignore` beside it, else
/// `.dockerignore`.
fn dockerignore_of(path: &Path) -> Option<String> {
    let own = path.file_name().map(|name| {
        let mut name = name.to_os_string();
        name.push(".dockerignore");
        path.with_file_name(name)
    });
    let shared = path.with_file_name(".dockerignore");
    own.into_iter()
        .chain([shared])
        .find_map(|candidate| std::fs::read_to_string(candidate).ok())
}

/// Findings in Dockerfile `text`, reported under the name `shown`.
fn lint_text(shown: &str, text: &str, options: &lint::Options) -> Result<Vec<Diagnostic>, String> {
    let (document, map) = parse_dockerfile(shown, text)?;
    let lines: Vec<&str> = text.lines().collect();
    let findings = lint::check_text(&document, &map, text, options).map_err(|e| {
        let line = directive_line(&document, &map);
        format!("{shown}:{line}: {e}")
    })?;
    Ok(findings
        .into_iter()
        .map(|finding| {
            let line = finding.line.unwrap_or(1);
            diagnostic(
                &finding,
                shown.to_owned(),
                line,
                finding.column.unwrap_or(1),
                lines.get(line - 1),
                None,
            )
        })
        .collect())
}

/// The line of the document's `# check=` directive (1 when it has none).
fn directive_line(document: &Document, map: &SourceMap) -> usize {
    document
        .directives
        .iter()
        .position(|d| matches!(d, dockerfile::Directive::Check(_)))
        .and_then(|i| map.get(dockerfile::InstructionId::Directive(i)))
        .map_or(1, |span| span.start_line)
}

/// The document and source map of Dockerfile `text`, or an error naming `path:line`.
fn parse_dockerfile(path: &str, text: &str) -> Result<(Document, SourceMap), String> {
    dockerfile::parse(text)
        .map(|parsed| (parsed.document, parsed.source_map))
        .map_err(|e| {
            let message = e.to_string();
            let prefix = format!("line {}: ", e.line());
            let reason = message.strip_prefix(&prefix).unwrap_or(&message);
            format!("{path}:{}: {reason}", e.line())
        })
}

/// What a library caller lints.
#[derive(Debug, Clone, Copy)]
pub enum LintSource<'a> {
    /// Dockerfiles, recipes (`.py`) and directories; the Dockerfiles are
    /// linted in parallel.
    Paths(&'a [String]),
    /// Dockerfile text.
    Text(&'a str),
}

/// The findings in `source` with the rules `select`ed and not `ignore`d
/// (codes, names or categories; all when `select` is empty), with the
/// platforms `lock_file` records (as `lint --lock-file`); an error message
/// for bad input.
pub fn lint_source(
    source: LintSource<'_>,
    select: &[String],
    ignore: &[String],
    lock_file: Option<String>,
    runner: &dyn RecipeRunner,
) -> Result<Vec<Diagnostic>, String> {
    let options = lint::Options {
        selection: lint::Selection::new(select, ignore).map_err(|e| e.to_string())?,
        base_platforms: base_platforms(lock_file)?,
        ..lint::Options::default()
    };
    match source {
        LintSource::Text(text) => lint_text("<text>", text, &options),
        LintSource::Paths(paths) => {
            let inputs = collect(paths)?;
            let found = lint_inputs(&inputs, &options, |recipe| {
                lint_recipe(recipe, Vec::new(), &SplitArgs::default(), runner, &options)
            });
            let mut out = Vec::new();
            for found in found {
                out.extend(found?);
            }
            Ok(out)
        }
    }
}

/// Findings in what a recipe renders, pointed at the recipe's lines.
fn lint_recipe(
    recipe: &str,
    flags: Vec<(String, Option<String>)>,
    split: &SplitArgs,
    runner: &dyn RecipeRunner,
    options: &lint::Options,
) -> Result<Vec<Diagnostic>, String> {
    let rendered = runner
        .render_located(recipe, flags, &header(split).map_err(|e| e.to_string())?)
        .map_err(|failure| failure.to_string())?;
    let (text, map) = rendered.document.print_mapped();
    let rendered_lines: Vec<&str> = text.lines().collect();
    let mut sources: Vec<(String, Option<String>)> = Vec::new();
    let mut out = Vec::new();
    let findings =
        lint::check(&rendered.document, options).map_err(|e| format!("{recipe}: {e}"))?;
    for mut finding in findings {
        finding.locate(&map, &text);
        let rendered_line = finding.line.unwrap_or(1);
        let rendered_at = RenderedLine {
            line: rendered_line,
            column: finding.column.unwrap_or(1),
            text: rendered_lines
                .get(rendered_line - 1)
                .copied()
                .unwrap_or_default()
                .to_owned(),
        };
        let at = rendered
            .locations
            .iter()
            .find(|(id, _)| *id == finding.instruction)
            .map(|(_, at)| at);
        let (path, line) = match at {
            Some(at) => (at.file.to_string(), (at.line as usize).max(1)),
            None => (recipe.to_owned(), 1),
        };
        if !sources.iter().any(|(p, _)| *p == path) {
            sources.push((path.clone(), std::fs::read_to_string(&path).ok()));
        }
        let source = sources
            .iter()
            .find(|(p, _)| *p == path)
            .and_then(|(_, t)| t.as_deref());
        if source
            .is_some_and(|s| lint::is_suppressed(s, line, line, finding.code(), finding.rule.name))
        {
            continue;
        }
        let source_line = source.and_then(|s| s.lines().nth(line - 1));
        let column = source_line.map_or(1, |l| l.len() - l.trim_start().len() + 1);
        out.push(diagnostic(
            &finding,
            path,
            line,
            column,
            source_line.as_ref(),
            Some(rendered_at),
        ));
    }
    Ok(out)
}

fn diagnostic(
    finding: &lint::Finding,
    path: String,
    line: usize,
    column: usize,
    source: Option<&&str>,
    rendered: Option<RenderedLine>,
) -> Diagnostic {
    Diagnostic {
        path,
        line,
        column,
        code: finding.code(),
        name: finding.rule.name,
        category: finding.category(),
        severity: finding.severity(),
        message: finding.message.clone(),
        source: source.map(|s| (*s).to_owned()),
        rendered,
    }
}

/// The secret errors in a document about to be built, as one message
/// (`None` when there are none); `docker-dsl build` refuses on them.
pub(crate) fn secret_errors(
    document: &Document,
    frontend: Option<SyntaxVersion>,
) -> Option<String> {
    let options = lint::Options {
        frontend,
        ..lint::Options::default()
    };
    let (text, map) = document.print_mapped();
    // A `# check=` directive BuildKit refuses fails the build itself; the
    // secret gate then has nothing to add.
    let errors: Vec<String> = lint::check_text(document, &map, &text, &options)
        .unwrap_or_default()
        .into_iter()
        .filter(|f| f.category() == lint::Category::Secret && f.severity() == lint::Severity::Error)
        .map(|f| {
            format!(
                "  rendered line {}: {} {}",
                f.line.unwrap_or(1),
                f.code(),
                f.message
            )
        })
        .collect();
    (!errors.is_empty()).then(|| {
        format!(
            "lint found secret errors; fix them, or build anyway with --no-lint:\n{}",
            errors.join("\n")
        )
    })
}
