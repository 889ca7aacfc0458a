//! ## What it does
//! Flags an instruction whose keyword is not one of Dockerfile's eighteen
//! (`COPPY`, a template placeholder such as `{{ if .x }}`, a line of prose
//! left in the file).
//!
//! ## Why is this bad?
//! BuildKit's parser reads any `KEYWORD args` line, so the file parses and
//! editors show nothing wrong; the build then fails at once with "unknown
//! instruction". A template that was never filled in, or a typo in a rarely
//! built stage, surfaces only when someone builds it.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine
//! COPPY app /app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine
//! COPY app /app
//! ```

use dockerfile::parse::INSTRUCTION_KEYWORDS;

use crate::checker::Checker;
use crate::suggest::closest;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let mut unknown = checker.source.spellings().filter(|(_, spelling)| {
        !INSTRUCTION_KEYWORDS.contains(&spelling.keyword.to_ascii_lowercase().as_str())
    });
    // BuildKit stops at the first one; a file of prose or template code would
    // otherwise give one finding per line.
    let Some((id, first)) = unknown.next() else {
        return;
    };
    let more = match unknown.count() {
        0 => String::new(),
        1 => " (and 1 more line)".to_owned(),
        n => format!(" (and {n} more lines)"),
    };
    out.push(Finding::new(
        rule,
        id,
        format!(
            "`{}` is not a Dockerfile instruction{more}: the build fails with \"unknown instruction\"; {}",
            first.keyword,
            fix(&first.keyword)
        ),
    ));
}

/// A "did you mean" for a misspelt keyword, where the nearest instruction is
/// closer than half the word (`COPPY`, not `as`); otherwise the likely causes.
fn fix(keyword: &str) -> String {
    let keyword = keyword.to_ascii_lowercase();
    match closest(&keyword, INSTRUCTION_KEYWORDS) {
        Some(known) if 2 * strsim::levenshtein(&keyword, known) < keyword.len() => {
            format!("did you mean {}?", known.to_ascii_uppercase())
        }
        _ => "fill in the template, or remove text that is not a Dockerfile".to_owned(),
    }
}
