//! ## What it does
//! Flags an instruction whose line continuations hold a blank line, on the
//! instruction's last line, as Docker's build check `NoEmptyContinuation`
//! does.
//!
//! ## Why is this bad?
//! BuildKit skips the blank line and goes on joining, but it has announced
//! that such lines will become errors; a reader also takes the blank line
//! for the end of the instruction.
//!
//! ## Example
//! ```dockerfile
//! RUN apk add \
//!
//!     curl
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! RUN apk add \
//!     curl
//! ```

use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (id, spelling) in checker.source.spellings() {
        let lines = &spelling.empty_continuation_lines;
        if lines.is_empty() {
            continue;
        }
        let listed: Vec<String> = lines.iter().map(usize::to_string).collect();
        out.push(
            Finding::new(
                rule,
                id,
                format!(
                    "Empty continuation line: remove the blank line {} or make it a comment",
                    listed.join(", ")
                ),
            )
            .on_line(spelling.text_end_line),
        );
    }
}
