//! Traps of the Dockerfile syntax itself that BuildKit accepts silently.

pub(crate) mod copy_heredoc_expands_variables;
pub(crate) mod floating_syntax_pin;
pub(crate) mod misplaced_escape_directive;
pub(crate) mod misplaced_parser_directive;
pub(crate) mod unknown_instruction;

use dockerfile::{Instruction, InstructionId};

use crate::checker::Checker;

/// A comment line with the shape of a parser directive, outside the leading
/// directive block, where BuildKit reads it as an ordinary comment.
pub(crate) struct MisplacedDirective {
    /// The comment's address.
    pub id: InstructionId,
    /// `syntax`, `escape` or `check`.
    pub name: String,
    /// The value after `=`.
    pub value: String,
}

/// Every comment of the document that would be a parser directive in the
/// leading block. The parser keeps real directives out of the comments, so
/// each one found here is ignored by BuildKit: it came after a blank line, an
/// ordinary comment, an unknown directive or an instruction.
pub(crate) fn misplaced_directives(checker: &Checker<'_>) -> Vec<MisplacedDirective> {
    checker
        .instructions()
        .filter_map(|(id, instruction)| {
            let line = match instruction {
                Instruction::Comment(text) => format!("# {text}"),
                Instruction::Raw(text) if is_one_comment_line(text) => text.trim().to_owned(),
                _ => return None,
            };
            let (name, value) = dockerfile::parse::known_directive(&line)?;
            Some(MisplacedDirective {
                id,
                name,
                value: value.to_owned(),
            })
        })
        .collect()
}

/// Whether verbatim text is a single `#` comment line (blank lines around it
/// allowed), not an instruction kept verbatim.
fn is_one_comment_line(text: &str) -> bool {
    let text = text.trim();
    text.starts_with('#') && !text.contains('\n')
}
