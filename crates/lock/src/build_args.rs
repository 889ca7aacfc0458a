//! The global `ARG`s of a Dockerfile, with the caller's overrides, and
//! their expansion in `FROM` lines as BuildKit does it.

use std::collections::BTreeMap;

use dockerfile::{Document, Instruction};

use crate::error::LockError;

/// The values BuildKit gives the global `ARG`s (those before the first
/// `FROM`) when it reads the `FROM` lines: an override from the caller
/// (`--build-arg NAME=V`), else the default expanded with the arguments
/// before it; `None` for an argument declared without either.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildArgs {
    values: BTreeMap<String, Option<String>>,
}

impl BuildArgs {
    /// The global arguments of `document`; `overrides` replace defaults of
    /// declared arguments (undeclared ones are ignored, as BuildKit does).
    pub fn of(
        document: &Document,
        overrides: &BTreeMap<String, String>,
    ) -> Result<BuildArgs, LockError> {
        let mut args = BuildArgs::default();
        for instruction in &document.preamble {
            let Instruction::Arg { name, default } = instruction else {
                continue;
            };
            let value = match (overrides.get(name), default) {
                (Some(value), _) => Some(value.clone()),
                (None, Some(default)) => {
                    Some(
                        args.expand(default)
                            .map_err(|problem| LockError::Unexpandable {
                                reference: format!("ARG {name}={default}"),
                                problem,
                            })?,
                    )
                }
                (None, None) => None,
            };
            args.values.insert(name.clone(), value);
        }
        Ok(args)
    }

    /// `reference` (a `FROM` image as written) with its variables replaced;
    /// an argument that is undeclared or has no value is an error.
    pub fn expand_reference(&self, reference: &str) -> Result<String, LockError> {
        if !reference.contains(['$', '"', '\'', '\\']) {
            return Ok(reference.to_owned());
        }
        self.expand(reference)
            .map_err(|problem| LockError::Unexpandable {
                reference: format!("FROM {reference}"),
                problem,
            })
    }

    /// Expands `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`,
    /// `${NAME:+word}` and `${NAME+word}`, with `\` escapes and quotes.
    fn expand(&self, text: &str) -> Result<String, String> {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        let mut quote: Option<char> = None;
        while let Some(ch) = chars.next() {
            match (ch, quote) {
                ('\'', None) | ('"', None) => quote = Some(ch),
                (c, Some(q)) if c == q => quote = None,
                ('\\', Some('\'')) | ('$', Some('\'')) => out.push(ch),
                ('\\', _) => out.extend(chars.next()),
                ('$', _) => out.push_str(&self.variable(&mut chars)?),
                (c, _) => out.push(c),
            }
        }
        if let Some(q) = quote {
            return Err(format!("a {q} quote is left open"));
        }
        Ok(out)
    }

    /// The value of the variable after a `$` (its name or `{...}` is
    /// consumed from `chars`).
    fn variable(
        &self,
        chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    ) -> Result<String, String> {
        if chars.peek() != Some(&'{') {
            let name = take_name(chars);
            if name.is_empty() {
                return Ok("$".to_owned());
            }
            return self.value(&name);
        }
        chars.next();
        let name = take_name(chars);
        let colon = chars.next_if_eq(&':').is_some();
        let operator = chars.next_if(|c| matches!(c, '-' | '+'));
        let mut word = String::new();
        let mut depth = 0;
        loop {
            match chars.next() {
                None => return Err(format!("${{{name} is not closed with }}")),
                Some('}') if depth == 0 => break,
                Some(c) => {
                    depth += usize::from(c == '{');
                    depth -= usize::from(c == '}');
                    word.push(c);
                }
            }
        }
        let Some(operator) = operator
            .filter(|_| !name.is_empty())
            .or_else(|| (!name.is_empty() && !colon && word.is_empty()).then_some('='))
        else {
            let colon = if colon { ":" } else { "" };
            return Err(format!(
                "${{{name}{colon}{word}}} is not an expansion docker-dsl reads (it reads $NAME, ${{NAME}}, ${{NAME:-default}} and ${{NAME:+alternative}}); write the reference out"
            ));
        };
        // With `:`, an empty value counts as unset.
        let set = self
            .values
            .get(&name)
            .and_then(Option::as_ref)
            .filter(|value| !colon || !value.is_empty());
        match (operator, set) {
            ('-', Some(value)) => Ok(value.clone()),
            ('-', None) => self.expand(&word),
            ('+', Some(_)) => self.expand(&word),
            ('+', None) => Ok(String::new()),
            _ => self.value(&name),
        }
    }

    /// A variable's value; undeclared or valueless is an error saying how
    /// to give it one.
    fn value(&self, name: &str) -> Result<String, String> {
        match self.values.get(name) {
            Some(Some(value)) => Ok(value.clone()),
            Some(None) => Err(format!(
                "the build argument {name} has no default and no value was given; give it a default (ARG {name}=VALUE) or pass --build-arg {name}=VALUE"
            )),
            None => Err(format!(
                "{name} is not a global build argument (an ARG before the first FROM); declare it there with a default, or write the reference out"
            )),
        }
    }
}

/// The variable name at the front of `chars`: letters, digits and `_`.
fn take_name(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut name = String::new();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_alphanumeric() || c == '_' {
            name.push(c);
            chars.next();
        } else {
            break;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(preamble: &[(&str, Option<&str>)], overrides: &[(&str, &str)]) -> BuildArgs {
        let document = Document {
            preamble: preamble
                .iter()
                .map(|(name, default)| Instruction::Arg {
                    name: (*name).into(),
                    default: default.map(Into::into),
                })
                .collect(),
            ..Document::default()
        };
        let overrides = overrides
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        BuildArgs::of(&document, &overrides).expect("valid arguments")
    }

    #[test]
    fn defaults_and_overrides_expand_as_buildkit_reads_them() {
        let args = args(
            &[
                ("PY", Some("3.12")),
                ("BASE", Some("python:${PY}-slim")),
                ("EMPTY", Some("")),
            ],
            &[],
        );
        for (written, expanded) in [
            ("python:${PY}", "python:3.12"),
            ("python:$PY-slim", "python:3.12-slim"),
            ("${BASE}", "python:3.12-slim"),
            ("\"${BASE}\"", "python:3.12-slim"),
            ("alpine:${EMPTY:-3.19}", "alpine:3.19"),
            ("alpine:3.19${EMPTY-x}", "alpine:3.19"),
            ("alpine${PY:+:3.20}", "alpine:3.20"),
            ("alpine:3.19", "alpine:3.19"),
        ] {
            assert_eq!(args.expand_reference(written).expect(written), expanded);
        }
        let overridden = super::tests::args(
            &[("PY", Some("3.12")), ("BASE", Some("python:${PY}-slim"))],
            &[("PY", "3.13"), ("UNDECLARED", "x")],
        );
        assert_eq!(
            overridden.expand_reference("${BASE}").expect("overridden"),
            "python:3.13-slim"
        );
    }

    #[test]
    fn an_argument_without_a_value_is_an_error_naming_the_fix() {
        let args = args(&[("BASE", None)], &[]);
        let err = args
            .expand_reference("${BASE}")
            .expect_err("no value")
            .to_string();
        assert_eq!(
            err,
            "FROM ${BASE}: the build argument BASE has no default and no value was given; give it a default (ARG BASE=VALUE) or pass --build-arg BASE=VALUE"
        );
        let err = args
            .expand_reference("img:$TAG")
            .expect_err("undeclared")
            .to_string();
        assert!(err.contains("TAG is not a global build argument"), "{err}");
        let err = args
            .expand_reference("img:${TAG%.*}")
            .expect_err("unread")
            .to_string();
        assert!(err.contains("write the reference out"), "{err}");
    }
}
