//! Typed recipe flags: what a recipe registers, and the values it is given.

use std::fmt::Write as _;

use crate::error::DslError;
use crate::location::Location;

/// The type of a recipe flag, as `context.register` declares it.
#[derive(Debug, Clone, PartialEq)]
pub enum FlagKind {
    /// `true/false/1/0/yes/no`, any case.
    Bool,
    /// A whole number.
    Int,
    /// A decimal number.
    Float,
    /// Any text.
    Str,
    /// A filesystem path.
    Path,
    /// One of a fixed list of values (`Literal[...]`).
    Choice(Vec<String>),
    /// One of an enum's member names (or values).
    Enum {
        /// Member names.
        names: Vec<String>,
        /// Member values as text, accepted as well.
        values: Vec<String>,
    },
}

/// A flag value parsed according to its [`FlagKind`].
#[derive(Debug, Clone, PartialEq)]
pub enum FlagValue {
    /// A `Bool` flag.
    Bool(bool),
    /// An `Int` flag.
    Int(i64),
    /// A `Float` flag.
    Float(f64),
    /// A `Str` flag.
    Str(String),
    /// A `Path` flag.
    Path(String),
    /// The index of the chosen `Choice`.
    Choice(usize),
    /// The index of the chosen `Enum` member.
    Enum(usize),
}

impl FlagKind {
    /// Parses a command-line value, or says what the flag accepts.
    pub fn parse(&self, raw: &str) -> Result<FlagValue, String> {
        let fail = || Err(self.accepts());
        match self {
            FlagKind::Bool => match raw.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Ok(FlagValue::Bool(true)),
                "false" | "0" | "no" => Ok(FlagValue::Bool(false)),
                _ => fail(),
            },
            FlagKind::Int => raw.trim().parse().map(FlagValue::Int).or_else(|_| fail()),
            FlagKind::Float => match raw.trim().parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(FlagValue::Float(v)),
                _ => fail(),
            },
            FlagKind::Str => Ok(FlagValue::Str(raw.to_owned())),
            FlagKind::Path if raw.is_empty() => fail(),
            FlagKind::Path => Ok(FlagValue::Path(raw.to_owned())),
            FlagKind::Choice(choices) => choices
                .iter()
                .position(|c| c == raw)
                .map(FlagValue::Choice)
                .ok_or_else(|| self.accepts()),
            FlagKind::Enum { names, values } => names
                .iter()
                .position(|n| n == raw)
                .or_else(|| values.iter().position(|v| v == raw))
                .map(FlagValue::Enum)
                .ok_or_else(|| self.accepts()),
        }
    }

    /// What the flag accepts, for errors and `--help`.
    pub fn accepts(&self) -> String {
        match self {
            FlagKind::Bool => "bool: true/false/1/0/yes/no".into(),
            FlagKind::Int => "int: a whole number".into(),
            FlagKind::Float => "float: a number".into(),
            FlagKind::Str => "str: any text".into(),
            FlagKind::Path => "path: a non-empty path".into(),
            FlagKind::Choice(choices) => format!("one of: {}", choices.join(", ")),
            FlagKind::Enum { names, .. } => format!("one of: {}", names.join(", ")),
        }
    }

    /// The type's short name for `--help`.
    pub fn type_name(&self) -> &'static str {
        match self {
            FlagKind::Bool => "bool",
            FlagKind::Int => "int",
            FlagKind::Float => "float",
            FlagKind::Str => "str",
            FlagKind::Path => "path",
            FlagKind::Choice(_) => "choice",
            FlagKind::Enum { .. } => "enum",
        }
    }
}

/// A flag a recipe registered: name, type, default and help text.
#[derive(Debug, Clone, PartialEq)]
pub struct FlagSpec {
    /// The flag's name (`--name` on the command line).
    pub name: String,
    /// Its type.
    pub kind: FlagKind,
    /// The default, shown as text; `None` makes the flag required.
    pub default: Option<String>,
    /// One line of help.
    pub help: Option<String>,
}

impl FlagSpec {
    /// Checks the name and the default, and returns the default parsed as
    /// the flag's type (what the recipe reads when the flag is not given).
    pub fn checked_default(&self, at: &Location) -> Result<Option<FlagValue>, DslError> {
        if let Some(problem) = name_problem(&self.name) {
            return Err(DslError::BadFlagName {
                name: self.name.clone(),
                problem,
                at: at.clone(),
            });
        }
        self.default
            .as_deref()
            .map(|default| {
                self.kind
                    .parse(default)
                    .map_err(|accepts| DslError::BadFlagDefault {
                        name: self.name.clone(),
                        default: default.to_owned(),
                        accepts,
                        at: at.clone(),
                    })
            })
            .transpose()
    }
}

/// One flag as given on the command line.
#[derive(Debug, Clone)]
struct GivenFlag {
    /// The name as compared (`-` and `_` the same).
    key: String,
    /// The name as the user wrote it, for messages.
    spelled: String,
    value: Option<String>,
    used: bool,
}

/// The raw values given for one render, and the flags the recipe registered.
#[derive(Debug, Clone, Default)]
pub struct FlagSet {
    given: Vec<GivenFlag>,
    registered: Vec<FlagSpec>,
    lenient: bool,
}

/// Flag names the `docker-dsl` command keeps for its own options (`render
/// --out`, `build --target`, `bake --tag-template`, `graph --format`, ...),
/// spelled with `_`: a recipe flag of such a name would never reach the
/// recipe.
pub const RESERVED_FLAG_NAMES: &[&str] = &[
    "out",
    "o",
    "min_syntax",
    "syntax",
    "no_syntax",
    "frontend",
    "help",
    "h",
    "tag",
    "t",
    "secret",
    "ssh",
    "builder",
    "target",
    "platform",
    "context",
    "progress",
    "no_cache",
    "no_lint",
    "matrix",
    "out_dir",
    "locked",
    "lock_file",
    "build",
    "build_arg",
    "cache_from",
    "cache_to",
    "tag_template",
    "f",
    "format",
    "update",
    "check",
];

/// Python's keywords: no recipe can spell them as a name (`context.<name>`,
/// a variable, an attribute or a keyword argument).
pub const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Why `name` cannot be a recipe flag, if it cannot: the recipe reads it as
/// `context.<name>` and the command line as `--name`.
fn name_problem(name: &str) -> Option<String> {
    if RESERVED_FLAG_NAMES.contains(&canonical(name).as_str()) {
        return Some(format!(
            "is an option of docker-dsl itself (--{}), so the recipe would never see it; choose another name",
            name.replace('_', "-")
        ));
    }
    let mut chars = name.chars();
    let identifier = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !identifier {
        let suggestion: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        return Some(format!(
            "is not a name the recipe can read as context.<name>; use letters, digits and _, starting with a letter, e.g. {:?} (the command line accepts --{} too)",
            suggestion.trim_start_matches(|c: char| !c.is_ascii_alphabetic()),
            suggestion.trim_start_matches(|c: char| !c.is_ascii_alphabetic()).replace('_', "-")
        ));
    }
    if PYTHON_KEYWORDS.contains(&name) || name == "register" {
        return Some(format!(
            "cannot be read as context.{name} (a Python keyword or the register method); choose another name"
        ));
    }
    None
}

/// Spells a flag name the way it is compared: `-` and `_` are the same.
fn canonical(name: &str) -> String {
    name.replace('-', "_")
}

impl FlagSet {
    /// Values as given, `(name, value)`; a `None` value is a bare `--name`.
    pub fn new(given: Vec<(String, Option<String>)>) -> Result<Self, DslError> {
        let mut seen: Vec<GivenFlag> = Vec::with_capacity(given.len());
        for (name, value) in given {
            let key = canonical(&name);
            if seen.iter().any(|g| g.key == key) {
                return Err(DslError::FlagConflict {
                    name,
                    problem: "is given more than once".into(),
                });
            }
            seen.push(GivenFlag {
                key,
                spelled: name,
                value,
                used: false,
            });
        }
        Ok(Self {
            given: seen,
            registered: Vec::new(),
            lenient: false,
        })
    }

    /// A set for listing flags (`--help`): nothing is required and every flag
    /// takes its default.
    pub fn describing() -> Self {
        Self {
            lenient: true,
            ..Self::default()
        }
    }

    /// Splits command-line words `--name=value`, `--name value` and `--name`
    /// into raw pairs.
    pub fn parse_args(args: &[String]) -> Result<Vec<(String, Option<String>)>, DslError> {
        let mut pairs = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let word = &args[i];
            let Some(body) = word.strip_prefix("--").filter(|b| !b.is_empty()) else {
                return Err(DslError::UnknownFlag {
                    flag: word.clone(),
                    accepted: "recipe flags are written --name=value".to_owned(),
                });
            };
            if let Some((name, value)) = body.split_once('=') {
                pairs.push((name.to_owned(), Some(value.to_owned())));
            } else if args.get(i + 1).is_some_and(|next| !next.starts_with("--")) {
                pairs.push((body.to_owned(), Some(args[i + 1].clone())));
                i += 1;
            } else {
                pairs.push((body.to_owned(), None));
            }
            i += 1;
        }
        Ok(pairs)
    }

    /// Registers a flag and returns its value: the given one, else the
    /// default; `None` only while describing a flag without default.
    pub fn register(
        &mut self,
        spec: FlagSpec,
        at: &Location,
    ) -> Result<Option<FlagValue>, DslError> {
        let default = spec.checked_default(at)?;
        let key = canonical(&spec.name);
        if let Some(previous) = self.registered.iter().find(|s| canonical(&s.name) == key) {
            if previous.kind != spec.kind {
                return Err(DslError::FlagConflict {
                    name: spec.name,
                    problem: format!("is registered twice with different types ({at})"),
                });
            }
        } else {
            self.registered.push(spec.clone());
        }
        let given = self.given.iter_mut().find(|g| g.key == key);
        let Some(GivenFlag {
            value: raw, used, ..
        }) = given
        else {
            if default.is_none() && !self.lenient {
                return Err(DslError::MissingFlag {
                    accepts: spec.kind.accepts(),
                    name: spec.name,
                    at: at.clone(),
                });
            }
            return Ok(default);
        };
        *used = true;
        let raw = match (raw.as_deref(), &spec.kind) {
            (None, FlagKind::Bool) => "true",
            (None, _) => "",
            (Some(raw), _) => raw,
        };
        spec.kind
            .parse(raw)
            .map(Some)
            .map_err(|accepts| DslError::BadFlagValue {
                name: spec.name,
                value: raw.to_owned(),
                accepts,
                at: at.clone(),
            })
    }

    /// The flags registered so far, in order.
    pub fn registered(&self) -> &[FlagSpec] {
        &self.registered
    }

    /// Fails on the first given flag that no `register` call asked for.
    pub fn check_all_used(&self) -> Result<(), DslError> {
        let Some(unused) = self.given.iter().find(|g| !g.used) else {
            return Ok(());
        };
        let mut accepted = String::new();
        if self.registered.is_empty() {
            accepted.push_str("this recipe takes no flags");
        } else {
            accepted.push_str("the recipe accepts ");
            for (i, spec) in self.registered.iter().enumerate() {
                if i > 0 {
                    accepted.push_str(", ");
                }
                let _ = write!(accepted, "--{} ({})", spec.name, spec.kind.type_name());
            }
        }
        Err(DslError::UnknownFlag {
            flag: format!("--{}", unused.spelled),
            accepted,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, kind: FlagKind) -> FlagSpec {
        FlagSpec {
            name: name.into(),
            kind,
            default: None,
            help: None,
        }
    }

    #[test]
    fn bools_parse_like_the_seed_cli() {
        for (raw, want) in [
            ("true", true),
            ("YES", true),
            ("1", true),
            ("False", false),
            ("no", false),
            ("0", false),
        ] {
            assert_eq!(FlagKind::Bool.parse(raw), Ok(FlagValue::Bool(want)));
        }
        assert!(FlagKind::Bool.parse("maybe").is_err());
    }

    #[test]
    fn register_reports_missing_bad_and_unknown_flags() {
        let at = Location::new("r.py", 3);
        let mut set = FlagSet::new(vec![
            ("count".into(), Some("x".into())),
            ("extra".into(), Some("1".into())),
        ])
        .expect("distinct names");
        let err = set
            .register(spec("count", FlagKind::Int), &at)
            .expect_err("not an int");
        assert_eq!(
            err.to_string(),
            "r.py:3: bad value \"x\" for flag --count: expected int: a whole number"
        );
        let err = set
            .register(spec("private", FlagKind::Bool), &at)
            .expect_err("missing");
        assert!(err
            .to_string()
            .contains("missing flag --private (bool: true/false/1/0/yes/no)"));
        let err = set.check_all_used().expect_err("extra is unknown");
        assert!(err
            .to_string()
            .starts_with("unknown flag --extra; the recipe accepts --count (int)"));
    }

    #[test]
    fn names_the_recipe_cannot_read_are_refused() {
        let at = Location::new("r.py", 4);
        for (name, problem) in [
            ("other-flag", "e.g. \"other_flag\""),
            ("2fast", "starting with a letter"),
            ("class", "Python keyword"),
            ("out", "option of docker-dsl itself (--out)"),
            ("no-cache", "option of docker-dsl itself (--no-cache)"),
        ] {
            let err = spec(name, FlagKind::Bool)
                .checked_default(&at)
                .expect_err(name);
            let text = err.to_string();
            assert!(text.starts_with("r.py:4: "), "{text}");
            assert!(text.contains(problem), "{name}: {text}");
        }
    }

    #[test]
    fn defaults_must_parse_as_the_flag_type() {
        let at = Location::new("r.py", 5);
        let mut jobs = spec("jobs", FlagKind::Int);
        jobs.default = Some("four".into());
        let err = jobs.checked_default(&at).expect_err("not an int");
        assert_eq!(
            err.to_string(),
            "r.py:5: default \"four\" of flag --jobs is not int: a whole number; give a default of the flag's type"
        );
        let mut channel = spec(
            "channel",
            FlagKind::Choice(vec!["stable".into(), "beta".into()]),
        );
        channel.default = Some("nightly".into());
        assert!(channel.checked_default(&at).is_err());
        channel.default = Some("beta".into());
        assert_eq!(channel.checked_default(&at), Ok(Some(FlagValue::Choice(1))));
        let mut set = FlagSet::new(Vec::new()).expect("empty");
        assert_eq!(set.register(channel, &at), Ok(Some(FlagValue::Choice(1))));
    }

    #[test]
    fn dashes_and_underscores_are_the_same_flag() {
        let pairs = FlagSet::parse_args(&["--base-image".into(), "alpine".into(), "--fast".into()])
            .expect("valid");
        let mut set = FlagSet::new(pairs).expect("distinct");
        let at = Location::default();
        assert_eq!(
            set.register(spec("base_image", FlagKind::Str), &at),
            Ok(Some(FlagValue::Str("alpine".into())))
        );
        assert_eq!(
            set.register(spec("fast", FlagKind::Bool), &at),
            Ok(Some(FlagValue::Bool(true)))
        );
        assert!(set.check_all_used().is_ok());
    }
}
