//! The lint crate's errors.

/// What can go wrong before linting starts.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LintError {
    /// A `--select`/`--ignore` value that names no rule or category.
    #[error("unknown rule or category '{given}' in --{option}: use a code (S001), a rule name (secret-written-to-file) or a category ({categories}); `docker-dsl rules` lists them")]
    UnknownSelector {
        /// The option (`select` or `ignore`).
        option: &'static str,
        /// The value given.
        given: String,
        /// The category names.
        categories: String,
    },
    /// A `# check=` directive that BuildKit refuses.
    #[error("invalid `# check={value}` directive: {reason}; write skip=RULE,..., error=true|false or experimental=RULE,...|all, separated by ';'")]
    CheckDirective {
        /// The directive's value.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
}
