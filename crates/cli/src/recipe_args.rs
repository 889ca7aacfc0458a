//! The words after a recipe: our own options, the recipe's `--name=value`
//! flags (only known once it runs), and, after `--`, words passed through.

/// A subcommand that runs a recipe: the recipe, then its flags mixed with
/// the subcommand's options (see its `--help`), then `--` and pass-through
/// words.
#[derive(Debug, clap::Args)]
#[command(disable_help_flag = true)]
pub(crate) struct RecipeInvocation {
    /// The recipe: a `.py` file, or a module name importable from here.
    /// Options may come first (`render --check RECIPE`, `build -t TAG
    /// RECIPE`): see
    /// [`RecipeInvocation::hoist_leading_options`].
    #[arg(value_hint = clap::ValueHint::FilePath, allow_hyphen_values = true)]
    pub recipe: String,
    /// The recipe's flags (`--name=value`) and the subcommand's options.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

impl RecipeInvocation {
    /// Moves the `specs` options written before the recipe behind it, so
    /// `render --check --out Dockerfile app.py` reads as `render app.py
    /// --check --out Dockerfile`; `Err` when no recipe follows them.
    pub fn hoist_leading_options(&mut self, specs: &[OptionSpec]) -> Result<(), String> {
        let mut words = std::iter::once(std::mem::take(&mut self.recipe))
            .chain(std::mem::take(&mut self.rest))
            .peekable();
        let mut leading = Vec::new();
        while let Some(spec) = words.peek().and_then(|word| {
            let name = word.split_once('=').map_or(word.as_str(), |(name, _)| name);
            specs.iter().find(|spec| spec.names.contains(&name))
        }) {
            let word = words.next().unwrap_or_default();
            let needs_value = spec.takes_value && !word.contains('=');
            leading.push(word);
            if needs_value {
                leading.extend(words.next());
            }
        }
        self.recipe = words
            .next()
            .ok_or_else(|| "no recipe given: name a recipe file or module".to_owned())?;
        self.rest = leading.into_iter().chain(words).collect();
        Ok(())
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
                    .ok_or_else(|| format!("{name} needs a value"))?,
            )
        } else {
            None
        };
        split.options.push((spec.names[0], value));
    }
    Ok(split)
}

/// `--syntax` values: `none`, a bare version (`1.7` → `docker/dockerfile:1.7`),
/// or a full frontend reference.
pub(crate) fn syntax_header(value: &str) -> Option<String> {
    match value {
        "none" | "" => None,
        v if v.starts_with(|c: char| c.is_ascii_digit()) => Some(format!("docker/dockerfile:{v}")),
        v => Some(v.to_owned()),
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
        help: "with --syntax none: the built-in frontend version to check against (1.2 for Docker 20.10)",
    },
    OptionSpec { names: &["--help", "-h"], takes_value: false, usage: "--help", help: "list the recipe's flags and these options" },
];

/// The header `--syntax`/`--no-syntax`/`--frontend` ask for (default:
/// `docker/dockerfile:1`).
pub(crate) fn header(split: &SplitArgs) -> crate::recipe_runner::Header {
    let syntax = if split.has("--no-syntax") {
        None
    } else {
        split.value("--syntax").map_or_else(
            || Some("docker/dockerfile:1".to_owned()),
            |v| syntax_header(&v),
        )
    };
    crate::recipe_runner::Header {
        syntax,
        frontend: split.value("--frontend"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn options_before_the_recipe_move_behind_it() {
        let mut args = RecipeInvocation {
            recipe: "--min-syntax".into(),
            rest: ["-o", "Dockerfile", "app.py", "--private=true"]
                .map(String::from)
                .to_vec(),
        };
        args.hoist_leading_options(&SPECS)
            .expect("a recipe follows");
        assert_eq!(args.recipe, "app.py");
        assert_eq!(
            args.rest,
            ["--min-syntax", "-o", "Dockerfile", "--private=true"]
        );
        let mut alone = RecipeInvocation {
            recipe: "--out=x".into(),
            rest: vec![],
        };
        assert!(alone.hoist_leading_options(&SPECS).is_err());
    }

    #[test]
    fn syntax_values() {
        assert_eq!(
            syntax_header("1.7").as_deref(),
            Some("docker/dockerfile:1.7")
        );
        assert_eq!(syntax_header("none"), None);
        assert_eq!(
            syntax_header("docker/dockerfile@sha256:ab").as_deref(),
            Some("docker/dockerfile@sha256:ab")
        );
    }
}
