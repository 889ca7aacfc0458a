//! The rule table: every rule's code, name, category and severity, and the
//! function that checks it. The table drives selection, `docker-dsl rules`,
//! `docker-dsl rule CODE` and the checks themselves.

use serde::Serialize;

use crate::checker::Checker;
use crate::rules::{cache, check, mount, secret, syntax};

/// What part of a build a rule guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Secret content reaching a layer or the image's metadata.
    Secret,
    /// Cache mounts that cannot work as written.
    Cache,
    /// Mounts and RUN flags that need care from whoever builds.
    Mount,
    /// Docker's build checks, under their own names.
    Check,
    /// Traps of the Dockerfile syntax that BuildKit accepts silently.
    Syntax,
}

impl Category {
    /// The name users select with (`--select secret`).
    pub fn name(self) -> &'static str {
        match self {
            Category::Secret => "secret",
            Category::Cache => "cache",
            Category::Mount => "mount",
            Category::Check => "check",
            Category::Syntax => "syntax",
        }
    }

    /// Every category, in table order.
    pub const ALL: [Category; 5] = [
        Category::Secret,
        Category::Cache,
        Category::Mount,
        Category::Check,
        Category::Syntax,
    ];
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; the build is fine.
    Info,
    /// Probably a mistake.
    Warning,
    /// The build leaks or breaks.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `info`, `warning` or `error`.
    pub fn parse(text: &str) -> Option<Self> {
        [Severity::Info, Severity::Warning, Severity::Error]
            .into_iter()
            .find(|s| s.name() == text)
    }
}

/// One lint rule.
#[derive(Debug)]
pub struct Rule {
    /// Its code, e.g. `S001`.
    pub code: &'static str,
    /// Its name, naming the bad pattern (kebab-case).
    pub name: &'static str,
    /// The category it belongs to.
    pub category: Category,
    /// The severity of its findings.
    pub severity: Severity,
    /// Docker marks the check experimental: it runs only where the file's
    /// `# check=experimental=...` directive enables it.
    pub experimental: bool,
    /// The rule's source file, whose `//!` comment is its documentation.
    source: &'static str,
    /// Reports the rule's findings.
    pub(crate) check: fn(&'static Rule, &Checker<'_>, &mut Vec<crate::Finding>),
}

impl Rule {
    /// The rule's documentation (What it does / Why is this bad? / Example /
    /// Use instead), from its source file's doc comment.
    pub fn doc(&self) -> String {
        let mut doc = String::new();
        for line in self.source.lines() {
            let Some(text) = line.strip_prefix("//!") else {
                break;
            };
            doc.push_str(text.strip_prefix(' ').unwrap_or(text));
            doc.push('\n');
        }
        doc
    }

    /// The first sentence of the documentation: what the rule flags.
    pub fn summary(&self) -> String {
        let doc = self.doc();
        let paragraph: Vec<&str> = doc
            .lines()
            .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
            .take_while(|l| !l.trim().is_empty())
            .collect();
        let text = paragraph.join(" ");
        match text.split_once(". ") {
            Some((first, _)) => format!("{first}."),
            None => text,
        }
    }
}

macro_rules! rule {
    ($code:literal, $name:literal, $category:ident, $severity:ident, $module:path, $file:literal) => {
        rule!(@ false, $code, $name, $category, $severity, $module, $file)
    };
    (experimental $code:literal, $name:literal, $category:ident, $severity:ident, $module:path, $file:literal) => {
        rule!(@ true, $code, $name, $category, $severity, $module, $file)
    };
    (@ $experimental:literal, $code:literal, $name:literal, $category:ident, $severity:ident, $module:path, $file:literal) => {
        Rule {
            code: $code,
            name: $name,
            category: Category::$category,
            severity: Severity::$severity,
            experimental: $experimental,
            source: include_str!($file),
            check: {
                use $module as m;
                m::check
            },
        }
    };
}

/// Every rule, by code.
pub static RULES: &[Rule] = &[
    rule!(
        "S001",
        "secret-written-to-file",
        Secret,
        Error,
        secret::secret_written_to_file,
        "rules/secret/secret_written_to_file.rs"
    ),
    rule!(
        "S002",
        "secret-passed-to-persisting-command",
        Secret,
        Error,
        secret::secret_passed_to_persisting_command,
        "rules/secret/secret_passed_to_persisting_command.rs"
    ),
    rule!(
        "S003",
        "credential-named-arg-or-env",
        Secret,
        Warning,
        secret::credential_named_arg_or_env,
        "rules/secret/credential_named_arg_or_env.rs"
    ),
    rule!(
        "S004",
        "credential-shaped-literal",
        Secret,
        Error,
        secret::credential_shaped_literal,
        "rules/secret/credential_shaped_literal.rs"
    ),
    rule!(
        "C001",
        "rm-of-cache-mount",
        Cache,
        Warning,
        cache::rm_of_cache_mount,
        "rules/cache/rm_of_cache_mount.rs"
    ),
    rule!(
        "C002",
        "no-cache-flag-under-cache-mount",
        Cache,
        Warning,
        cache::no_cache_flag_under_cache_mount,
        "rules/cache/no_cache_flag_under_cache_mount.rs"
    ),
    rule!(
        "C003",
        "apt-cache-with-docker-clean",
        Cache,
        Warning,
        cache::apt_cache_with_docker_clean,
        "rules/cache/apt_cache_with_docker_clean.rs"
    ),
    rule!(
        "C004",
        "apt-cache-not-locked",
        Cache,
        Warning,
        cache::apt_cache_not_locked,
        "rules/cache/apt_cache_not_locked.rs"
    ),
    rule!(
        "C005",
        "cache-mount-outside-tool-home",
        Cache,
        Warning,
        cache::cache_mount_outside_tool_home,
        "rules/cache/cache_mount_outside_tool_home.rs"
    ),
    rule!(
        "C006",
        "layer-expects-cache-mount-content",
        Cache,
        Error,
        cache::layer_expects_cache_mount_content,
        "rules/cache/layer_expects_cache_mount_content.rs"
    ),
    rule!(
        "M001",
        "run-needs-entitlement",
        Mount,
        Warning,
        mount::run_needs_entitlement,
        "rules/mount/run_needs_entitlement.rs"
    ),
    rule!(
        "M002",
        "secret-read-without-required",
        Mount,
        Warning,
        mount::secret_read_without_required,
        "rules/mount/secret_read_without_required.rs"
    ),
    rule!(
        "M003",
        "bind-mounted-then-copied",
        Mount,
        Info,
        mount::bind_mounted_then_copied,
        "rules/mount/bind_mounted_then_copied.rs"
    ),
    rule!(
        "M004",
        "feature-newer-than-syntax",
        Mount,
        Error,
        mount::feature_newer_than_syntax,
        "rules/mount/feature_newer_than_syntax.rs"
    ),
    rule!(
        "K001",
        "StageNameCasing",
        Check,
        Warning,
        check::stage_name_casing,
        "rules/check/stage_name_casing.rs"
    ),
    rule!(
        "K002",
        "DuplicateStageName",
        Check,
        Warning,
        check::duplicate_stage_name,
        "rules/check/duplicate_stage_name.rs"
    ),
    rule!(
        "K003",
        "ReservedStageName",
        Check,
        Warning,
        check::reserved_stage_name,
        "rules/check/reserved_stage_name.rs"
    ),
    rule!(
        "K004",
        "JSONArgsRecommended",
        Check,
        Warning,
        check::json_args_recommended,
        "rules/check/json_args_recommended.rs"
    ),
    rule!(
        "K005",
        "MultipleInstructionsDisallowed",
        Check,
        Warning,
        check::multiple_instructions_disallowed,
        "rules/check/multiple_instructions_disallowed.rs"
    ),
    rule!(
        "K006",
        "WorkdirRelativePath",
        Check,
        Warning,
        check::workdir_relative_path,
        "rules/check/workdir_relative_path.rs"
    ),
    rule!(
        "K007",
        "FromAsCasing",
        Check,
        Warning,
        check::from_as_casing,
        "rules/check/from_as_casing.rs"
    ),
    rule!(
        "K008",
        "ConsistentInstructionCasing",
        Check,
        Warning,
        check::consistent_instruction_casing,
        "rules/check/consistent_instruction_casing.rs"
    ),
    rule!(
        "K009",
        "NoEmptyContinuation",
        Check,
        Warning,
        check::no_empty_continuation,
        "rules/check/no_empty_continuation.rs"
    ),
    rule!(
        "K010",
        "LegacyKeyValueFormat",
        Check,
        Warning,
        check::legacy_key_value_format,
        "rules/check/legacy_key_value_format.rs"
    ),
    rule!(
        "K011",
        "MaintainerDeprecated",
        Check,
        Warning,
        check::maintainer_deprecated,
        "rules/check/maintainer_deprecated.rs"
    ),
    rule!(
        "K012",
        "ExposeInvalidFormat",
        Check,
        Warning,
        check::expose_invalid_format,
        "rules/check/expose_invalid_format.rs"
    ),
    rule!(
        "K013",
        "ExposeProtoCasing",
        Check,
        Warning,
        check::expose_proto_casing,
        "rules/check/expose_proto_casing.rs"
    ),
    rule!(
        "K014",
        "SecretsUsedInArgOrEnv",
        Check,
        Warning,
        check::secrets_used_in_arg_or_env,
        "rules/check/secrets_used_in_arg_or_env.rs"
    ),
    rule!(
        "K015",
        "UndefinedVar",
        Check,
        Warning,
        check::undefined_var,
        "rules/check/undefined_var.rs"
    ),
    rule!(
        "K016",
        "UndefinedArgInFrom",
        Check,
        Warning,
        check::undefined_arg_in_from,
        "rules/check/undefined_arg_in_from.rs"
    ),
    rule!(
        "K017",
        "InvalidDefaultArgInFrom",
        Check,
        Warning,
        check::invalid_default_arg_in_from,
        "rules/check/invalid_default_arg_in_from.rs"
    ),
    rule!(
        "K018",
        "FromPlatformFlagConstDisallowed",
        Check,
        Warning,
        check::from_platform_flag_const_disallowed,
        "rules/check/from_platform_flag_const_disallowed.rs"
    ),
    rule!(
        "K019",
        "RedundantTargetPlatform",
        Check,
        Warning,
        check::redundant_target_platform,
        "rules/check/redundant_target_platform.rs"
    ),
    rule!(
        "K020",
        "InvalidBaseImagePlatform",
        Check,
        Warning,
        check::invalid_base_image_platform,
        "rules/check/invalid_base_image_platform.rs"
    ),
    rule!(
        experimental "K021",
        "CopyIgnoredFile",
        Check,
        Warning,
        check::copy_ignored_file,
        "rules/check/copy_ignored_file.rs"
    ),
    rule!(
        experimental "K022",
        "InvalidDefinitionDescription",
        Check,
        Warning,
        check::invalid_definition_description,
        "rules/check/invalid_definition_description.rs"
    ),
    rule!(
        "Y001",
        "misplaced-escape-directive",
        Syntax,
        Error,
        syntax::misplaced_escape_directive,
        "rules/syntax/misplaced_escape_directive.rs"
    ),
    rule!(
        "Y002",
        "misplaced-parser-directive",
        Syntax,
        Warning,
        syntax::misplaced_parser_directive,
        "rules/syntax/misplaced_parser_directive.rs"
    ),
    rule!(
        "Y003",
        "floating-syntax-pin",
        Syntax,
        Info,
        syntax::floating_syntax_pin,
        "rules/syntax/floating_syntax_pin.rs"
    ),
    rule!(
        "Y004",
        "copy-heredoc-expands-variables",
        Syntax,
        Warning,
        syntax::copy_heredoc_expands_variables,
        "rules/syntax/copy_heredoc_expands_variables.rs"
    ),
    rule!(
        "Y005",
        "unknown-instruction",
        Syntax,
        Error,
        syntax::unknown_instruction,
        "rules/syntax/unknown_instruction.rs"
    ),
];

/// The rule with `code` (case-insensitive) or `name`.
pub fn rule(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_in_ruffs_shape() {
        for rule in RULES {
            let doc = rule.doc();
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
            ] {
                assert!(
                    doc.contains(heading),
                    "{} lacks {heading}:\n{doc}",
                    rule.code
                );
            }
            assert!(!rule.summary().is_empty(), "{}", rule.code);
        }
    }

    #[test]
    fn codes_and_names_are_unique() {
        for (i, a) in RULES.iter().enumerate() {
            for b in &RULES[i + 1..] {
                assert!(
                    a.code != b.code && a.name != b.name,
                    "{} / {}",
                    a.code,
                    b.code
                );
            }
        }
    }
}
