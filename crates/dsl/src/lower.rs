//! Validates a finished recording and lowers it into the syntax tree.

use dockerfile::{
    features, CacheSharing, Directive, Document, FromInstruction, Instruction, Mount, Run, Stage,
    SyntaxVersion,
};

use crate::container_path;
use crate::error::DslError;
use crate::location::Location;
use crate::recipe::{Entry, Recipe, StageId};

impl Recipe {
    /// Checks the build as a whole (stage references, cycles) and produces
    /// the document. A recipe that wrote nothing at all is an error; one
    /// that wrote only lines before the first `FROM` renders just those.
    pub fn finish(&self) -> Result<Document, DslError> {
        if self.order.is_empty() && self.preamble.is_empty() {
            return Err(DslError::NoStages {
                file: self.file.clone(),
            });
        }
        self.check_references()?;
        self.check_cycles()?;
        self.check_cache_sharing()?;
        let target = self.settings.target();
        let lower = |entry: &Entry| -> Result<Instruction, DslError> {
            let mut instruction = older_spelling(&entry.instruction, target);
            if let (Instruction::Copy(copy), true) = (&mut instruction, entry.implicit_link) {
                copy.link = target.is_none_or(|t| t >= features::LINK.version);
            }
            if let Some(target) = target {
                if let Some(need) = instruction.needs().into_iter().find(|n| n.version > target) {
                    return Err(DslError::SyntaxTooOld {
                        feature: need.feature,
                        needs: need.version.to_string(),
                        pinned: self
                            .settings
                            .syntax
                            .clone()
                            .unwrap_or_else(|| format!("frontend {target}")),
                        at: entry.at.clone(),
                    });
                }
            }
            Ok(instruction)
        };
        let preamble = self
            .preamble
            .iter()
            .map(lower)
            .collect::<Result<Vec<_>, _>>()?;
        let mut stages = Vec::with_capacity(self.order.len());
        for id in &self.order {
            let state = &self.stages[id.0];
            stages.push(Stage {
                from: FromInstruction {
                    image: state.base.clone(),
                    name: Some(state.name.clone()),
                    platform: state.platform.clone(),
                },
                body: state
                    .body
                    .iter()
                    .map(lower)
                    .collect::<Result<Vec<_>, _>>()?,
            });
        }
        let mut directives: Vec<Directive> = self
            .settings
            .syntax
            .iter()
            .map(|s| Directive::Syntax(s.clone()))
            .collect();
        directives.extend(self.settings.escape.map(Directive::Escape));
        directives.extend(self.settings.check.clone().map(Directive::Check));
        let document = Document {
            directives,
            preamble,
            stages,
            frontend: target,
        };
        if let (Some(target), Some(need)) = (target, document.min_syntax()) {
            if need.version > target {
                return Err(DslError::SyntaxTooOld {
                    feature: need.feature,
                    needs: need.version.to_string(),
                    pinned: target.to_string(),
                    at: Location::new(self.file.as_str(), 1),
                });
            }
        }
        Ok(document)
    }

    /// One cache (its id, else its target as BuildKit resolves it: `/c`,
    /// `/c/` and `./c` under WORKDIR `/` are one cache) must keep one
    /// sharing mode.
    fn check_cache_sharing(&self) -> Result<(), DslError> {
        let mut seen: Vec<(String, CacheSharing, &Location)> = Vec::new();
        for id in &self.order {
            for (index, entry) in self.stages[id.0].body.iter().enumerate() {
                let Instruction::Run(run) = &entry.instruction else {
                    continue;
                };
                for mount in &run.mounts {
                    let Mount::Cache {
                        id: cache_id,
                        sharing: Some(sharing),
                        ..
                    } = mount
                    else {
                        continue;
                    };
                    let key = match cache_id {
                        Some(cache_id) => cache_id.clone(),
                        None => {
                            let workdir = self.workdir_at(*id, index);
                            container_path::mount_target(mount, workdir.as_deref())
                                .unwrap_or_default()
                        }
                    };
                    match seen.iter().find(|(k, _, _)| *k == key) {
                        Some((_, first, first_at)) if first != sharing => {
                            return Err(DslError::ConflictingSharing {
                                id: key,
                                sharing: sharing_name(*sharing).to_owned(),
                                first_sharing: sharing_name(*first).to_owned(),
                                at: entry.at.clone(),
                                first: (*first_at).clone(),
                            });
                        }
                        Some(_) => {}
                        None => seen.push((key, *sharing, &entry.at)),
                    }
                }
            }
        }
        Ok(())
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
            .chain(
                state
                    .body
                    .iter()
                    .flat_map(|e| e.uses.iter().map(move |u| (*u, &e.at))),
            )
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
                let mut names: Vec<&str> = path[from..]
                    .iter()
                    .map(|p| self.stages[p.0].name.as_str())
                    .collect();
                names.push(&self.stages[dep.0].name);
                return Some(DslError::DependencyCycle {
                    cycle: names.join(" -> "),
                    at: at.clone(),
                });
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

fn sharing_name(sharing: CacheSharing) -> &'static str {
    match sharing {
        CacheSharing::Shared => "shared",
        CacheSharing::Locked => "locked",
        CacheSharing::Private => "private",
    }
}

/// Rewrites a feature into its older spelling when the target frontend lacks
/// it: a heredoc RUN becomes `sh -c "$(printf '...')"`, which every frontend
/// reads, with the same script.
fn older_spelling(instruction: &Instruction, target: Option<SyntaxVersion>) -> Instruction {
    let old = target.is_some_and(|t| t < features::HEREDOC.version);
    match instruction {
        Instruction::Run(run) if old && run.heredocs.len() == 1 => {
            let (_, body) = &run.heredocs[0];
            let mut format = String::with_capacity(body.len() + 8);
            for ch in body.chars() {
                match ch {
                    '\\' => format.push_str("\\\\"),
                    '%' => format.push_str("%%"),
                    '\'' => format.push_str("'\\''"),
                    '\n' => format.push_str("\\n"),
                    _ => format.push(ch),
                }
            }
            Instruction::Run(Run {
                script: format!("sh -c \"$(printf '{format}')\""),
                heredocs: Vec::new(),
                ..run.clone()
            })
        }
        _ => instruction.clone(),
    }
}
