//! ## What it does
//! Flags the `MAINTAINER` instruction, as Docker's build check
//! `MaintainerDeprecated` does.
//!
//! ## Why is this bad?
//! `MAINTAINER` is deprecated: it sets a field of the image configuration
//! that tools no longer read. A label says the same where tools look.
//!
//! ## Example
//! ```dockerfile
//! MAINTAINER Jane Doe <jane@example.com>
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
//! ```

use crate::checker::Checker;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (id, spelling) in checker.stage_spellings() {
        if spelling.keyword.eq_ignore_ascii_case("maintainer") {
            out.push(Finding::new(
                rule,
                id,
                "Maintainer instruction is deprecated in favor of using label: write LABEL org.opencontainers.image.authors=\"...\"".to_owned(),
            ));
        }
    }
}
