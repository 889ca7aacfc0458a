//! Rust source pieces: string literals and expressions laid out the way
//! `rustfmt` (default settings) lays them out, so an imported program passes
//! `rustfmt --check`.

/// `rustfmt`'s default `max_width`.
const MAX_WIDTH: usize = 100;
/// `rustfmt`'s default `fn_call_width` (also its `array_width`).
const CALL_WIDTH: usize = 60;
/// `rustfmt`'s default `struct_lit_width`.
const STRUCT_WIDTH: usize = 18;

/// A Rust string literal holding `text`, on one line (escapes such as `\n`
/// keep a multi-line value from moving with the program's indentation).
pub(crate) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A script as a Rust literal a reader can read: a multi-line `text` is a
/// raw string (`r#"..."#`, with as many `#` as its quotes need) whose lines
/// stand as they are, from column 0; anything else, or text holding a
/// control character other than a tab, is [`string`].
pub(crate) fn script_literal(text: &str) -> String {
    let plain = |c: char| !c.is_control() || c == '\n' || c == '\t';
    if !text.contains('\n') || !text.chars().all(plain) {
        return string(text);
    }
    let mut hashes = 0;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}")
}

/// `"text".into()`.
pub(crate) fn owned(text: &str) -> Expr {
    Expr::Owned(string(text))
}

/// `Some("text".into())`, or `None`.
pub(crate) fn some_string(text: Option<&str>) -> Expr {
    match text {
        Some(text) => Expr::call("Some", vec![owned(text)]),
        None => Expr::atom("None"),
    }
}

/// The fields of a struct literal that differ from its default, in order.
#[derive(Debug, Default)]
pub(crate) struct Fields(Vec<(String, Expr)>);

impl Fields {
    /// `name: value`.
    pub(crate) fn set(mut self, name: &str, value: Expr) -> Self {
        self.0.push((name.to_owned(), value));
        self
    }

    /// `name: Some("value".into())` when there is a value.
    pub(crate) fn string(self, name: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.set(name, some_string(Some(value))),
            None => self,
        }
    }

    /// `name: Some(value)` when there is a value (a number, a bool, a path).
    pub(crate) fn some(self, name: &str, value: Option<impl std::fmt::Display>) -> Self {
        match value {
            Some(value) => self.set(name, Expr::atom(format!("Some({value})"))),
            None => self,
        }
    }

    /// `name: true` when on.
    pub(crate) fn flag(self, name: &str, on: bool) -> Self {
        if on {
            self.set(name, Expr::atom("true"))
        } else {
            self
        }
    }

    /// True when no field differs from the default.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `name { fields, ..base }`.
    pub(crate) fn literal(self, name: &str, base: Expr) -> Expr {
        Expr::Struct {
            name: name.to_owned(),
            fields: self.0,
            base: Box::new(base),
        }
    }
}

/// A Rust expression the layout can break across lines.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    /// Source text that is never broken (a literal, a path).
    Atom(String),
    /// `literal.into()`: an owned `String` from a string literal.
    Owned(String),
    /// `callee(args...)`.
    Call(String, Vec<Expr>),
    /// `[items...]`, or `vec![items...]` when `vec`.
    Array { items: Vec<Expr>, vec: bool },
    /// `(a, b)`.
    Tuple(Vec<Expr>),
    /// `Name { field: value, ..base }`.
    Struct {
        name: String,
        fields: Vec<(String, Expr)>,
        base: Box<Expr>,
    },
    /// `|param| { statements }`.
    Closure { param: String, body: Vec<Line> },
}

/// One line of a block of statements.
#[derive(Debug, Clone)]
pub(crate) enum Line {
    /// A blank line.
    Blank,
    /// `// text`.
    Comment(String),
    /// `expr;`.
    Statement(Expr),
}

/// The lines of a block at column `indent`.
pub(crate) fn block(lines: &[Line], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for line in lines {
        match line {
            Line::Blank => out.push('\n'),
            Line::Comment(text) if text.is_empty() => out.push_str(&format!("{pad}//\n")),
            Line::Comment(text) => out.push_str(&format!("{pad}// {text}\n")),
            Line::Statement(expr) => out.push_str(&expr.layout(indent, "", ";")),
        }
    }
    out
}

impl Expr {
    /// Source text that stays on one line.
    pub(crate) fn atom(text: impl Into<String>) -> Self {
        Expr::Atom(text.into())
    }

    /// `callee(args...)`.
    pub(crate) fn call(callee: impl Into<String>, args: Vec<Expr>) -> Self {
        Expr::Call(callee.into(), args)
    }

    /// The expression on one line, or `None` when it cannot stand on one
    /// (a closure with statements) or rustfmt would break it.
    fn flat(&self) -> Option<String> {
        match self {
            // A multi-line literal breaks whatever holds it.
            Expr::Atom(text) if text.contains('\n') => None,
            Expr::Atom(text) => Some(text.clone()),
            Expr::Owned(text) => Some(format!("{text}.into()")),
            Expr::Call(callee, args) => {
                let inner = flat_list(args)?;
                (narrow(args, &inner) || lone_block(args)).then(|| format!("{callee}({inner})"))
            }
            Expr::Array { items, vec } => {
                let inner = flat_list(items)?;
                let bang = if *vec { "vec!" } else { "" };
                // A lone tuple is measured on its own (rustfmt overflows it).
                (narrow(items, &inner) || matches!(items[..], [Expr::Tuple(_)]))
                    .then(|| format!("{bang}[{inner}]"))
            }
            Expr::Tuple(items) => {
                let inner = flat_list(items)?;
                narrow(items, &inner).then(|| format!("({inner})"))
            }
            Expr::Struct { name, fields, base } => {
                let mut parts: Vec<String> = Vec::new();
                for (field, value) in fields {
                    parts.push(format!("{field}: {}", value.flat()?));
                }
                parts.push(format!("..{}", base.flat()?));
                let inner = parts.join(", ");
                (inner.len() <= STRUCT_WIDTH).then(|| format!("{name} {{ {inner} }}"))
            }
            Expr::Closure { param, body } => body.is_empty().then(|| format!("|{param}| {{}}")),
        }
    }

    /// The expression starting at column `indent` after `prefix` on its
    /// first line, followed by `suffix`: each line ends with a newline.
    pub(crate) fn layout(&self, indent: usize, prefix: &str, suffix: &str) -> String {
        let pad = " ".repeat(indent);
        if let Some(flat) = self.flat() {
            if indent + prefix.len() + flat.len() + suffix.len() <= MAX_WIDTH {
                return format!("{pad}{prefix}{flat}{suffix}\n");
            }
        }
        self.broken(indent, prefix, suffix)
    }

    /// [`Expr::layout`] without trying one line first.
    fn broken(&self, indent: usize, prefix: &str, suffix: &str) -> String {
        let pad = " ".repeat(indent);
        match self {
            Expr::Atom(text) => format!("{pad}{prefix}{text}{suffix}\n"),
            // rustfmt breaks the method call off a literal too long for it.
            Expr::Owned(text) => format!("{pad}{prefix}{text}\n{pad}    .into(){suffix}\n"),
            Expr::Call(callee, args) => list_layout(
                indent,
                &format!("{prefix}{callee}("),
                args,
                &format!("){suffix}"),
                true,
            ),
            Expr::Array { items, vec } if short_items(items) => {
                let bang = if *vec { "vec!" } else { "" };
                mixed_layout(
                    indent,
                    &format!("{prefix}{bang}["),
                    items,
                    &format!("]{suffix}"),
                )
            }
            Expr::Array { items, vec } => {
                let bang = if *vec { "vec!" } else { "" };
                list_layout(
                    indent,
                    &format!("{prefix}{bang}["),
                    items,
                    &format!("]{suffix}"),
                    false,
                )
            }
            Expr::Tuple(items) => list_layout(
                indent,
                &format!("{prefix}("),
                items,
                &format!("){suffix}"),
                false,
            ),
            Expr::Struct { name, fields, base } => {
                let mut out = format!("{pad}{prefix}{name} {{\n");
                for (field, value) in fields {
                    out.push_str(&value.layout(indent + 4, &format!("{field}: "), ","));
                }
                out.push_str(&base.layout(indent + 4, "..", ""));
                out.push_str(&format!("{pad}}}{suffix}\n"));
                out
            }
            Expr::Closure { param, body } => format!(
                "{pad}{prefix}|{param}| {{\n{}{pad}}}{suffix}\n",
                block(body, indent + 4)
            ),
        }
    }

    /// The first line of this expression's broken layout.
    fn opener(&self) -> String {
        match self {
            Expr::Closure { param, .. } => format!("|{param}| {{"),
            Expr::Struct { name, .. } => format!("{name} {{"),
            Expr::Array { vec: true, .. } => "vec![".to_owned(),
            Expr::Call(callee, _) => format!("{callee}("),
            Expr::Tuple(_) => "(".to_owned(),
            Expr::Owned(text) => text.clone(),
            _ => "[".to_owned(),
        }
    }
}

/// True when `items`, flat as `inner`, stay within rustfmt's width for a
/// call's arguments or an array's items (a lone literal may take the line).
fn narrow(items: &[Expr], inner: &str) -> bool {
    inner.len() <= CALL_WIDTH || matches!(items, [Expr::Atom(_) | Expr::Owned(_)])
}

/// True when rustfmt lets the last of `items` overflow past the opening
/// line: a call's closure (`f(a, |s| {` ... `})`), or the only item when it
/// is a call, an array or a struct literal.
fn overflows(items: &[Expr], call: bool) -> bool {
    match items {
        [.., Expr::Closure { .. }] => call,
        _ => lone_block(items),
    }
}

/// True for one item that rustfmt measures on its own (a call, an array, a
/// tuple or a struct literal), not against the width of its list.
fn lone_block(items: &[Expr]) -> bool {
    matches!(
        items,
        [Expr::Call(..) | Expr::Array { .. } | Expr::Struct { .. } | Expr::Tuple(_)]
    )
}

/// True when every item is a literal of at most rustfmt's
/// `short_array_element_width_threshold` (10): rustfmt then packs them.
fn short_items(items: &[Expr]) -> bool {
    items
        .iter()
        .all(|item| matches!(item, Expr::Atom(text) if text.len() <= 10 && !text.contains('\n')))
}

/// `open` short items `close`, as many items a line as fit.
fn mixed_layout(indent: usize, open: &str, items: &[Expr], close: &str) -> String {
    let pad = " ".repeat(indent);
    let inner = " ".repeat(indent + 4);
    let mut out = format!("{pad}{open}\n");
    let mut line = String::new();
    for item in items.iter().filter_map(Expr::flat) {
        if !line.is_empty() && inner.len() + line.len() + 1 + item.len() + 1 > MAX_WIDTH {
            out.push_str(&format!("{inner}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&item);
        line.push(',');
    }
    out.push_str(&format!("{inner}{line}\n{pad}{close}\n"));
    out
}

/// An array holding one multi-line literal, as rustfmt lays it out (checked
/// with rustfmt 1.9): between the brackets when its first line fits the
/// array width, else on a line of its own, unless a line would then pass the
/// maximum width (rustfmt then leaves the array as written).
fn lone_text_layout(indent: usize, open: &str, text: &str, close: &str) -> String {
    let pad = " ".repeat(indent);
    let lines: Vec<usize> = text.split('\n').map(|l| l.chars().count()).collect();
    let (first, last) = (lines[0], lines[lines.len() - 1]);
    let own_line_fits = indent + 4 + first <= MAX_WIDTH
        && lines[1..lines.len() - 1]
            .iter()
            .all(|&len| len <= MAX_WIDTH)
        && last < MAX_WIDTH; // and the comma after it
    if first <= CALL_WIDTH || !own_line_fits {
        format!("{pad}{open}{text}{close}\n")
    } else {
        let inner = " ".repeat(indent + 4);
        format!("{pad}{open}\n{inner}{text},\n{pad}{close}\n")
    }
}

fn flat_list(items: &[Expr]) -> Option<String> {
    let parts: Option<Vec<String>> = items.iter().map(Expr::flat).collect();
    Some(parts?.join(", "))
}

/// `open` items `close` broken across lines: a call's last argument
/// overflowing when the others fit on the first line, else one item a line.
fn list_layout(indent: usize, open: &str, items: &[Expr], close: &str, call: bool) -> String {
    let pad = " ".repeat(indent);
    if let [Expr::Atom(text)] = items {
        if !call && text.contains('\n') {
            return lone_text_layout(indent, open, text, close);
        }
    }
    if let Some((last, rest)) = items.split_last().filter(|_| overflows(items, call)) {
        let head: Option<Vec<String>> = rest.iter().map(Expr::flat).collect();
        if let Some(head) = head {
            let mut first = head.join(", ");
            if !first.is_empty() {
                first.push_str(", ");
            }
            let opener = last.flat().unwrap_or_else(|| last.opener());
            let width_ok = indent + open.len() + first.len() + last.opener().len() <= MAX_WIDTH
                && (lone_block(items) || first.len() + opener.len() <= CALL_WIDTH);
            let last_breaks = last.flat().is_none() || !matches!(last, Expr::Array { .. });
            if width_ok && last_breaks {
                let open = format!("{open}{first}");
                // An array's lone item gets the array's width, not the line's.
                let wide = last.flat().is_some_and(|flat| flat.len() > CALL_WIDTH);
                return if !call && wide {
                    last.broken(indent, &open, close)
                } else {
                    last.layout(indent, &open, close)
                };
            }
        }
    }
    let mut out = format!("{pad}{open}\n");
    for item in items {
        out.push_str(&item.layout(indent + 4, "", ","));
    }
    out.push_str(&format!("{pad}{close}\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_what_a_rust_literal_cannot_hold() {
        assert_eq!(string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(string("one\ntwo\tend\r"), r#""one\ntwo\tend\r""#);
        assert_eq!(string("bell\u{7}"), r#""bell\u{7}""#);
    }

    #[test]
    fn multi_line_scripts_are_raw_strings_with_enough_hashes() {
        assert_eq!(script_literal("one line"), r#""one line""#);
        assert_eq!(script_literal("a\nb"), "r\"a\nb\"");
        assert_eq!(script_literal("echo \"x\"\nb"), "r#\"echo \"x\"\nb\"#");
        assert_eq!(script_literal("echo \"#x\"\n"), "r##\"echo \"#x\"\n\"##");
        assert_eq!(script_literal("bell\u{7}\nb"), r#""bell\u{7}\nb""#);
        // The call breaks around it as rustfmt breaks it: the array keeps it.
        let run = Expr::call(
            "s.run_command",
            vec![
                Expr::Array {
                    items: vec![Expr::atom(script_literal("a\nb"))],
                    vec: false,
                },
                Expr::atom("&[]"),
            ],
        );
        assert_eq!(
            run.layout(8, "", ";"),
            "        s.run_command(\n            [r\"a\nb\"],\n            &[],\n        );\n"
        );
        // A first line past the array width: the literal gets its own line,
        // unless a line would then be too long for it.
        let long = format!("r\"{}\nb\"", "x".repeat(59));
        assert_eq!(
            lone_text_layout(12, "[", &long, "],"),
            format!("            [\n                {long},\n            ],\n")
        );
        let too_long = format!("r\"{}\n{}\"", "x".repeat(59), "y".repeat(99));
        assert_eq!(
            lone_text_layout(12, "[", &too_long, "],"),
            format!("            [{too_long}],\n")
        );
    }

    #[test]
    fn a_call_breaks_as_rustfmt_breaks_it() {
        let words = |n: usize| Expr::Array {
            items: (0..n)
                .map(|i| Expr::atom(string(&format!("word{i}"))))
                .collect(),
            vec: false,
        };
        let run = |n| Expr::call("s.run_command", vec![words(n), Expr::atom("&[]")]);
        assert_eq!(
            run(2).layout(8, "", ";"),
            "        s.run_command([\"word0\", \"word1\"], &[]);\n"
        );
        // Past rustfmt's 60-character argument width: one argument a line,
        // and an array of short literals packed (checked with rustfmt 1.9).
        let packed = [
            "        s.run_command(",
            "            [",
            "                \"word0\", \"word1\", \"word2\", \"word3\", \"word4\", \"word5\", \"word6\", \"word7\", \"word8\",",
            "                \"word9\", \"word10\", \"word11\",",
            "            ],",
            "            &[],",
            "        );",
            "",
        ];
        assert_eq!(run(12).layout(8, "", ";"), packed.join("\n"));
        // A closure overflows as the last argument.
        let stage = Expr::call(
            "df.named_stage",
            vec![
                Expr::atom(string("alpine")),
                Expr::atom(string("app")),
                Expr::Closure {
                    param: "s".to_owned(),
                    body: vec![Line::Comment("hi".to_owned())],
                },
            ],
        );
        assert_eq!(
            stage.layout(4, "", ";"),
            "    df.named_stage(\"alpine\", \"app\", |s| {\n        // hi\n    });\n"
        );
    }
}
