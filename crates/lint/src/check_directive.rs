//! Docker's `# check=` directive, read as BuildKit reads it: which of
//! Docker's build checks run (`skip=`, `experimental=`) and whether their
//! findings fail the build (`error=`).

use dockerfile::{Directive, Document};

use crate::codes::{Category, Rule, Severity};
use crate::error::LintError;

/// A rule list of the directive: every rule, or the named ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum RuleList {
    /// None named.
    #[default]
    None,
    /// `all`.
    All,
    /// Rule names, as Docker spells them.
    Named(Vec<String>),
}

impl RuleList {
    fn parse(value: &str) -> Self {
        match value.trim() {
            "all" => RuleList::All,
            list => RuleList::Named(list.split(',').map(|r| r.trim().to_owned()).collect()),
        }
    }

    fn names(&self, rule: &Rule) -> bool {
        match self {
            RuleList::None => false,
            RuleList::All => true,
            RuleList::Named(names) => names.iter().any(|n| n == rule.name),
        }
    }
}

/// What a file's `# check=` directive asks of Docker's build checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CheckDirective {
    skip: RuleList,
    experimental: RuleList,
    error: bool,
}

impl CheckDirective {
    /// The directive of `document` (the defaults when it has none), or why
    /// BuildKit would refuse it.
    pub fn of(document: &Document) -> Result<Self, LintError> {
        let value = document.directives.iter().find_map(|d| match d {
            Directive::Check(value) => Some(value.as_str()),
            _ => None,
        });
        value.map_or_else(|| Ok(Self::default()), Self::parse)
    }

    /// Parses `skip=A,B|all;error=BOOL;experimental=A,B|all`.
    fn parse(value: &str) -> Result<Self, LintError> {
        let mut directive = Self::default();
        let value = value.trim();
        if value.is_empty() {
            return Ok(directive);
        }
        let bad = |reason: String| LintError::CheckDirective {
            value: value.to_owned(),
            reason,
        };
        for option in value.split(';') {
            let Some((key, setting)) = option.split_once('=') else {
                return Err(bad(format!("'{option}' is not KEY=VALUE")));
            };
            match key.trim() {
                "skip" => directive.skip = RuleList::parse(setting),
                "experimental" => directive.experimental = RuleList::parse(setting),
                "error" => {
                    directive.error = dockerfile::parse_go_bool(setting.trim())
                        .ok_or_else(|| bad(format!("error={} is not a boolean", setting.trim())))?
                }
                other => return Err(bad(format!("unknown option '{other}'"))),
            }
        }
        Ok(directive)
    }

    /// Whether `rule` runs: rules outside the `check` category always do;
    /// an experimental check only when enabled (and then `skip` does not
    /// apply to it); any other check unless skipped.
    pub fn runs(&self, rule: &Rule) -> bool {
        if rule.category != Category::Check {
            return true;
        }
        if rule.experimental {
            return self.experimental.names(rule);
        }
        !self.skip.names(rule)
    }

    /// The severity of `rule`'s findings: `error=true` makes Docker's
    /// checks fail the build, so their findings are errors.
    pub fn severity(&self, rule: &Rule) -> Severity {
        if self.error && rule.category == Category::Check {
            Severity::Error
        } else {
            rule.severity
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::rule;

    fn directive(text: &str) -> Result<CheckDirective, LintError> {
        let parsed = dockerfile::parse(&format!("# check={text}\nFROM alpine\n")).expect("parses");
        CheckDirective::of(&parsed.document)
    }

    fn named(name: &str) -> &'static Rule {
        rule(name).expect("known rule")
    }

    #[test]
    fn skip_names_or_all_checks_but_not_other_categories() {
        let d = directive("skip=UndefinedVar, StageNameCasing").expect("valid");
        assert!(!d.runs(named("UndefinedVar")) && !d.runs(named("StageNameCasing")));
        assert!(d.runs(named("DuplicateStageName")));
        let d = directive("skip=all").expect("valid");
        assert!(!d.runs(named("DuplicateStageName")));
        assert!(d.runs(named("S001")), "secret rules are ours, not Docker's");
    }

    #[test]
    fn experimental_checks_run_only_when_enabled_even_under_skip_all() {
        let plain = CheckDirective::default();
        assert!(!plain.runs(named("CopyIgnoredFile")) && plain.runs(named("UndefinedVar")));
        let d = directive("skip=all;experimental=CopyIgnoredFile").expect("valid");
        assert!(d.runs(named("CopyIgnoredFile")));
        assert!(!d.runs(named("InvalidDefinitionDescription")));
        assert!(!d.runs(named("UndefinedVar")));
        let d = directive("experimental=all").expect("valid");
        assert!(d.runs(named("InvalidDefinitionDescription")));
    }

    #[test]
    fn error_true_makes_check_findings_errors() {
        let d = directive("error=true").expect("valid");
        assert_eq!(d.severity(named("UndefinedVar")), Severity::Error);
        assert_eq!(d.severity(named("C003")), Severity::Warning);
        let d = directive("error=0;skip=UndefinedVar").expect("valid");
        assert_eq!(d.severity(named("StageNameCasing")), Severity::Warning);
    }

    #[test]
    fn what_buildkit_refuses_is_an_error() {
        for bad in ["skip", "error=maybe", "ignore=all"] {
            let err = directive(bad).expect_err(bad);
            assert!(err.to_string().contains("# check="), "{err}");
        }
    }
}
