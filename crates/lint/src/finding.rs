//! A finding: which rule, where, and what to do about it.

use dockerfile::{InstructionId, SourceMap};

use crate::codes::{Category, Rule, Severity};

/// One problem found in a document.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule that found it.
    pub rule: &'static Rule,
    /// The instruction it is about.
    pub instruction: InstructionId,
    /// What is wrong and how to fix it.
    pub message: String,
    /// How bad it is: the rule's severity, or `error` for Docker's checks
    /// under `# check=error=true`.
    severity: Severity,
    /// The 1-based line, once located in a text.
    pub line: Option<usize>,
    /// The 1-based column, once located in a text.
    pub column: Option<usize>,
    /// Text inside the instruction to point the column at.
    needle: Option<String>,
    /// The line to report, when not the instruction's first.
    source_line: Option<usize>,
}

impl Finding {
    /// A finding of `rule` about instruction `instruction`.
    pub(crate) fn new(rule: &'static Rule, instruction: InstructionId, message: String) -> Self {
        Self {
            rule,
            instruction,
            message,
            severity: rule.severity,
            line: None,
            column: None,
            needle: None,
            source_line: None,
        }
    }

    /// Points the finding at the first occurrence of `needle` in the
    /// instruction (for Docker's checks, only on its first line).
    pub(crate) fn at(mut self, needle: impl Into<String>) -> Self {
        self.needle = Some(needle.into());
        self
    }

    /// Reports the finding on line `line` of the text (inside the instruction).
    pub(crate) fn on_line(mut self, line: usize) -> Self {
        self.source_line = Some(line);
        self
    }

    /// The rule's code.
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    /// The rule's category.
    pub fn category(&self) -> Category {
        self.rule.category
    }

    /// The finding's severity.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Sets the severity (what `# check=error=true` asks of Docker's checks).
    pub(crate) fn set_severity(&mut self, severity: Severity) {
        self.severity = severity;
    }

    /// Sets line and column from where the instruction stands in `text`
    /// (as `map` records), at the finding's needle when it is found there.
    pub fn locate(&mut self, map: &SourceMap, text: &str) {
        let Some(span) = map.get(self.instruction) else {
            return;
        };
        self.line = Some(self.source_line.unwrap_or(span.start_line));
        self.column = Some(1);
        let Some(needle) = self.needle.as_deref().filter(|n| !n.is_empty()) else {
            return;
        };
        // Docker's checks report an instruction on its first line, wherever
        // in it the needle stands: there it only sets the column.
        let searched = if self.rule.category == Category::Check {
            1
        } else {
            (span.end_line + 1).saturating_sub(span.start_line)
        };
        let lines = text
            .lines()
            .enumerate()
            .skip(span.start_line.saturating_sub(1));
        for (index, line) in lines.take(searched) {
            if let Some(byte) = line.find(needle) {
                self.line = Some(index + 1);
                self.column = Some(line[..byte].chars().count() + 1);
                return;
            }
        }
    }
}
