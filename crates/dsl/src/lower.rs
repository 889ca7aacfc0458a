//! Validates a finished recording and lowers it into the syntax tree.

use dockerfile::{Directive, Document, From, Stage};

use crate::error::DslError;
use crate::location::Location;
use crate::recipe::{Recipe, StageId};

impl Recipe {
    /// Checks the build as a whole (stage references, cycles) and produces
    /// the document.
    pub fn finish(&self) -> Result<Document, DslError> {
        if self.order.is_empty() {
            return Err(DslError::NoStages { file: self.file.clone() });
        }
        self.check_references()?;
        self.check_cycles()?;
        let stages = self
            .order
            .iter()
            .map(|id| {
                let state = &self.stages[id.0];
                Stage {
                    from: From { image: state.base.clone(), name: Some(state.name.clone()), platform: None },
                    body: state.body.iter().map(|e| e.instruction.clone()).collect(),
                }
            })
            .collect();
        let directives = self.settings.syntax.iter().map(|s| Directive::Syntax(s.clone())).collect();
        Ok(Document { directives, preamble: Vec::new(), stages })
    }

    fn in_build(&self, id: StageId) -> bool {
        self.stages[id.0].entered_at.is_some()
    }

    /// Every stage an instruction or a `FROM` reads must be in the build.
    fn check_references(&self) -> Result<(), DslError> {
        for id in &self.order {
            let state = &self.stages[id.0];
            if let Some(parent) = state.base_stage.filter(|p| !self.in_build(*p)) {
                return Err(DslError::StageNotInBuild {
                    what: "FROM",
                    name: self.stages[parent.0].name.clone(),
                    at: state.entered_at.clone().unwrap_or_default(),
                });
            }
            for entry in &state.body {
                if let Some(used) = entry.uses.iter().find(|u| !self.in_build(**u)) {
                    return Err(DslError::StageNotInBuild {
                        what: entry_kind(&entry.instruction),
                        name: self.stages[used.0].name.clone(),
                        at: entry.at.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The stages each stage reads: its parent and every `uses`.
    fn dependencies(&self, id: StageId) -> impl Iterator<Item = (StageId, &Location)> + '_ {
        let state = &self.stages[id.0];
        let entered = state.entered_at.as_ref();
        state
            .base_stage
            .into_iter()
            .filter_map(move |p| entered.map(|at| (p, at)))
            .chain(state.body.iter().flat_map(|e| e.uses.iter().map(move |u| (*u, &e.at))))
    }

    /// Fails when stages read each other in a circle.
    fn check_cycles(&self) -> Result<(), DslError> {
        // 0 = unvisited, 1 = on the current path, 2 = done.
        let mut mark = vec![0u8; self.stages.len()];
        let mut path: Vec<StageId> = Vec::new();
        for start in &self.order {
            if mark[start.0] == 0 {
                if let Some(err) = self.visit(*start, &mut mark, &mut path) {
                    return Err(err);
                }
            }
        }
        Ok(())
    }

    fn visit(&self, id: StageId, mark: &mut [u8], path: &mut Vec<StageId>) -> Option<DslError> {
        mark[id.0] = 1;
        path.push(id);
        for (dep, at) in self.dependencies(id) {
            if mark[dep.0] == 1 {
                let from = path.iter().position(|p| *p == dep).unwrap_or(0);
                let mut names: Vec<&str> = path[from..].iter().map(|p| self.stages[p.0].name.as_str()).collect();
                names.push(&self.stages[dep.0].name);
                return Some(DslError::DependencyCycle { cycle: names.join(" -> "), at: at.clone() });
            }
            if mark[dep.0] == 0 {
                if let Some(err) = self.visit(dep, mark, path) {
                    return Some(err);
                }
            }
        }
        path.pop();
        mark[id.0] = 2;
        None
    }
}

fn entry_kind(instruction: &dockerfile::Instruction) -> &'static str {
    match instruction {
        dockerfile::Instruction::Copy(_) => "COPY --from",
        dockerfile::Instruction::Add(_) => "ADD --from",
        dockerfile::Instruction::Run(_) => "a bind or cache mount",
        _ => "an instruction",
    }
}
