//! ## What it does
//! Flags `FROM image AS name` where the `AS` word is not in the casing of the
//! `FROM` keyword (when that keyword is all upper- or all lowercase), as
//! Docker's build check `FromAsCasing` does.
//!
//! ## Why is this bad?
//! Mixed casing on one line reads as carelessness and makes the file harder
//! to scan and to search; Docker warns about it on every build.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine as build
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine AS build
//! ```

use dockerfile::InstructionId;

use super::Casing;
use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for stage in 0..checker.document.stages.len() {
        let id = InstructionId::From { stage };
        let Some(spelling) = checker.source.spelling(id) else {
            continue;
        };
        let (Some(as_word), Some(casing)) = (
            spelling.as_keyword.as_deref(),
            Casing::of(&spelling.keyword),
        ) else {
            continue;
        };
        let wanted = casing.apply(as_word);
        if as_word != wanted {
            out.push(Finding::new(
                rule,
                id,
                format!(
                    "'{as_word}' and '{}' keywords' casing do not match: write {wanted}",
                    spelling.keyword
                ),
            ));
        }
    }
}
