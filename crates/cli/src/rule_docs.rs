//! `docker-dsl rule CODE` and `docker-dsl rules`: the lint rules' documentation.

use crate::error::CliError;

/// Prints the documentation of the rule `code` (or name); 2 when unknown.
pub(crate) fn rule(code: &str) -> Result<i32, CliError> {
    match lint::rule(code) {
        Some(rule) => {
            println!(
                "# {} {} ({}, {})\n\n{}",
                rule.code,
                rule.name,
                rule.category.name(),
                rule.severity.name(),
                rule.doc()
            );
            Ok(0)
        }
        None => Err(CliError::usage(format!(
            "no rule '{code}': `docker-dsl rules` lists the codes and names"
        ))),
    }
}

/// Lists every rule: code, name, category, severity and what it flags.
pub(crate) fn rules() -> Result<i32, CliError> {
    let width = lint::RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
    for rule in lint::RULES {
        println!(
            "{:<5} {:<width$}  {:<7} {:<8} {}",
            rule.code,
            rule.name,
            rule.category.name(),
            rule.severity.name(),
            rule.summary()
        );
    }
    Ok(0)
}
