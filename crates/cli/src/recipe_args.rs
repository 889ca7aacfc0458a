//! The words after a recipe: our own options, the recipe's `--name=value`
//! flags (only known once it runs), and, after `--`, words passed through.

use dsl::RenderSettings;

use crate::error::CliError;

/// A subcommand that runs a recipe: the recipe, then its flags mixed with
/// the subcommand's options (see its `--help`), then `--` and pass-through
/// words.
#[derive(Debug, clap::Args)]
#[command(disable_help_flag = true)]
pub(crate) struct RecipeInvocation {
    /// The recipe (a `.py` file, or a module name importable from here),
    /// then its flags (`--name=value`) and the subcommand's options.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "RECIPE [--flag=value ...] [OPTIONS]"
    )]
    pub words: Vec<String>,
}

impl RecipeInvocation {
    /// The recipe and the other words. Options of `specs` may stand before
    /// the recipe (`render --check --out Dockerfile app.py` reads as `render
    /// app.py --check --out Dockerfile`); the recipe is the first word after
    /// them, unless it is an option itself (`--help` alone).
    pub fn recipe_and_rest(&self, specs: &[OptionSpec]) -> (Option<&str>, Vec<String>) {
        let mut at = 0;
        while let Some(spec) = self.words.get(at).and_then(|word| {
            let name = word.split_once('=').map_or(word.as_str(), |(name, _)| name);
            specs.iter().find(|spec| spec.names.contains(&name))
        }) {
            let needs_value = spec.takes_value && !self.words[at].contains('=');
            at += 1 + usize::from(needs_value);
        }
        match self.words.get(at).filter(|w| !w.starts_with('-')) {
            Some(recipe) => {
                let rest = self.words[..at]
                    .iter()
                    .chain(&self.words[at + 1..])
                    .cloned()
                    .collect();
                (Some(recipe.as_str()), rest)
            }
            None => (None, self.words.clone()),
        }
    }
}

/// One option a subcommand takes among the recipe's flags.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OptionSpec {
    /// Its spellings, e.g. `["-t", "--tag"]`.
    pub names: &'static [&'static str],
    /// Whether it takes a value (`--out PATH` or `--out=PATH`).
    pub takes_value: bool,
    /// How `--help` shows it, e.g. `--out PATH`.
    pub usage: &'static str,
    /// What it does, for `--help`.
    pub help: &'static str,
}

/// The words after a recipe, sorted out.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct SplitArgs {
    /// Our options in order, by their first spelling, with their values.
    pub options: Vec<(&'static str, Option<String>)>,
    /// The recipe's flags, as given.
    pub flags: Vec<String>,
    /// Everything after `--`.
    pub passthrough: Vec<String>,
}

impl SplitArgs {
    /// Every value of the option first spelled `name`.
    pub fn values(&self, name: &str) -> Vec<String> {
        self.options
            .iter()
            .filter(|(n, _)| *n == name)
            .filter_map(|(_, v)| v.clone())
            .collect()
    }

    /// The last value of the option first spelled `name`.
    pub fn value(&self, name: &str) -> Option<String> {
        self.values(name).pop()
    }

    /// The value of an option that may be given once (`Err` says it was
    /// given more often).
    pub fn single(&self, name: &str) -> Result<Option<String>, String> {
        let mut values = self.values(name);
        if values.len() > 1 {
            return Err(format!(
                "{name} is given {} times; give it once",
                values.len()
            ));
        }
        Ok(values.pop())
    }

    /// Whether the option first spelled `name` was given.
    pub fn has(&self, name: &str) -> bool {
        self.options.iter().any(|(n, _)| *n == name)
    }
}

/// Sorts `words` into `specs` options, recipe flags and pass-through words.
pub(crate) fn split(words: Vec<String>, specs: &[OptionSpec]) -> Result<SplitArgs, String> {
    let mut split = SplitArgs::default();
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        if word == "--" {
            split.passthrough.extend(words.by_ref());
            break;
        }
        let (name, inline) = match word.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (word.as_str(), None),
        };
        let Some(spec) = specs.iter().find(|s| s.names.contains(&name)) else {
            split.flags.push(word);
            continue;
        };
        let value = if spec.takes_value {
            Some(
                inline
                    .or_else(|| words.next())
                    .ok_or_else(|| format!("{name} needs a value, e.g. {}", spec.usage))?,
            )
        } else if inline.is_some() {
            return Err(format!("{name} takes no value; write {name} alone"));
        } else {
            None
        };
        split.options.push((spec.names[0], value));
    }
    Ok(split)
}

/// `--syntax` values: `none`, a bare version (`1.7` → `docker/dockerfile:1.7`),
/// or a full frontend reference.
pub(crate) fn syntax_header(value: &str) -> Result<Option<String>, CliError> {
    match value {
        "none" | "" => Ok(None),
        v if v.starts_with(|c: char| c.is_ascii_digit()) => {
            RenderSettings::parse_frontend("--syntax", v)?;
            Ok(Some(format!("docker/dockerfile:{v}")))
        }
        v => Ok(Some(v.to_owned())),
    }
}

/// The options every recipe-running subcommand takes.
pub(crate) const HEADER_OPTIONS: [OptionSpec; 4] = [
    OptionSpec {
        names: &["--syntax"],
        takes_value: true,
        usage: "--syntax V",
        help: "header frontend: a version (1.7), an image or digest, or none",
    },
    OptionSpec { names: &["--no-syntax"], takes_value: false, usage: "--no-syntax", help: "same as --syntax none" },
    OptionSpec {
        names: &["--frontend"],
        takes_value: true,
        usage: "--frontend V",
        help: "with --syntax none: the built-in frontend version to check against (1.2 for Docker 20.10); build: auto (the default) asks the engine",
    },
    OptionSpec { names: &["--help", "-h"], takes_value: false, usage: "--help", help: "list the recipe's flags and these options" },
];

/// The header `--syntax`/`--no-syntax`/`--frontend` ask for (default:
/// [`dockerfile::DEFAULT_SYNTAX`]). `--frontend` only means something for
/// a file without a `# syntax=` line, so it needs `--syntax none`.
pub(crate) fn header(split: &SplitArgs) -> Result<crate::recipe_runner::Header, CliError> {
    let syntax = if split.has("--no-syntax") {
        None
    } else {
        match split.value("--syntax") {
            Some(v) => syntax_header(&v)?,
            None => Some(dockerfile::DEFAULT_SYNTAX.to_owned()),
        }
    };
    let frontend = split.value("--frontend");
    if let Some(version) = &frontend {
        RenderSettings::parse_frontend("--frontend", version)?;
        if syntax.is_some() {
            return Err(CliError::usage(format!(
                "--frontend {version} applies to a file without a `# syntax=` line, whose engine uses its built-in frontend; add --syntax none (or drop --frontend)"
            )));
        }
    }
    Ok(crate::recipe_runner::Header { syntax, frontend })
}

/// The options as `--help` lists them, one per line after a heading.
pub(crate) fn options_help(options: &[OptionSpec]) -> String {
    let width = options.iter().map(|o| o.usage.len()).max().unwrap_or(0);
    let mut text = String::from("Options:\n");
    for option in options {
        text.push_str(&format!("  {:<width$}  {}\n", option.usage, option.help));
    }
    text
}

/// Fails unless every name in `specs` is one a recipe flag may not take
/// (`dsl::RESERVED_FLAG_NAMES`), so a recipe flag is never shadowed.
#[cfg(test)]
pub(crate) fn assert_reserved(specs: &[OptionSpec]) {
    for name in specs.iter().flat_map(|spec| spec.names) {
        let flag = name.trim_start_matches('-').replace('-', "_");
        assert!(
            dsl::RESERVED_FLAG_NAMES.contains(&flag.as_str()),
            "{name} is an option but recipe flags may take the name"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_options_are_reserved_flag_names() {
        assert_reserved(&HEADER_OPTIONS);
    }

    const SPECS: [OptionSpec; 2] = [
        OptionSpec {
            names: &["--out", "-o"],
            takes_value: true,
            usage: "",
            help: "",
        },
        OptionSpec {
            names: &["--min-syntax"],
            takes_value: false,
            usage: "",
            help: "",
        },
    ];

    #[test]
    fn options_flags_and_passthrough_are_told_apart() {
        let words = [
            "--private=true",
            "-o",
            "Dockerfile",
            "--min-syntax",
            "--n",
            "3",
            "--",
            "--out",
            "x",
        ];
        let split = split(words.map(String::from).to_vec(), &SPECS).expect("valid");
        assert_eq!(split.value("--out").as_deref(), Some("Dockerfile"));
        assert!(split.has("--min-syntax"));
        assert_eq!(split.flags, ["--private=true", "--n", "3"]);
        assert_eq!(split.passthrough, ["--out", "x"]);
        assert!(super::split(vec!["--out".into()], &SPECS).is_err());
        let twice = super::split(["-o", "a", "--out=b"].map(String::from).to_vec(), &SPECS)
            .expect("valid words");
        assert_eq!(
            twice.single("--out"),
            Err("--out is given 2 times; give it once".to_owned())
        );
    }

    #[test]
    fn options_before_the_recipe_move_behind_it() {
        let words = |w: &[&str]| RecipeInvocation {
            words: w.iter().map(|w| (*w).to_owned()).collect(),
        };
        let args = words(&[
            "--min-syntax",
            "-o",
            "Dockerfile",
            "app.py",
            "--private=true",
        ]);
        let (recipe, rest) = args.recipe_and_rest(&SPECS);
        assert_eq!(recipe, Some("app.py"));
        assert_eq!(rest, ["--min-syntax", "-o", "Dockerfile", "--private=true"]);
        let alone = words(&["--out=x"]);
        assert_eq!(
            alone.recipe_and_rest(&SPECS),
            (None, vec!["--out=x".to_owned()])
        );
    }

    #[test]
    fn syntax_values() {
        let header = |v: &str| syntax_header(v).map_err(|e| e.to_string());
        assert_eq!(header("1.7"), Ok(Some("docker/dockerfile:1.7".to_owned())));
        assert_eq!(header("none"), Ok(None));
        assert_eq!(
            header("docker/dockerfile@sha256:ab"),
            Ok(Some("docker/dockerfile@sha256:ab".to_owned()))
        );
        assert!(header("0.9").is_err());
        assert!(header("9.9").is_err());
    }
}
