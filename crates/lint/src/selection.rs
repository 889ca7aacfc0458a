//! Which rules run: `--select` and `--ignore` by code, name or category.

use crate::codes::{Category, Rule, RULES};
use crate::error::LintError;

/// The rules chosen to run.
#[derive(Debug, Clone)]
pub struct Selection {
    enabled: Vec<&'static Rule>,
}

impl Default for Selection {
    fn default() -> Self {
        Self {
            enabled: RULES.iter().collect(),
        }
    }
}

/// The rules one selector names.
fn rules_named(option: &'static str, selector: &str) -> Result<Vec<&'static Rule>, LintError> {
    if let Some(rule) = crate::codes::rule(selector) {
        return Ok(vec![rule]);
    }
    if let Some(category) = Category::ALL.into_iter().find(|c| c.name() == selector) {
        return Ok(RULES.iter().filter(|r| r.category == category).collect());
    }
    Err(LintError::UnknownSelector {
        option,
        given: selector.to_owned(),
        categories: Category::ALL.map(Category::name).join(", "),
    })
}

impl Selection {
    /// Every rule of `select` (all when empty) that `ignore` does not name;
    /// each list holds codes, rule names or categories.
    pub fn new(select: &[String], ignore: &[String]) -> Result<Self, LintError> {
        let mut enabled: Vec<&'static Rule> = if select.is_empty() {
            RULES.iter().collect()
        } else {
            let mut chosen = Vec::new();
            for selector in select {
                chosen.extend(rules_named("select", selector)?);
            }
            RULES
                .iter()
                .filter(|r| chosen.iter().any(|c| std::ptr::eq(*c, *r)))
                .collect()
        };
        for selector in ignore {
            let ignored = rules_named("ignore", selector)?;
            enabled.retain(|r| !ignored.iter().any(|i| std::ptr::eq(*i, *r)));
        }
        Ok(Self { enabled })
    }

    /// The chosen rules, in table order.
    pub fn rules(&self) -> &[&'static Rule] {
        &self.enabled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_codes_and_names_select_and_ignore() {
        let codes = |s: &Selection| s.rules().iter().map(|r| r.code).collect::<Vec<_>>();
        let s = Selection::new(&["secret".into()], &["S003".into()]).expect("valid");
        assert_eq!(codes(&s), ["S001", "S002", "S004"]);
        let s = Selection::new(&["rm-of-cache-mount".into()], &[]).expect("valid");
        assert_eq!(codes(&s), ["C001"]);
        let err = Selection::new(&[], &["X9".into()]).expect_err("unknown");
        assert!(err.to_string().contains("'X9' in --ignore"), "{err}");
    }
}
