//! ## What it does
//! Flags a comment right above an `ARG` or a named `FROM ... AS stage` whose
//! first word is not the argument's or the stage's name, as Docker's
//! experimental build check `InvalidDefinitionDescription` does. Docker
//! reads such comments as descriptions (`docker buildx build --call=outline`
//! shows them). Like Docker, it runs only under
//! `# check=experimental=InvalidDefinitionDescription` (or `=all`); a blank
//! line does not separate a comment from the instruction, an empty `#` does.
//!
//! ## Why is this bad?
//! The comment becomes the argument's or stage's description in the
//! outline although it was not written as one.
//!
//! ## Example
//! ```dockerfile
//! # the version to install
//! ARG VERSION=1.2
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! # VERSION the version to install
//! ARG VERSION=1.2
//! ```

use dockerfile::{Instruction, InstructionId};

use crate::checker::Checker;
use crate::{Finding, Rule};

/// The text of a comment line, `None` for anything else.
fn comment_text(instruction: &Instruction) -> Option<String> {
    match instruction {
        Instruction::Comment(text) => Some(text.trim().to_owned()),
        Instruction::Raw(text) => {
            let text = text.trim();
            (text.starts_with('#') && !text.contains('\n')).then(|| text[1..].trim().to_owned())
        }
        _ => None,
    }
}

/// The comments gathered above the next definition.
#[derive(Default)]
struct Description {
    comments: Vec<String>,
}

impl Description {
    /// Reads one instruction: a comment is gathered (an empty one starts
    /// over), anything else ends the description.
    fn read(&mut self, instruction: &Instruction) {
        match comment_text(instruction) {
            Some(text) if text.is_empty() => self.comments.clear(),
            Some(text) => self.comments.push(text),
            None => self.comments.clear(),
        }
    }

    /// A finding when the last comment does not start with `name`.
    fn judge(
        &self,
        rule: &'static Rule,
        id: InstructionId,
        keyword: &str,
        name: &str,
    ) -> Option<Finding> {
        let last = self.comments.last()?;
        let first_word = last.split(' ').next().unwrap_or_default();
        (first_word != name).then(|| {
            Finding::new(
                rule,
                id,
                format!(
                    "Comment for {keyword} should follow the format: `# {name} <description>`: start the comment with {name}, or put an empty `#` line between it and the {keyword}"
                ),
            )
        })
    }
}

/// Judges `instruction` when it is an `ARG`, then reads it.
fn visit(
    rule: &'static Rule,
    id: InstructionId,
    instruction: &Instruction,
    description: &mut Description,
    out: &mut Vec<Finding>,
) {
    if let Instruction::Arg { name, .. } = instruction {
        out.extend(description.judge(rule, id, "ARG", name));
    }
    description.read(instruction);
}

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    let document = checker.document;
    let mut description = Description::default();
    for (index, instruction) in document.preamble.iter().enumerate() {
        visit(
            rule,
            InstructionId::Preamble(index),
            instruction,
            &mut description,
            out,
        );
    }
    for (stage, body) in document.stages.iter().enumerate() {
        if let Some(name) = &body.from.name {
            let id = InstructionId::From { stage };
            out.extend(description.judge(rule, id, "FROM", &name.to_lowercase()));
        }
        description.comments.clear();
        for (index, instruction) in body.body.iter().enumerate() {
            visit(
                rule,
                InstructionId::Body { stage, index },
                instruction,
                &mut description,
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::finding_lines;

    #[test]
    fn flags_comments_that_do_not_name_the_definition() {
        let text = "# check=experimental=InvalidDefinitionDescription\nARG FIRST=1\n# the version\n\nARG VERSION=1\n# wrong name\nFROM alpine AS base\n  # inside\nARG X\n";
        assert_eq!(
            finding_lines(text, "InvalidDefinitionDescription"),
            [5, 7, 9]
        );
    }

    #[test]
    fn accepts_descriptions_and_separated_comments() {
        let text = "# check=experimental=all\n# VERSION the version\nARG VERSION=1\n# unrelated\n#\nARG B=2\n# base image\nFROM alpine AS base\n# notes\nRUN true\nARG C\n";
        assert!(finding_lines(text, "InvalidDefinitionDescription").is_empty());
    }

    #[test]
    fn silent_unless_enabled() {
        assert!(finding_lines(
            "# wrong\nARG A=1\nFROM alpine\n",
            "InvalidDefinitionDescription"
        )
        .is_empty());
    }
}
