//! Everything that can be wrong with a matrix or a bake request.

/// A matrix or bake request that cannot be expanded; each message says how
/// to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VariantsError {
    /// A `--matrix` value is not `name=v1,v2,...`.
    #[error("--matrix {spec:?}: {problem}; write it as --matrix name=value1,value2")]
    BadAxis {
        /// The value as given.
        spec: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Two `--matrix` options name the same flag.
    #[error("--matrix names flag --{flag} twice; list all its values in one --matrix {flag}=a,b")]
    DuplicateAxis {
        /// The flag's name.
        flag: String,
    },
    /// The product of the axes is too large to render.
    #[error("the matrix has {count} combinations, more than the {max} one call renders; split it into several calls")]
    TooManyVariants {
        /// How many combinations the axes give.
        count: u128,
        /// The limit.
        max: usize,
    },
    /// Two combinations would share one file and target name.
    #[error("variants {first} and {second} both get the name {name:?}; their values differ only in characters a file name cannot keep, so rename one value")]
    NameClash {
        /// The first combination, `name=value,...`.
        first: String,
        /// The second combination.
        second: String,
        /// The name both would get.
        name: String,
    },
    /// A `--tag-template` placeholder that is not a matrix flag.
    #[error("--tag-template {template:?} uses {{{placeholder}}}, which is not a --matrix flag; use one of: {known}")]
    UnknownPlaceholder {
        /// The template as given.
        template: String,
        /// The unknown name between braces.
        placeholder: String,
        /// The matrix flags, comma-separated.
        known: String,
    },
    /// A `--tag-template` with a `{` or `}` that is not part of a placeholder.
    #[error("--tag-template {template:?} has a lone '{{' or '}}'; write placeholders as {{flag}} and literal braces as {{{{ and }}}}")]
    UnclosedPlaceholder {
        /// The template as given.
        template: String,
    },
}
