//! ## What it does
//! Flags a `# escape=` line that BuildKit reads as an ordinary comment
//! because it is not in the leading directive block: it comes after a blank
//! line, an ordinary comment or an instruction.
//!
//! ## Why is this bad?
//! BuildKit reads parser directives only from the first lines of the file
//! and stops at the first line that is not one. A later `# escape=`` ` ``
//! is silently ignored, so `\` stays the escape character and every line
//! parses differently from what the author wrote for: a Windows path such as
//! `C:\Windows` in `ENV` or `COPY` loses its backslashes, and line
//! continuations written with `` ` `` do not continue.
//!
//! ## Example
//! ```dockerfile
//! # Windows image
//! # escape=`
//! FROM mcr.microsoft.com/windows/servercore:ltsc2022
//! ENV APPDIR=C:\app
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! # escape=`
//! # Windows image
//! FROM mcr.microsoft.com/windows/servercore:ltsc2022
//! ENV APPDIR=C:\app
//! ```

use crate::checker::Checker;
use crate::rules::syntax::misplaced_directives;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for directive in misplaced_directives(checker)
        .into_iter()
        .filter(|d| d.name == "escape")
    {
        out.push(Finding::new(
            rule,
            directive.id,
            format!(
                "`# escape={}` is not in the leading directive block, so BuildKit reads it as a comment and `\\` stays the escape character: move it to the first line of the file, before any blank line, comment or instruction",
                directive.value
            ),
        ));
    }
}
