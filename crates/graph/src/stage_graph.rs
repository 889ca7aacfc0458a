//! Stages and the references between them, read from a Dockerfile tree.

use dockerfile::{Document, Instruction, Mount};
use serde::Serialize;

/// One build stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageNode {
    /// The stage's position in the file, from 0.
    pub index: usize,
    /// Its `AS` name, or its index as text when it has none (as BuildKit
    /// names it in `--from=0`).
    pub name: String,
    /// The image it starts from, when its `FROM` is not an earlier stage.
    pub base_image: Option<String>,
    /// Images it copies or mounts from (`COPY --from=IMAGE`, `from=IMAGE`).
    pub other_images: Vec<String>,
}

/// How one stage uses another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// `FROM stage`.
    From,
    /// `COPY --from=stage` (or `ADD --from`).
    CopyFrom,
    /// `RUN --mount=type=bind,from=stage`.
    BindFrom,
    /// `RUN --mount=type=cache,from=stage`.
    CacheFrom,
}

impl EdgeKind {
    /// How the reference is written in a Dockerfile, for labels.
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::From => "FROM",
            EdgeKind::CopyFrom => "COPY --from",
            EdgeKind::BindFrom => "bind from=",
            EdgeKind::CacheFrom => "cache from=",
        }
    }
}

/// Stage `to` needs stage `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Edge {
    /// The stage that is needed (by index).
    pub from: usize,
    /// The stage that needs it (by index).
    pub to: usize,
    /// How it is used.
    pub kind: EdgeKind,
}

/// The stages of a file and the edges between them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StageGraph {
    /// The stages, in file order.
    pub stages: Vec<StageNode>,
    /// Every distinct reference, sorted by the needing stage.
    pub edges: Vec<Edge>,
}

impl StageGraph {
    /// Reads the stages and references of `document`. Stage names match
    /// without regard to case, as in BuildKit; a `FROM` refers to an earlier
    /// stage only, `--from` and `from=` to any stage by name or index, and
    /// anything else is an image.
    pub fn of(document: &Document) -> StageGraph {
        let names: Vec<Option<String>> = document
            .stages
            .iter()
            .map(|s| s.from.name.as_ref().map(|n| n.to_ascii_lowercase()))
            .collect();
        let find = |reference: &str, before: usize| -> Option<usize> {
            let lower = reference.to_ascii_lowercase();
            names
                .iter()
                .take(before)
                .position(|n| n.as_deref() == Some(lower.as_str()))
        };
        let mut graph = StageGraph::default();
        for (index, stage) in document.stages.iter().enumerate() {
            let mut node = StageNode {
                index,
                name: stage.from.name.clone().unwrap_or_else(|| index.to_string()),
                base_image: None,
                other_images: Vec::new(),
            };
            match find(&stage.from.image, index) {
                Some(from) => graph.add_edge(from, index, EdgeKind::From),
                None => node.base_image = Some(stage.from.image.clone()),
            }
            for (reference, kind) in stage.body.iter().flat_map(references) {
                let by_index = reference
                    .parse::<usize>()
                    .ok()
                    .filter(|&i| i < document.stages.len());
                match by_index.or_else(|| find(reference, names.len())) {
                    Some(from) => graph.add_edge(from, index, kind),
                    None if !node.other_images.iter().any(|i| i == reference) => {
                        node.other_images.push(reference.to_owned());
                    }
                    None => {}
                }
            }
            graph.stages.push(node);
        }
        graph.edges.sort_by_key(|e| (e.to, e.from, e.kind));
        graph
    }

    fn add_edge(&mut self, from: usize, to: usize, kind: EdgeKind) {
        let edge = Edge { from, to, kind };
        if !self.edges.contains(&edge) {
            self.edges.push(edge);
        }
    }

    /// Every image the file pulls: bases and `--from`/`from=` images, each
    /// once, in file order.
    pub fn images(&self) -> Vec<&str> {
        let mut images: Vec<&str> = Vec::new();
        let all = self.stages.iter().flat_map(|s| {
            s.base_image
                .iter()
                .chain(&s.other_images)
                .map(String::as_str)
        });
        for image in all {
            if !images.contains(&image) {
                images.push(image);
            }
        }
        images
    }
}

/// The `--from` and `from=` references of one instruction (an `ONBUILD`
/// one acts in a later build, not in this one).
fn references(instruction: &Instruction) -> Vec<(&str, EdgeKind)> {
    match instruction {
        Instruction::Copy(copy) => copy
            .from
            .as_deref()
            .map(|f| (f, EdgeKind::CopyFrom))
            .into_iter()
            .collect(),
        Instruction::Add(add) => add
            .copy
            .from
            .as_deref()
            .map(|f| (f, EdgeKind::CopyFrom))
            .into_iter()
            .collect(),
        Instruction::Run(run) => run
            .mounts
            .iter()
            .filter_map(|mount| match mount {
                Mount::Bind { from: Some(f), .. } => Some((f.as_str(), EdgeKind::BindFrom)),
                Mount::Cache { from: Some(f), .. } => Some((f.as_str(), EdgeKind::CacheFrom)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}
