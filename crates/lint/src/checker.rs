//! The document as rules see it: every instruction with its stage, and every
//! RUN with its parsed script, the secrets it sees, and the USER, HOME,
//! WORKDIR and ENV in force; and how the text spells each instruction.

use std::collections::BTreeMap;

use dockerfile::{
    Directive, Document, Instruction, InstructionId, Mount, Run, SourceMap, Spelling, SyntaxVersion,
};

use crate::dockerignore::Dockerignore;
use crate::paths::{home_of_user, is_within, normalize};
use crate::secrets::SecretView;
use crate::shell::{self, Script};

/// What the rules read: the document, its RUNs and the target frontend.
pub(crate) struct Checker<'a> {
    /// The document.
    pub document: &'a Document,
    /// Where its instructions stand in the text and how they are spelled
    /// (empty for a document that was not parsed from text).
    pub source: &'a SourceMap,
    /// Every RUN, in document order.
    pub runs: Vec<RunSite<'a>>,
    /// Each stage's index of the earlier stage its `FROM` names.
    pub parents: Vec<Option<usize>>,
    /// Each stage's WORKDIR at its end.
    pub final_workdirs: Vec<String>,
    /// The frontend the file must build on, where known.
    pub frontend: Option<SyntaxVersion>,
    /// Where that frontend was named (`# syntax=...` or the caller).
    pub frontend_source: String,
    /// Whether the pin is a `-labs` frontend.
    pub frontend_labs: bool,
    /// The `.dockerignore` the build reads with the file, where known.
    pub dockerignore: Option<Dockerignore>,
    /// The one platform of each base image known to be built for a single
    /// platform, by reference (see [`crate::Options::base_platforms`]).
    pub base_platforms: &'a BTreeMap<String, String>,
}

/// No base image platforms known (a checker's default).
static NO_PLATFORMS: BTreeMap<String, String> = BTreeMap::new();

/// The environment in force at an instruction.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    /// `USER`, when set.
    pub user: Option<String>,
    /// `ENV` values so far.
    pub env: BTreeMap<String, String>,
    /// The working directory.
    pub workdir: String,
}

impl Scope {
    /// The home directory: `ENV HOME`, else that of USER (`None` for a numeric uid).
    pub fn home(&self) -> Option<String> {
        match self.env.get("HOME") {
            Some(home) => Some(home.clone()),
            None => home_of_user(self.user.as_deref()),
        }
    }

    /// `path` made absolute against WORKDIR and HOME.
    pub fn resolve(&self, path: &str) -> String {
        normalize(path, &self.workdir, self.home().as_deref())
    }
}

/// One RUN instruction and what it sees.
pub(crate) struct RunSite<'a> {
    /// Its address.
    pub id: InstructionId,
    /// Its stage.
    pub stage: usize,
    /// The instruction.
    pub run: &'a Run,
    /// Its script, read.
    pub script: Script,
    /// USER, HOME, WORKDIR and ENV in force.
    pub scope: Scope,
    /// The secrets it mounts, and what they taint.
    pub secrets: SecretView,
}

impl<'a> RunSite<'a> {
    /// The cache mount targets, made absolute.
    pub fn cache_targets(&self) -> impl Iterator<Item = (String, &'a Mount)> + '_ {
        self.run.mounts.iter().filter_map(|m| match m {
            Mount::Cache { target, .. } => Some((self.scope.resolve(target), m)),
            _ => None,
        })
    }

    /// Whether a file written at `path` stays in the layer: not a device,
    /// not inside a tmpfs or cache mount of this RUN.
    pub fn lands_in_layer(&self, path: &str) -> bool {
        if path.starts_with("/dev/") || path.starts_with("/proc/") || path.starts_with('&') {
            return false;
        }
        let path = self.scope.resolve(path);
        !self.run.mounts.iter().any(|m| match m {
            Mount::Tmpfs { target, .. } | Mount::Cache { target, .. } => {
                is_within(&path, &self.scope.resolve(target))
            }
            _ => false,
        })
    }

    /// Whether a command after number `after` removes `path` (or a directory holding it).
    pub fn removed_after(&self, after: usize, path: &str) -> bool {
        let path = self.scope.resolve(path);
        self.script.commands.iter().skip(after + 1).any(|c| {
            matches!(c.program(), Some("rm" | "shred" | "unlink"))
                && c.operands()
                    .any(|o| is_within(&path, &self.scope.resolve(o)))
        })
    }

    /// Whether some command of the script runs one of `programs`.
    pub fn runs_any(&self, programs: &[&str]) -> bool {
        self.script
            .commands
            .iter()
            .any(|c| c.program().is_some_and(|p| programs.contains(&p)))
    }
}

impl<'a> Checker<'a> {
    /// Reads `document`, parsed as `source` records, for the rules;
    /// `frontend` is the built-in frontend the file will build on when it
    /// has no `# syntax=` line.
    pub fn new(
        document: &'a Document,
        source: &'a SourceMap,
        frontend: Option<SyntaxVersion>,
    ) -> Self {
        let mut parents = Vec::new();
        let mut final_scopes: Vec<Scope> = Vec::new();
        let mut runs = Vec::new();
        for (index, stage) in document.stages.iter().enumerate() {
            let parent = document.stages[..index]
                .iter()
                .rposition(|s| names_stage(s, &stage.from.image));
            parents.push(parent);
            let mut scope = parent.map_or_else(
                || Scope {
                    workdir: "/".to_owned(),
                    ..Scope::default()
                },
                |p| final_scopes[p].clone(),
            );
            for (i, instruction) in stage.body.iter().enumerate() {
                let id = InstructionId::Body {
                    stage: index,
                    index: i,
                };
                match instruction {
                    Instruction::Run(run) => runs.push(RunSite {
                        id,
                        stage: index,
                        run,
                        script: shell::parse(&run.script, &run.heredocs),
                        secrets: SecretView::new(run),
                        scope: scope.clone(),
                    }),
                    Instruction::User(user) => scope.user = Some(user.clone()),
                    Instruction::Env(pairs) => scope.env.extend(pairs.iter().cloned()),
                    Instruction::Workdir(path) => scope.workdir = scope.resolve(path),
                    _ => {}
                }
            }
            final_scopes.push(scope);
        }
        for run in &mut runs {
            run.secrets.follow_assignments(&run.script);
        }
        let pinned = document.directives.iter().find_map(|d| match d {
            Directive::Syntax(reference) => Some(reference.clone()),
            _ => None,
        });
        let frontend_labs = pinned.as_deref().is_some_and(|p| p.contains("-labs"));
        let (frontend, frontend_source) = match pinned {
            Some(reference) => (
                SyntaxVersion::from_reference(&reference),
                format!("`# syntax={reference}`"),
            ),
            None => {
                let version = frontend.or(document.frontend);
                (
                    version,
                    version
                        .map(|v| format!("the target frontend {v}"))
                        .unwrap_or_default(),
                )
            }
        };
        Self {
            document,
            source,
            runs,
            parents,
            final_workdirs: final_scopes.into_iter().map(|s| s.workdir).collect(),
            frontend,
            frontend_source,
            frontend_labs,
            dockerignore: None,
            base_platforms: &NO_PLATFORMS,
        }
    }

    /// The same, with the text of the `.dockerignore` the build reads.
    pub fn with_dockerignore(mut self, text: Option<&str>) -> Self {
        self.dockerignore = text.map(Dockerignore::parse);
        self
    }

    /// The same, with the platforms of the single-platform base images.
    pub fn with_base_platforms(mut self, platforms: &'a BTreeMap<String, String>) -> Self {
        self.base_platforms = platforms;
        self
    }

    /// The escape character of the file (`# escape=`, else `\`).
    pub fn escape(&self) -> char {
        self.document
            .directives
            .iter()
            .find_map(|d| match d {
                Directive::Escape(c) => Some(*c),
                _ => None,
            })
            .unwrap_or('\\')
    }

    /// Every instruction with its address (preamble, `FROM` lines excluded, bodies).
    pub fn instructions(&self) -> impl Iterator<Item = (InstructionId, &'a Instruction)> + 'a {
        let document = self.document;
        let preamble = document
            .preamble
            .iter()
            .enumerate()
            .map(|(i, ins)| (InstructionId::Preamble(i), ins));
        let bodies = document.stages.iter().enumerate().flat_map(|(s, stage)| {
            stage
                .body
                .iter()
                .enumerate()
                .map(move |(i, ins)| (InstructionId::Body { stage: s, index: i }, ins))
        });
        preamble.chain(bodies)
    }

    /// The spelled source instructions of the stages (their `FROM` lines
    /// and bodies, not the preamble), in document order: what Docker's
    /// style checks read.
    pub fn stage_spellings(&self) -> impl Iterator<Item = (InstructionId, &'a Spelling)> + 'a {
        self.source.spellings().filter(|(id, _)| {
            !matches!(id, InstructionId::Preamble(_) | InstructionId::Directive(_))
        })
    }

    /// Every port word of the stages' `EXPOSE` instructions, with its instruction.
    pub fn exposed_ports(&self) -> impl Iterator<Item = (InstructionId, &'a str)> + 'a {
        let stages = &self.document.stages;
        stages.iter().enumerate().flat_map(|(stage, s)| {
            s.body
                .iter()
                .enumerate()
                .flat_map(move |(index, instruction)| {
                    let ports = match instruction {
                        Instruction::Expose(ports) => ports.as_slice(),
                        _ => &[],
                    };
                    ports
                        .iter()
                        .map(move |port| (InstructionId::Body { stage, index }, port.as_str()))
                })
        })
    }

    /// The index of the stage named `name`, before stage `before`.
    pub fn stage_named(&self, name: &str, before: usize) -> Option<usize> {
        self.document.stages[..before]
            .iter()
            .rposition(|s| names_stage(s, name))
    }

    /// `stage` and the stages it is built on, nearest first.
    pub fn lineage(&self, stage: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(stage), |s| self.parents[*s])
    }
}

/// Whether `name` refers to `stage` (BuildKit compares stage names case-insensitively).
fn names_stage(stage: &dockerfile::Stage, name: &str) -> bool {
    stage
        .from
        .name
        .as_deref()
        .is_some_and(|n| n.eq_ignore_ascii_case(name))
}
