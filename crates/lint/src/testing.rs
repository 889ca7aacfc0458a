//! Helpers for the rules' unit tests: Dockerfile text in, findings out.

use crate::{check_text, Options, Selection};

/// The findings of `selector` (a code, name or category) on `text`, linted
/// with `context` (its selection replaced by `selector`), as `(line, message)`.
pub(crate) fn check_lines_with(
    text: &str,
    selector: &str,
    context: Options,
) -> Vec<(usize, String)> {
    let parsed = dockerfile::parse(text).expect("the test Dockerfile parses");
    let options = Options {
        selection: Selection::new(&[selector.to_owned()], &[]).expect("known selector"),
        ..context
    };
    check_text(&parsed.document, &parsed.source_map, text, &options)
        .expect("valid directives")
        .into_iter()
        .map(|f| (f.line.expect("located"), f.message))
        .collect()
}

/// The findings of `selector` on `text`, as `(line, message)`.
pub(crate) fn check_lines(text: &str, selector: &str) -> Vec<(usize, String)> {
    check_lines_with(text, selector, Options::default())
}

/// The lines of the findings of `selector` on `text`.
pub(crate) fn finding_lines(text: &str, selector: &str) -> Vec<usize> {
    check_lines(text, selector)
        .into_iter()
        .map(|(line, _)| line)
        .collect()
}
