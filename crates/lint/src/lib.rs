//! docker-dsl's linter: rules over the [`dockerfile::Document`] tree that
//! catch secrets reaching a layer, cache mounts that cannot work, and mounts
//! that need care, before a build.
//!
//! [`check`] runs the selected rules on a document; [`Finding::locate`]
//! turns a finding's instruction into a line and column of the text the
//! document came from, and [`is_suppressed`] honours
//! `# docker-dsl: ignore[CODE]` comments there.

mod build_args;
mod check_directive;
mod checker;
mod codes;
mod credentials;
mod dockerignore;
mod error;
mod expansion;
mod finding;
mod paths;
mod platform;
mod ports;
mod reference;
mod rules;
mod secrets;
mod selection;
mod shell;
mod suggest;
mod suppression;
#[cfg(test)]
mod testing;
mod tools;

pub use codes::{rule, Category, Rule, Severity, RULES};
pub use error::LintError;
pub use finding::Finding;
pub use selection::Selection;
pub use suppression::is_suppressed;

use dockerfile::{Document, SourceMap, SyntaxVersion};

/// How to lint.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The rules to run.
    pub selection: Selection,
    /// The built-in frontend the file builds on when it has no `# syntax=`
    /// line (1.2 for Docker 20.10); `None`: unknown.
    pub frontend: Option<SyntaxVersion>,
    /// The text of the `.dockerignore` that the build reads with this
    /// file, where known (Docker's experimental `CopyIgnoredFile` check).
    pub dockerignore: Option<String>,
    /// The one platform (`os/arch[/variant]`) of each base image known to
    /// be built for a single platform, by the reference a `FROM` names once
    /// its global `ARG`s are expanded; the CLI reads them from
    /// `docker-dsl.lock`. Docker's `InvalidBaseImagePlatform` check judges
    /// only these images.
    pub base_platforms: std::collections::BTreeMap<String, String>,
}

/// Runs the selected rules on `document`; findings name instructions, not
/// lines. The file's `# check=` directive decides which of Docker's checks
/// run and how severe they are, as it does for Docker; an error when
/// BuildKit would refuse that directive. Rules that read how a text spells
/// instructions (Docker's style checks) need [`check_text`].
pub fn check(document: &Document, options: &Options) -> Result<Vec<Finding>, LintError> {
    check_source(document, &SourceMap::default(), options)
}

/// Runs the selected rules on `document`, parsed as `source` records.
fn check_source(
    document: &Document,
    source: &SourceMap,
    options: &Options,
) -> Result<Vec<Finding>, LintError> {
    let directive = check_directive::CheckDirective::of(document)?;
    let checker = checker::Checker::new(document, source, options.frontend)
        .with_dockerignore(options.dockerignore.as_deref())
        .with_base_platforms(&options.base_platforms);
    let mut findings = Vec::new();
    for rule in options.selection.rules() {
        if !directive.runs(rule) {
            continue;
        }
        let first = findings.len();
        (rule.check)(rule, &checker, &mut findings);
        let severity = directive.severity(rule);
        for finding in &mut findings[first..] {
            finding.set_severity(severity);
        }
    }
    findings.sort_by_key(|f| f.instruction);
    Ok(findings)
}

/// Runs the selected rules on `document`, read from `text` as `map` says:
/// findings get lines and columns, and those that an ignore comment names
/// are dropped; an error as [`check`] gives.
pub fn check_text(
    document: &Document,
    map: &SourceMap,
    text: &str,
    options: &Options,
) -> Result<Vec<Finding>, LintError> {
    let mut findings = check_source(document, map, options)?;
    for finding in &mut findings {
        finding.locate(map, text);
    }
    findings.retain(|f| {
        let from = map.get(f.instruction).map(|s| s.start_line);
        match (from, f.line) {
            (Some(from), Some(line)) => !is_suppressed(text, from, line, f.code(), f.rule.name),
            _ => true,
        }
    });
    findings.sort_by_key(|f| (f.line, f.column));
    Ok(findings)
}
