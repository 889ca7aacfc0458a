//! What building some targets takes: the stages they need and the levels
//! BuildKit runs at once.

use crate::error::GraphError;
use crate::stage_graph::StageGraph;

/// A stage graph with targets: which stages are needed, and each stage's
/// level (a stage runs once every stage it needs has finished, so all
/// stages of one level can run at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan<'g> {
    /// The graph planned over.
    pub graph: &'g StageGraph,
    /// The targets, by index.
    pub targets: Vec<usize>,
    /// Per stage: whether a target needs it (targets need themselves).
    pub needed: Vec<bool>,
    /// Per stage: its level, 0 for stages that need no other stage.
    pub level: Vec<usize>,
}

impl StageGraph {
    /// Plans a build of `targets` (stage names or indexes; none means the
    /// last stage, as a build without `--target`).
    pub fn plan(&self, targets: &[String]) -> Result<Plan<'_>, GraphError> {
        if self.stages.is_empty() {
            return Err(GraphError::NoStages);
        }
        let targets = if targets.is_empty() {
            vec![self.stages.len() - 1]
        } else {
            targets
                .iter()
                .map(|t| self.stage_index(t))
                .collect::<Result<Vec<_>, _>>()?
        };
        let order = self.topological_order()?;
        let mut level = vec![0usize; self.stages.len()];
        for &stage in &order {
            level[stage] = self
                .edges
                .iter()
                .filter(|e| e.to == stage)
                .map(|e| level[e.from] + 1)
                .max()
                .unwrap_or(0);
        }
        let mut needed = vec![false; self.stages.len()];
        let mut pending = targets.clone();
        while let Some(stage) = pending.pop() {
            if !std::mem::replace(&mut needed[stage], true) {
                pending.extend(self.edges.iter().filter(|e| e.to == stage).map(|e| e.from));
            }
        }
        Ok(Plan {
            graph: self,
            targets,
            needed,
            level,
        })
    }

    /// The index of the stage named (any case) or numbered `target`.
    fn stage_index(&self, target: &str) -> Result<usize, GraphError> {
        self.stages
            .iter()
            .position(|s| s.name.eq_ignore_ascii_case(target))
            .ok_or_else(|| GraphError::UnknownTarget {
                target: target.to_owned(),
                stages: self
                    .stages
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// The stages with every stage before the stages that need it; a
    /// circle of references is an error naming it.
    fn topological_order(&self) -> Result<Vec<usize>, GraphError> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let mut marks = vec![Mark::New; self.stages.len()];
        let mut order = Vec::with_capacity(self.stages.len());
        for root in 0..self.stages.len() {
            // Depth-first over "needs" edges, with an explicit stack of
            // (stage, whether its needs were pushed).
            let mut stack = vec![(root, false)];
            let mut path: Vec<usize> = Vec::new();
            while let Some((stage, expanded)) = stack.pop() {
                if expanded {
                    marks[stage] = Mark::Done;
                    path.pop();
                    order.push(stage);
                    continue;
                }
                match marks[stage] {
                    Mark::Done => continue,
                    Mark::Open => return Err(self.cycle_error(&path, stage)),
                    Mark::New => {}
                }
                marks[stage] = Mark::Open;
                path.push(stage);
                stack.push((stage, true));
                for edge in self.edges.iter().filter(|e| e.to == stage) {
                    match marks[edge.from] {
                        Mark::Open => {
                            return Err(self.cycle_error(&path, edge.from));
                        }
                        Mark::New => stack.push((edge.from, false)),
                        Mark::Done => {}
                    }
                }
            }
        }
        Ok(order)
    }

    fn cycle_error(&self, path: &[usize], back_to: usize) -> GraphError {
        let start = path.iter().position(|&s| s == back_to).unwrap_or(0);
        let names: Vec<&str> = path[start..]
            .iter()
            .chain(std::iter::once(&back_to))
            .map(|&s| self.stages[s].name.as_str())
            .collect();
        GraphError::Cycle {
            cycle: names.join(" -> "),
        }
    }
}

impl Plan<'_> {
    /// The stages by level: entry `k` holds the stages of level `k`, in file
    /// order.
    pub fn levels(&self) -> Vec<Vec<usize>> {
        let depth = self.level.iter().max().map_or(0, |m| m + 1);
        let mut levels = vec![Vec::new(); depth];
        for (stage, &level) in self.level.iter().enumerate() {
            levels[level].push(stage);
        }
        levels
    }

    /// The stages no target needs: BuildKit skips them.
    pub fn unreached(&self) -> Vec<usize> {
        (0..self.needed.len())
            .filter(|&s| !self.needed[s])
            .collect()
    }
}
