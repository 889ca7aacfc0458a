//! Lint findings as the user reads them: human text with the source line
//! and a caret, JSON, SARIF 2.1.0, or GitHub workflow annotations.

use std::fmt::Write as _;

use serde::Serialize;
use serde_sarif::sarif;

/// The output formats of `docker-dsl lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `path:line:col: CODE message`, the source line, a caret, a summary.
    Human,
    /// `{"findings": [...]}`.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// `::error file=...,line=...::message` workflow commands.
    Github,
}

impl Format {
    /// Parses a `--format` value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "human" => Some(Format::Human),
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            "github" => Some(Format::Github),
            _ => None,
        }
    }
}

/// A line of the rendered Dockerfile, for findings in recipes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RenderedLine {
    /// The 1-based line in the rendered Dockerfile.
    pub line: usize,
    /// The 1-based column there.
    pub column: usize,
    /// The line's text.
    pub text: String,
}

/// One finding, located in the file the user wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// The Dockerfile or recipe.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The rule's code.
    pub code: &'static str,
    /// The rule's name.
    pub name: &'static str,
    /// `secret`, `cache`, `mount`.
    pub category: lint::Category,
    /// `error`, `warning`, `info`.
    pub severity: lint::Severity,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The text of the line, for the caret.
    #[serde(skip)]
    pub source: Option<String>,
    /// For recipes: where the finding stands in the rendered Dockerfile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rendered: Option<RenderedLine>,
}

/// Everything `format` prints for `diagnostics` over `files` inputs.
pub(crate) fn render(format: Format, diagnostics: &[Diagnostic], files: usize) -> String {
    match format {
        Format::Human => human(diagnostics, files),
        Format::Json => json(diagnostics),
        Format::Sarif => sarif_log(diagnostics),
        Format::Github => github(diagnostics),
    }
}

fn human(diagnostics: &[Diagnostic], files: usize) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            d.path,
            d.line,
            d.column,
            d.code,
            d.severity.name(),
            d.message
        );
        if let Some(source) = &d.source {
            caret(&mut out, d.line, d.column, source);
        }
        if let Some(rendered) = &d.rendered {
            let _ = writeln!(
                out,
                "  = in the rendered Dockerfile, line {}:",
                rendered.line
            );
            caret(&mut out, rendered.line, rendered.column, &rendered.text);
        }
    }
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = if files == 1 { "" } else { "s" };
    if diagnostics.is_empty() {
        let _ = writeln!(out, "No findings in {files} file{plural}.");
    } else {
        let _ = writeln!(
            out,
            "Found {} finding{} in {files} file{plural}: {} error, {} warning, {} info.",
            diagnostics.len(),
            if diagnostics.len() == 1 { "" } else { "s" },
            count(lint::Severity::Error),
            count(lint::Severity::Warning),
            count(lint::Severity::Info),
        );
    }
    out
}

/// The source line under a gutter, and a caret under `column`.
fn caret(out: &mut String, line: usize, column: usize, source: &str) {
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    let _ = writeln!(out, "{pad} |\n{gutter} | {source}");
    let _ = writeln!(out, "{pad} | {}^", " ".repeat(column.saturating_sub(1)));
}

fn json(diagnostics: &[Diagnostic]) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        findings: &'a [Diagnostic],
    }
    let mut text = serde_json::to_string_pretty(&Report {
        findings: diagnostics,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}

fn level(severity: lint::Severity) -> sarif::ResultLevel {
    match severity {
        lint::Severity::Error => sarif::ResultLevel::Error,
        lint::Severity::Warning => sarif::ResultLevel::Warning,
        lint::Severity::Info => sarif::ResultLevel::Note,
    }
}

fn sarif_log(diagnostics: &[Diagnostic]) -> String {
    let rules: Vec<sarif::ReportingDescriptor> = lint::RULES
        .iter()
        .map(|rule| {
            sarif::ReportingDescriptor::builder()
                .id(rule.code)
                .name(rule.name)
                .short_description(
                    sarif::MultiformatMessageString::builder()
                        .text(rule.summary())
                        .build(),
                )
                .full_description(
                    sarif::MultiformatMessageString::builder()
                        .text(rule.doc())
                        .build(),
                )
                .default_configuration(
                    sarif::ReportingConfiguration::builder()
                        .level(serde_json::json!(level(rule.severity)
                            .to_string()
                            .trim_matches('"')))
                        .build(),
                )
                .properties(
                    sarif::PropertyBag::builder()
                        .tags(vec![rule.category.name().to_owned()])
                        .additional_properties(std::collections::BTreeMap::new())
                        .build(),
                )
                .build()
        })
        .collect();
    let results: Vec<sarif::Result> = diagnostics
        .iter()
        .map(|d| {
            let region = sarif::Region::builder()
                .start_line(d.line as i64)
                .start_column(d.column as i64)
                .build();
            let location = sarif::PhysicalLocation::builder()
                .artifact_location(
                    sarif::ArtifactLocation::builder()
                        .uri(d.path.clone())
                        .build(),
                )
                .region(region)
                .build();
            sarif::Result::builder()
                .rule_id(d.code)
                .rule_index(
                    lint::RULES
                        .iter()
                        .position(|r| r.code == d.code)
                        .unwrap_or(0) as i64,
                )
                .level(level(d.severity))
                .message(sarif::Message::builder().text(d.message.clone()).build())
                .locations(vec![sarif::Location::builder()
                    .physical_location(location)
                    .build()])
                .build()
        })
        .collect();
    let driver = sarif::ToolComponent::builder()
        .name("docker-dsl")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .build();
    let log = sarif::Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// A value escaped for a workflow command's properties (`%`, CR, LF, `:`, `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A value escaped for a workflow command's message (`%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            lint::Severity::Error => "error",
            lint::Severity::Warning => "warning",
            lint::Severity::Info => "notice",
        };
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            escape_property(&d.path),
            d.line,
            d.column,
            escape_property(&format!("{} {}", d.code, d.name)),
            escape_data(&d.message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic() -> Diagnostic {
        let rule = lint::rule("S001").expect("known");
        Diagnostic {
            path: "app/Dockerfile".into(),
            line: 3,
            column: 5,
            code: rule.code,
            name: rule.name,
            category: rule.category,
            severity: rule.severity,
            message: "secret 'a' is written to /etc/a, 100%: fix it".into(),
            source: Some("RUN cat /run/secrets/a > /etc/a".into()),
            rendered: None,
        }
    }

    #[test]
    fn human_output_has_the_line_a_caret_and_a_summary() {
        insta::assert_snapshot!(render(Format::Human, &[diagnostic()], 1));
    }

    #[test]
    fn github_annotations_escape_their_fields() {
        assert_eq!(
            render(Format::Github, &[diagnostic()], 1),
            "::error file=app/Dockerfile,line=3,col=5,title=S001 secret-written-to-file::secret 'a' is written to /etc/a, 100%25: fix it\n"
        );
    }

    #[test]
    fn json_has_the_documented_fields() {
        let value: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &[diagnostic()], 1)).expect("json");
        let finding = &value["findings"][0];
        for (key, expected) in [
            ("path", serde_json::json!("app/Dockerfile")),
            ("line", serde_json::json!(3)),
            ("column", serde_json::json!(5)),
            ("code", serde_json::json!("S001")),
            ("category", serde_json::json!("secret")),
            ("severity", serde_json::json!("error")),
        ] {
            assert_eq!(finding[key], expected, "{key}");
        }
    }
}
