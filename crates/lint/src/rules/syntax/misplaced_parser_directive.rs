//! ## What it does
//! Flags a `# syntax=` or `# check=` line that BuildKit reads as an ordinary
//! comment because it is not in the leading directive block: it comes after
//! a blank line, an ordinary comment or an instruction.
//!
//! ## Why is this bad?
//! BuildKit reads parser directives only from the first lines of the file
//! and stops at the first line that is not one — a blank first line is
//! enough. A misplaced `# syntax=` pin is ignored and the builder's built-in
//! frontend builds the file instead of the pinned one; a misplaced
//! `# check=` leaves the build checks at their defaults. Nothing warns.
//!
//! ## Example
//! ```dockerfile
//!
//! # syntax=docker/dockerfile:1.10
//! FROM alpine
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! # syntax=docker/dockerfile:1.10
//! FROM alpine
//! ```

use crate::checker::Checker;
use crate::rules::syntax::misplaced_directives;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for directive in misplaced_directives(checker)
        .into_iter()
        .filter(|d| d.name != "escape")
    {
        let effect = if directive.name == "syntax" {
            "the builder's built-in frontend builds the file, not this one"
        } else {
            "the build checks keep their defaults"
        };
        out.push(Finding::new(
            rule,
            directive.id,
            format!(
                "`# {}={}` is not in the leading directive block, so BuildKit reads it as a comment and {effect}: move it to the first line of the file, before any blank line, comment or instruction",
                directive.name, directive.value
            ),
        ));
    }
}
