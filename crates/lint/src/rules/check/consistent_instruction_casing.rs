//! ## What it does
//! Flags an instruction keyword whose casing differs from that of most
//! keywords of the stages (uppercase on a tie), as Docker's build check
//! `ConsistentInstructionCasing` does. Instructions before the first `FROM`
//! are neither counted nor flagged, as in Docker.
//!
//! ## Why is this bad?
//! A file that mixes `RUN` and `run` (or writes `Run`) is harder to read and
//! to search; Docker warns about it on every build.
//!
//! ## Example
//! ```dockerfile
//! FROM alpine
//! run apk add curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! FROM alpine
//! RUN apk add curl
//! ```

use super::Casing;
use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let keywords: Vec<_> = checker
        .stage_spellings()
        .map(|(id, spelling)| (id, spelling.keyword.as_str()))
        .collect();
    let count = |casing| {
        keywords
            .iter()
            .filter(|(_, k)| Casing::of(k) == Some(casing))
            .count()
    };
    let majority = if count(Casing::Lower) > count(Casing::Upper) {
        Casing::Lower
    } else {
        Casing::Upper
    };
    for (id, keyword) in keywords {
        let wanted = majority.apply(keyword);
        if keyword != wanted {
            out.push(Finding::new(
                rule,
                id,
                format!(
                    "Command '{keyword}' should match the case of the command majority ({}): write {wanted}",
                    majority.name()
                ),
            ));
        }
    }
}
