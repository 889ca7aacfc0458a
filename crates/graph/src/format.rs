//! Printing a planned stage graph: text, Graphviz DOT, Mermaid, JSON.

use std::fmt::Write as _;

use serde::Serialize;

use crate::error::GraphError;
use crate::plan::Plan;
use crate::stage_graph::EdgeKind;

/// An output format of `docker-dsl graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Levels, stages and what they need, for a terminal.
    Text,
    /// Graphviz DOT (one rank per level).
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
    /// Machine-readable JSON.
    Json,
}

impl Format {
    /// Reads a `--format` value other than `svg` (which is DOT run through
    /// Graphviz).
    pub fn parse(given: &str) -> Result<Format, GraphError> {
        match given {
            "text" => Ok(Format::Text),
            "dot" => Ok(Format::Dot),
            "mermaid" => Ok(Format::Mermaid),
            "json" => Ok(Format::Json),
            _ => Err(GraphError::UnknownFormat {
                given: given.to_owned(),
            }),
        }
    }
}

impl Plan<'_> {
    /// The plan printed in `format`, ending with a newline.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => self.text(),
            Format::Dot => self.dot(),
            Format::Mermaid => self.mermaid(),
            Format::Json => self.json(),
        }
    }

    fn name(&self, stage: usize) -> &str {
        &self.graph.stages[stage].name
    }

    fn names(&self, stages: &[usize]) -> String {
        stages
            .iter()
            .map(|&s| self.name(s))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What a stage starts from and uses, e.g. `FROM base; COPY --from tools`.
    fn inputs(&self, stage: usize) -> String {
        let node = &self.graph.stages[stage];
        let mut parts: Vec<String> = node
            .base_image
            .iter()
            .map(|image| format!("FROM {image}"))
            .collect();
        for edge in self.graph.edges.iter().filter(|e| e.to == stage) {
            let label = edge.kind.label();
            let gap = if label.ends_with('=') { "" } else { " " };
            parts.push(format!("{label}{gap}{}", self.name(edge.from)));
        }
        parts.extend(
            node.other_images
                .iter()
                .map(|image| format!("uses image {image}")),
        );
        parts.join("; ")
    }

    fn text(&self) -> String {
        let levels = self.levels();
        let targets = self.names(&self.targets);
        let mut out = format!(
            "{} stages in {} levels; target {targets}\n",
            self.graph.stages.len(),
            levels.len()
        );
        let width = self
            .graph
            .stages
            .iter()
            .map(|s| s.name.len())
            .max()
            .unwrap_or(0);
        for (k, stages) in levels.iter().enumerate() {
            let _ = writeln!(out, "\nlevel {k} ({}):", parallel_note(stages.len()));
            for &stage in stages {
                let mark = if self.needed[stage] { " " } else { "-" };
                let _ = writeln!(
                    out,
                    "  {mark} {:<width$}  {}",
                    self.name(stage),
                    self.inputs(stage)
                );
            }
        }
        let needs: Vec<usize> = (0..self.needed.len())
            .filter(|&s| self.needed[s] && !self.targets.contains(&s))
            .collect();
        let _ = writeln!(
            out,
            "\ntarget {targets} needs: {}",
            if needs.is_empty() {
                "no other stage".to_owned()
            } else {
                self.names(&needs)
            }
        );
        let unreached = self.unreached();
        if !unreached.is_empty() {
            let _ = writeln!(
                out,
                "not reached by target {targets} (marked -, BuildKit skips them): {}",
                self.names(&unreached)
            );
        }
        out
    }

    fn dot(&self) -> String {
        let mut out = String::from("digraph stages {\n  rankdir=LR;\n  node [shape=box];\n");
        for (k, stages) in self.levels().iter().enumerate() {
            let _ = writeln!(out, "  subgraph level_{k} {{\n    rank=same;");
            for &stage in stages {
                let style = if self.needed[stage] {
                    ""
                } else {
                    ", style=dashed, color=gray50, fontcolor=gray50"
                };
                let target = if self.targets.contains(&stage) {
                    ", penwidth=2"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "    s{stage} [label={}{style}{target}];",
                    dot_string(&format!("{}\nlevel {k}", self.name(stage)))
                );
            }
            out.push_str("  }\n");
        }
        for edge in &self.graph.edges {
            let style = if edge.kind == EdgeKind::From {
                ""
            } else {
                ", style=dashed"
            };
            let _ = writeln!(
                out,
                "  s{} -> s{} [label={}{style}];",
                edge.from,
                edge.to,
                dot_string(edge.kind.label())
            );
        }
        out.push_str("}\n");
        out
    }

    fn mermaid(&self) -> String {
        let mut out = String::from("flowchart LR\n");
        for (stage, node) in self.graph.stages.iter().enumerate() {
            let _ = writeln!(
                out,
                "  s{stage}[\"{}<br/>level {}\"]",
                mermaid_text(&node.name),
                self.level[stage]
            );
        }
        for edge in &self.graph.edges {
            let arrow = if edge.kind == EdgeKind::From {
                "-->"
            } else {
                "-.->"
            };
            let _ = writeln!(
                out,
                "  s{} {arrow}|\"{}\"| s{}",
                edge.from,
                mermaid_text(edge.kind.label()),
                edge.to
            );
        }
        let unreached = self.unreached();
        if !unreached.is_empty() {
            out.push_str("  classDef unreached stroke-dasharray: 5 5,color:#888\n");
            let ids: Vec<String> = unreached.iter().map(|s| format!("s{s}")).collect();
            let _ = writeln!(out, "  class {} unreached", ids.join(","));
        }
        out
    }

    fn json(&self) -> String {
        #[derive(Serialize)]
        struct Stage<'a> {
            #[serde(flatten)]
            node: &'a crate::stage_graph::StageNode,
            level: usize,
            needed: bool,
        }
        #[derive(Serialize)]
        struct Edge<'a> {
            from: &'a str,
            to: &'a str,
            kind: EdgeKind,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            stages: Vec<Stage<'a>>,
            edges: Vec<Edge<'a>>,
            levels: Vec<Vec<&'a str>>,
            targets: Vec<&'a str>,
            unreached: Vec<&'a str>,
        }
        let names = |stages: &[usize]| stages.iter().map(|&s| self.name(s)).collect::<Vec<_>>();
        let out = Out {
            stages: self
                .graph
                .stages
                .iter()
                .enumerate()
                .map(|(i, node)| Stage {
                    node,
                    level: self.level[i],
                    needed: self.needed[i],
                })
                .collect(),
            edges: self
                .graph
                .edges
                .iter()
                .map(|e| Edge {
                    from: self.name(e.from),
                    to: self.name(e.to),
                    kind: e.kind,
                })
                .collect(),
            levels: self.levels().iter().map(|l| names(l)).collect(),
            targets: names(&self.targets),
            unreached: names(&self.unreached()),
        };
        let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn parallel_note(count: usize) -> String {
    if count == 1 {
        "1 stage".to_owned()
    } else {
        format!("{count} stages, run at once")
    }
}

/// A DOT double-quoted string.
fn dot_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text inside a Mermaid `"..."` label: `"` and `<>` as entities.
fn mermaid_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
