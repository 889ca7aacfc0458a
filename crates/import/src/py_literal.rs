//! Python source pieces: string literals and calls laid out the way
//! `ruff format` lays them out, so an imported recipe passes `ruff format --check`.

/// The line length `ruff format` uses by default.
pub(crate) const LINE_LENGTH: usize = 88;

/// A Python string literal holding `text`, in the quotes `ruff format`
/// prefers: double quotes, unless single quotes need fewer escapes.
pub(crate) fn string(text: &str) -> String {
    let doubles = text.matches('"').count();
    let singles = text.matches('\'').count();
    let quote = if doubles > singles { '\'' } else { '"' };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// A multi-line string (a heredoc body) as a triple-quoted literal, or
/// `None` when the text cannot be written that way readably.
pub(crate) fn triple_quoted(text: &str) -> Option<String> {
    let plain = text
        .chars()
        .all(|c| c == '\n' || c == '\t' || (c >= ' ' && c != '\x7f'));
    if !plain || text.contains('\\') || text.contains("\"\"\"") || text.ends_with('"') {
        return None;
    }
    Some(format!("\"\"\"{text}\"\"\""))
}

/// A Python expression the layout can break across lines: a call, a list,
/// or an atom that stays on one line.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    /// Source text that is never broken (a literal, a name).
    Atom(String),
    /// `callee(args...)`.
    Call(Call),
    /// `[items...]`.
    List(Vec<Expr>),
}

impl From<String> for Expr {
    fn from(source: String) -> Self {
        Expr::Atom(source)
    }
}

impl From<&str> for Expr {
    fn from(source: &str) -> Self {
        Expr::Atom(source.to_owned())
    }
}

impl From<Call> for Expr {
    fn from(call: Call) -> Self {
        Expr::Call(call)
    }
}

impl Expr {
    /// A list of string literals.
    pub(crate) fn strings(values: &[String]) -> Self {
        Expr::List(values.iter().map(|v| Expr::Atom(string(v))).collect())
    }

    /// The expression on one line.
    pub(crate) fn flat(&self) -> String {
        match self {
            Expr::Atom(source) => source.clone(),
            Expr::Call(call) => call.one_line(),
            Expr::List(items) => {
                let items: Vec<String> = items.iter().map(Expr::flat).collect();
                format!("[{}]", items.join(", "))
            }
        }
    }

    /// `prefix EXPR suffix` at `indent`, laid out as ruff does: on one line
    /// when it fits; else the brackets' contents on one line of their own
    /// when that fits; else one item a line, each laid out the same way, with
    /// a trailing comma (ruff's magic trailing comma keeps it so).
    pub(crate) fn layout(&self, indent: usize, prefix: &str, suffix: &str) -> String {
        let line = format!("{:indent$}{prefix}{}{suffix}", "", self.flat());
        let (open, items, close): (String, Vec<(String, &Expr)>, char) = match self {
            Expr::Call(call) if !call.args.is_empty() => (
                format!("{}(", call.callee),
                call.args
                    .iter()
                    .map(|a| {
                        (
                            a.keyword
                                .as_ref()
                                .map_or(String::new(), |k| format!("{k}=")),
                            &a.value,
                        )
                    })
                    .collect(),
                ')',
            ),
            Expr::List(items) if !items.is_empty() => (
                "[".to_owned(),
                items.iter().map(|e| (String::new(), e)).collect(),
                ']',
            ),
            _ => return line + "\n",
        };
        if line.len() <= LINE_LENGTH {
            return line + "\n";
        }
        let inner = indent + 4;
        let mut out = format!("{:indent$}{prefix}{open}\n", "");
        let joined: Vec<String> = items
            .iter()
            .map(|(k, e)| format!("{k}{}", e.flat()))
            .collect();
        let joined = joined.join(", ");
        if inner + joined.len() <= LINE_LENGTH {
            out.push_str(&format!("{:inner$}{joined}\n", ""));
        } else {
            for (keyword, item) in items {
                out.push_str(&item.layout(inner, &keyword, ","));
            }
        }
        out.push_str(&format!("{:indent$}{close}{suffix}\n", ""));
        out
    }
}

/// One argument of a call: positional or `keyword=value`.
#[derive(Debug, Clone)]
struct Arg {
    keyword: Option<String>,
    value: Expr,
}

/// A call expression `callee(args...)`.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    callee: String,
    args: Vec<Arg>,
}

impl Call {
    /// A call of `callee` with no arguments yet.
    pub(crate) fn new(callee: impl Into<String>) -> Self {
        Self {
            callee: callee.into(),
            args: Vec::new(),
        }
    }

    /// Adds a positional argument.
    pub(crate) fn arg(mut self, value: impl Into<Expr>) -> Self {
        self.args.push(Arg {
            keyword: None,
            value: value.into(),
        });
        self
    }

    /// Adds a string argument.
    pub(crate) fn string(self, value: &str) -> Self {
        self.arg(string(value))
    }

    /// Adds a keyword argument.
    pub(crate) fn kwarg(mut self, name: &str, value: impl Into<Expr>) -> Self {
        self.args.push(Arg {
            keyword: Some(name.to_owned()),
            value: value.into(),
        });
        self
    }

    /// Adds a keyword argument holding a string, when there is one.
    pub(crate) fn kwarg_str(self, name: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.kwarg(name, string(value)),
            None => self,
        }
    }

    /// Adds a keyword argument, when there is one.
    pub(crate) fn kwarg_opt(self, name: &str, value: Option<impl Into<Expr>>) -> Self {
        match value {
            Some(value) => self.kwarg(name, value),
            None => self,
        }
    }

    /// Adds `name=True` when `on`.
    pub(crate) fn flag(self, name: &str, on: bool) -> Self {
        if on {
            self.kwarg(name, "True")
        } else {
            self
        }
    }

    /// True when the call has any argument.
    pub(crate) fn has_args(&self) -> bool {
        !self.args.is_empty()
    }

    /// The call on one line.
    pub(crate) fn one_line(&self) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| match &a.keyword {
                Some(k) => format!("{k}={}", a.value.flat()),
                None => a.value.flat(),
            })
            .collect();
        format!("{}({})", self.callee, args.join(", "))
    }

    /// The call as a statement at `indent` spaces, laid out as ruff does.
    pub(crate) fn statement(self, indent: usize) -> String {
        Expr::Call(self).layout(indent, "", "")
    }

    /// `with CALL as var:` at `indent`, laid out as ruff does for one item.
    pub(crate) fn with_as(self, var: &str, indent: usize) -> String {
        Expr::Call(self).layout(indent, "with ", &format!(" as {var}:"))
    }
}

/// A `with` statement over `items` (each an expression and an optional
/// `as` name) at `indent`: on one line when it fits, otherwise
/// parenthesized one item a line, as ruff does for Python ≥ 3.9.
pub(crate) fn with_statement(items: &[(Expr, Option<&str>)], indent: usize) -> String {
    let flat: Vec<String> = items
        .iter()
        .map(|(e, name)| match name {
            Some(name) => format!("{} as {name}", e.flat()),
            None => e.flat(),
        })
        .collect();
    let line = format!("{:indent$}with {}:\n", "", flat.join(", "));
    if line.len() - 1 <= LINE_LENGTH {
        return line;
    }
    let mut out = format!("{:indent$}with (\n", "");
    for (expr, name) in items {
        let suffix = match name {
            Some(name) => format!(" as {name},"),
            None => ",".to_owned(),
        };
        out.push_str(&expr.layout(indent + 4, "", &suffix));
    }
    out.push_str(&format!("{:indent$}):\n", ""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_pick_the_quote_that_needs_no_escape() {
        assert_eq!(string("a b"), "\"a b\"");
        assert_eq!(string("say \"hi\""), "'say \"hi\"'");
        assert_eq!(string("it's \"x\""), "'it\\'s \"x\"'");
        assert_eq!(string("a\\b\n"), "\"a\\\\b\\n\"");
    }

    #[test]
    fn long_calls_break_one_argument_a_line() {
        let call = Call::new("s.run").string(&"x".repeat(90));
        assert_eq!(
            call.statement(4),
            format!("    s.run(\n        \"{}\",\n    )\n", "x".repeat(90))
        );
        assert_eq!(
            Call::new("s.run").string("ls").statement(0),
            "s.run(\"ls\")\n"
        );
    }
}
