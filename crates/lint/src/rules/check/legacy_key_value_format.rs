//! ## What it does
//! Flags `ENV` and `LABEL` written in the legacy `key value` form (a space,
//! not `=`, after the key), as Docker's build check `LegacyKeyValueFormat`
//! does.
//!
//! ## Why is this bad?
//! In the legacy form everything after the first space is one value, so
//! `ENV A 1 B 2` sets `A` to `1 B 2`; the form is deprecated and cannot set
//! several keys.
//!
//! ## Example
//! ```dockerfile
//! ENV PORT 8080
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! ENV PORT=8080
//! ```

use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (id, spelling) in checker.stage_spellings() {
        if spelling.legacy_key_value {
            let keyword = &spelling.keyword;
            out.push(Finding::new(
                rule,
                id,
                format!(
                    "\"{keyword} key=value\" should be used instead of legacy \"{keyword} key value\" format: put = between the key and its value"
                ),
            ));
        }
    }
}
