//! The recipe being recorded: stages, their scopes and instructions.

use dockerfile::{Instruction, Mount, NetworkMode, Run, SecurityMode, SyntaxVersion};

use crate::container_path;
use crate::error::DslError;
use crate::location::Location;

/// A handle to a stage of a [`Recipe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StageId(pub(crate) usize);

impl StageId {
    /// The stage's position among the stages created in its recipe.
    pub fn index(self) -> usize {
        self.0
    }
}

/// A handle to an open mount, env or run scope of a stage, to close it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeId(u64);

/// What an open scope applies to the RUNs inside it.
#[derive(Debug, Clone)]
enum ScopeContent {
    /// A mount, and the stages it reads.
    Mount(Mount, Vec<StageId>),
    /// Variables exported ahead of each RUN.
    Env(Vec<(String, String)>),
    /// A run block collecting commands for one RUN.
    Run,
}

impl ScopeContent {
    fn kind(&self) -> &'static str {
        match self {
            ScopeContent::Mount(mount, _) => mount_kind(mount),
            ScopeContent::Env(_) => "env",
            ScopeContent::Run => "run",
        }
    }
}

/// A scope of a stage that is open now, with the line that opened it.
#[derive(Debug, Clone)]
struct OpenScope {
    id: ScopeId,
    at: Location,
    content: ScopeContent,
}

/// How the document is headed, and which frontend it must build on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderSettings {
    /// The `# syntax=` frontend, or `None` for no header.
    pub syntax: Option<String>,
    /// The frontend version the file must build on when `syntax` does not
    /// pin one (e.g. 1.2 for Docker 20.10's built-in frontend with no header).
    pub frontend: Option<SyntaxVersion>,
    /// The `# escape=` directive.
    pub escape: Option<char>,
    /// The `# check=` directive.
    pub check: Option<String>,
}

impl Default for RenderSettings {
    fn default() -> Self {
        Self {
            syntax: Some(dockerfile::DEFAULT_SYNTAX.to_owned()),
            frontend: None,
            escape: None,
            check: None,
        }
    }
}

impl RenderSettings {
    /// Settings with only a `# syntax=` header (or none).
    pub fn with_syntax(syntax: Option<String>) -> Self {
        Self {
            syntax,
            ..Self::default()
        }
    }

    /// Parses a frontend version like `1.2` (`--frontend`); `option` names
    /// the option in the message.
    pub fn parse_frontend(option: &'static str, version: &str) -> Result<SyntaxVersion, DslError> {
        match SyntaxVersion::from_reference(version) {
            Some(parsed) if parsed.major == 1 && !version.contains(['/', ':', '@']) => Ok(parsed),
            _ => Err(DslError::BadOption {
                option,
                value: version.to_owned(),
                problem: "is not a docker/dockerfile version; pass one like 1.2 (Docker 20.10's built-in frontend) or 1.19".into(),
            }),
        }
    }

    /// Parses the `# escape=` character: a backslash or a backtick.
    pub fn parse_escape(escape: &str, at: &Location) -> Result<char, DslError> {
        match escape {
            "\\" => Ok('\\'),
            "`" => Ok('`'),
            _ => Err(DslError::BadValue {
                what: "escape=".into(),
                value: escape.to_owned(),
                problem: "must be \"\\\\\" or \"`\"".into(),
                at: at.clone(),
            }),
        }
    }

    /// The frontend version features are checked against: the pinned
    /// syntax, else `frontend`; `None` means the newest.
    pub fn target(&self) -> Option<SyntaxVersion> {
        self.syntax
            .as_deref()
            .and_then(SyntaxVersion::from_reference)
            .or(self.frontend)
    }
}

/// What a `RUN` runs: a one-line script, or a multi-line heredoc script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunBody {
    /// A shell line (already joined, may continue with ` \`).
    Script(String),
    /// A multi-line script, rendered as a heredoc.
    Heredoc(String),
}

/// One instruction with where the recipe made it and the stages it reads.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) instruction: Instruction,
    pub(crate) at: Location,
    pub(crate) uses: Vec<StageId>,
    /// A `COPY --link` the recipe did not ask for (the seed adds it to
    /// stage and image copies); dropped for frontends without `--link`.
    pub(crate) implicit_link: bool,
}

/// What a stage has recorded so far.
#[derive(Debug, Clone)]
pub(crate) struct StageState {
    pub(crate) base: String,
    pub(crate) base_stage: Option<StageId>,
    pub(crate) name: String,
    pub(crate) platform: Option<String>,
    pub(crate) entered_at: Option<Location>,
    pub(crate) body: Vec<Entry>,
    /// The open scopes, outermost first.
    scopes: Vec<OpenScope>,
    children: u32,
}

/// The recording of one render of a recipe.
#[derive(Debug, Clone, Default)]
pub struct Recipe {
    pub(crate) stages: Vec<StageState>,
    pub(crate) order: Vec<StageId>,
    open: Vec<StageId>,
    /// How the document is headed.
    pub settings: RenderSettings,
    pub(crate) file: String,
    pub(crate) preamble: Vec<Entry>,
    scopes_opened: u64,
}

impl Recipe {
    /// An empty recording for the recipe `file`.
    pub fn new(file: impl Into<String>, settings: RenderSettings) -> Self {
        Self {
            file: file.into(),
            settings,
            ..Self::default()
        }
    }

    /// Creates a stage from `base` (an image, or `parent`'s name); it joins
    /// the build when entered.
    pub fn new_stage(&mut self, base: String, name: String, parent: Option<StageId>) -> StageId {
        self.stages.push(StageState {
            base,
            base_stage: parent,
            name,
            platform: None,
            entered_at: None,
            body: Vec::new(),
            scopes: Vec::new(),
            children: 0,
        });
        StageId(self.stages.len() - 1)
    }

    /// Sets the stage's `FROM --platform=`.
    pub fn set_platform(&mut self, id: StageId, platform: Option<String>) {
        self.stages[id.0].platform = platform;
    }

    /// The next fallback name for a child of `parent`: `stage_1`, `stage_2`...
    pub fn next_child_name(&mut self, parent: StageId) -> String {
        let state = &mut self.stages[parent.0];
        state.children += 1;
        format!("stage_{}", state.children)
    }

    /// The stage's name.
    pub fn name(&self, id: StageId) -> &str {
        &self.stages[id.0].name
    }

    /// The stages a `--from=`/`from=` value reads: the stage so named, when
    /// one was created (else the value is an image).
    pub(crate) fn stage_named(&self, name: Option<&str>) -> Vec<StageId> {
        let Some(name) = name else {
            return Vec::new();
        };
        self.stages
            .iter()
            .position(|s| s.name == name)
            .map(StageId)
            .into_iter()
            .collect()
    }

    /// The stage's base image or parent name.
    pub fn base(&self, id: StageId) -> &str {
        &self.stages[id.0].base
    }

    /// Enters a stage's `with` block: it joins the build, in this order.
    pub fn enter_stage(&mut self, id: StageId, at: &Location) -> Result<(), DslError> {
        let name = &self.stages[id.0].name;
        crate::values::check_stage_name(name, at)?;
        if self.stages[id.0].base_stage.is_none() {
            crate::values::check_bare_word("Stage() base image", &self.stages[id.0].base, at)?;
            crate::values::check_not_empty(
                "Stage() base image",
                &self.stages[id.0].base,
                "an image, e.g. \"alpine:3.20\"",
                at,
            )?;
        }
        if let Some(platform) = &self.stages[id.0].platform {
            crate::values::check_flag_value("Stage() platform=", platform, at)?;
        }
        if self.stages[id.0].entered_at.is_some() {
            return Err(DslError::StageReentered {
                name: name.clone(),
                at: at.clone(),
            });
        }
        if let Some(first) = self
            .order
            .iter()
            .find(|other| self.stages[other.0].name == *name)
        {
            return Err(DslError::DuplicateStage {
                name: name.clone(),
                at: at.clone(),
                first: self.stages[first.0].entered_at.clone().unwrap_or_default(),
            });
        }
        self.stages[id.0].entered_at = Some(at.clone());
        self.order.push(id);
        self.open.push(id);
        Ok(())
    }

    /// Leaves a stage's `with` block.
    pub fn exit_stage(&mut self, id: StageId) {
        if let Some(pos) = self.open.iter().rposition(|open| *open == id) {
            self.open.remove(pos);
        }
    }

    /// The innermost open stage.
    pub fn current_stage(&self) -> Option<StageId> {
        self.open.last().copied()
    }

    /// Appends an instruction that reads the stages in `uses`; the checked
    /// constructors (`instructions.rs`) are the only callers.
    pub(crate) fn push(
        &mut self,
        id: StageId,
        instruction: Instruction,
        at: &Location,
        uses: Vec<StageId>,
    ) {
        self.push_entry(id, instruction, at, uses, false);
    }

    /// Appends a `COPY`; `implicit_link` marks a `--link` the recipe did not
    /// ask for, which is left out for frontends older than 1.4.
    pub(crate) fn push_copy(
        &mut self,
        id: StageId,
        copy: dockerfile::CopyInstruction,
        implicit_link: bool,
        at: &Location,
        uses: Vec<StageId>,
    ) {
        self.push_entry(id, Instruction::Copy(copy), at, uses, implicit_link);
    }

    fn push_entry(
        &mut self,
        id: StageId,
        instruction: Instruction,
        at: &Location,
        uses: Vec<StageId>,
        implicit_link: bool,
    ) {
        self.stages[id.0].body.push(Entry {
            instruction,
            at: at.clone(),
            uses,
            implicit_link,
        });
    }

    /// `s.env(...)` as a call: an `ENV` instruction (nothing for no pairs).
    pub fn env(
        &mut self,
        id: StageId,
        pairs: Vec<(String, String)>,
        at: &Location,
    ) -> Result<(), DslError> {
        if pairs.is_empty() {
            return Ok(());
        }
        for (key, value) in &pairs {
            check_word("ENV value", value, at)?;
            check_env_name(key, at)?;
        }
        self.push(id, Instruction::Env(pairs), at, Vec::new());
        Ok(())
    }

    /// `with s.env(...)`: the `ENV` just made becomes `export` prefixes of the
    /// RUNs inside the block instead.
    pub fn enter_env(
        &mut self,
        id: StageId,
        pairs: Vec<(String, String)>,
        at: &Location,
    ) -> ScopeId {
        let body = &mut self.stages[id.0].body;
        if !pairs.is_empty() {
            if let Some(pos) = body
                .iter()
                .rposition(|e| matches!(&e.instruction, Instruction::Env(p) if *p == pairs))
            {
                body.remove(pos);
            }
        }
        self.open_scope(id, ScopeContent::Env(pairs), at)
    }

    /// Opens a mount scope; every RUN inside it gets `mount`. A run block
    /// must not be open, and no open mount may use the same path or secret.
    pub fn enter_mount(
        &mut self,
        id: StageId,
        mount: Mount,
        uses: Vec<StageId>,
        at: &Location,
    ) -> Result<ScopeId, DslError> {
        if self.open_run_at(id).is_some() {
            return Err(DslError::MountInsideRun {
                kind: mount_kind(&mount),
                at: at.clone(),
            });
        }
        self.check_mount_conflicts(id, &mount, at)?;
        Ok(self.open_scope(id, ScopeContent::Mount(mount, uses), at))
    }

    /// Fails when `mount` would share a path, or a secret, with a mount
    /// already open in the stage (the engine would keep only one of them).
    fn check_mount_conflicts(
        &self,
        id: StageId,
        mount: &Mount,
        at: &Location,
    ) -> Result<(), DslError> {
        let workdir = self.workdir_at(id, self.stages[id.0].body.len());
        let target = container_path::mount_target(mount, workdir.as_deref());
        for open in &self.stages[id.0].scopes {
            let ScopeContent::Mount(other, _) = &open.content else {
                continue;
            };
            if let (Mount::Secret { id: a, .. }, Mount::Secret { id: b, .. }) = (mount, other) {
                if a == b {
                    return Err(DslError::SecretMountedTwice {
                        id: a.clone(),
                        first: open.at.clone(),
                        at: at.clone(),
                    });
                }
            }
            let other_target = container_path::mount_target(other, workdir.as_deref());
            if let (Some(mine), Some(theirs)) = (&target, &other_target) {
                if mine == theirs {
                    return Err(DslError::MountTargetTaken {
                        target: mine.clone(),
                        kind: mount_kind(mount),
                        first_kind: mount_kind(other),
                        first: open.at.clone(),
                        at: at.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Opens a run block; a second one in the same stage cannot open inside
    /// it (its RUN would be lost in the first).
    pub fn open_run(&mut self, id: StageId, at: &Location) -> Result<ScopeId, DslError> {
        if let Some(open) = self.open_run_at(id) {
            return Err(DslError::RunInsideRun {
                open: open.clone(),
                at: at.clone(),
            });
        }
        Ok(self.open_scope(id, ScopeContent::Run, at))
    }

    /// Closes a scope of the stage. Scopes close innermost first: closing
    /// one while a later one is still open is an error, as is closing one
    /// that is not open.
    pub fn exit_scope(
        &mut self,
        id: StageId,
        scope: ScopeId,
        at: &Location,
    ) -> Result<(), DslError> {
        let scopes = &mut self.stages[id.0].scopes;
        match scopes.iter().rposition(|open| open.id == scope) {
            Some(pos) if pos + 1 == scopes.len() => {
                scopes.pop();
                Ok(())
            }
            Some(pos) => {
                let (closing, inner) = (&scopes[pos], &scopes[scopes.len() - 1]);
                Err(DslError::ScopeClosedOutOfOrder {
                    kind: closing.content.kind(),
                    opened: closing.at.clone(),
                    inner: inner.content.kind(),
                    inner_at: inner.at.clone(),
                    at: at.clone(),
                })
            }
            None => Err(DslError::ScopeNotOpen { at: at.clone() }),
        }
    }

    fn open_scope(&mut self, id: StageId, content: ScopeContent, at: &Location) -> ScopeId {
        self.scopes_opened += 1;
        let scope = ScopeId(self.scopes_opened);
        self.stages[id.0].scopes.push(OpenScope {
            id: scope,
            at: at.clone(),
            content,
        });
        scope
    }

    /// Where the stage's open run block began, if one is open.
    fn open_run_at(&self, id: StageId) -> Option<&Location> {
        self.stages[id.0]
            .scopes
            .iter()
            .find(|open| matches!(open.content, ScopeContent::Run))
            .map(|open| &open.at)
    }

    /// The stage's working directory before its instruction number `upto`
    /// (counting what it inherits from its parent stage); `None` when it is
    /// the base image's, which the recipe does not know.
    pub(crate) fn workdir_at(&self, id: StageId, upto: usize) -> Option<String> {
        let state = &self.stages[id.0];
        let mut workdir = state
            .base_stage
            .and_then(|parent| self.workdir_at(parent, self.stages[parent.0].body.len()));
        for entry in &state.body[..upto.min(state.body.len())] {
            if let Instruction::Workdir(path) = &entry.instruction {
                workdir = container_path::join(workdir.as_deref(), path);
            }
        }
        workdir
    }

    /// Emits a `RUN` of `body` with the open mounts (outermost first) and
    /// the open env scopes as an `export` prefix.
    pub fn emit_run(
        &mut self,
        id: StageId,
        body: RunBody,
        network: Option<NetworkMode>,
        security: Option<SecurityMode>,
        at: &Location,
    ) -> Result<(), DslError> {
        let (RunBody::Script(text) | RunBody::Heredoc(text)) = &body;
        if text.trim().is_empty() {
            return Err(DslError::EmptyCommand {
                what: "RUN",
                at: at.clone(),
            });
        }
        if let Some(open) = self.open_run_at(id) {
            return Err(DslError::RunInsideRun {
                open: open.clone(),
                at: at.clone(),
            });
        }
        crate::instructions::check_run_body(&body, at)?;
        let state = &self.stages[id.0];
        let exports = merged_env(state.scopes.iter().filter_map(|open| match &open.content {
            ScopeContent::Env(pairs) => Some(pairs),
            _ => None,
        }));
        let (script, heredocs) = match body {
            RunBody::Script(script) => match exports {
                Some(exports) => (format!("export {exports} \\\n  && {script}"), Vec::new()),
                None => (script, Vec::new()),
            },
            RunBody::Heredoc(text) => {
                let text = match exports {
                    Some(exports) => format!("export {exports}\n{text}"),
                    None => text,
                };
                let marker = heredoc_marker(&text);
                (
                    format!("<<{marker}"),
                    vec![(marker, text.trim_end_matches('\n').to_owned())],
                )
            }
        };
        let open_mounts = || {
            state.scopes.iter().filter_map(|open| match &open.content {
                ScopeContent::Mount(mount, uses) => Some((mount, uses)),
                _ => None,
            })
        };
        let mounts = open_mounts().map(|(m, _)| m.clone()).collect();
        let uses = open_mounts().flat_map(|(_, u)| u.iter().copied()).collect();
        let run = Run {
            mounts,
            network,
            security,
            script,
            heredocs,
        };
        self.push(id, Instruction::Run(run), at, uses);
        Ok(())
    }

    /// `ARG name[=default]` before the first `FROM`, usable in `FROM` lines.
    pub fn global_arg(
        &mut self,
        name: String,
        default: Option<String>,
        at: &Location,
    ) -> Result<(), DslError> {
        if let Some(value) = &default {
            check_word("ARG value", value, at)?;
        }
        crate::values::check_variable_name("ARG name", &name, at)?;
        self.preamble.push(Entry {
            instruction: Instruction::Arg { name, default },
            at: at.clone(),
            uses: Vec::new(),
            implicit_link: false,
        });
        Ok(())
    }
}

impl Recipe {
    /// A line written as is before the first `FROM` (the escape hatch of
    /// the preamble, as `raw()` is of a stage).
    pub fn global_raw(&mut self, text: String, at: &Location) {
        self.preamble.push(Entry {
            instruction: Instruction::Raw(text),
            at: at.clone(),
            uses: Vec::new(),
            implicit_link: false,
        });
    }
}

/// A heredoc delimiter that no line of `text` equals.
fn heredoc_marker(text: &str) -> String {
    let mut marker = "EOF".to_owned();
    let mut n = 0;
    while text.lines().any(|line| line.trim() == marker) {
        n += 1;
        marker = format!("EOF_{n}");
    }
    marker
}

/// The open env scopes merged in order (a later value wins, the first
/// position stays), as `K="v" K2="v2"`.
fn merged_env<'a>(scopes: impl Iterator<Item = &'a Vec<(String, String)>>) -> Option<String> {
    let mut merged: Vec<(&str, &str)> = Vec::new();
    for (key, value) in scopes.flatten() {
        match merged.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => merged.push((key, value)),
        }
    }
    if merged.is_empty() {
        return None;
    }
    Some(crate::run_script::assignments(merged.into_iter()))
}

/// The mount's `type=` name.
pub(crate) fn mount_kind(mount: &Mount) -> &'static str {
    match mount {
        Mount::Cache { .. } => "cache",
        Mount::Secret { .. } => "secret",
        Mount::Ssh { .. } => "ssh",
        Mount::Bind { .. } => "bind",
        Mount::Tmpfs { .. } => "tmpfs",
    }
}

/// Rejects a NUL character: no Dockerfile word, path or argv can hold one.
pub(crate) fn check_no_nul(what: &str, value: &str, at: &Location) -> Result<(), DslError> {
    if value.contains('\0') {
        return Err(DslError::BadValue {
            what: what.to_owned(),
            value: value.to_owned(),
            problem:
                "contains a NUL character, which no path, word or argument can hold; remove it"
                    .into(),
            at: at.clone(),
        });
    }
    Ok(())
}

/// Rejects a value with a line break (a Dockerfile line cannot hold one) or
/// a NUL character.
pub(crate) fn check_single_line(what: &str, value: &str, at: &Location) -> Result<(), DslError> {
    check_no_nul(what, value, at)?;
    if value.contains(['\n', '\r']) {
        return Err(DslError::BadValue {
            what: what.to_owned(),
            value: value.to_owned(),
            problem: "contains a line break, which a Dockerfile instruction cannot hold; put multi-line text in a file and COPY it".into(),
            at: at.clone(),
        });
    }
    Ok(())
}

/// Checks a value BuildKit's lexer reads (ENV, ARG, LABEL, WORKDIR): one
/// line, and every `${` finished.
pub fn check_word(what: &str, value: &str, at: &Location) -> Result<(), DslError> {
    check_single_line(what, value, at)?;
    if let Some(pos) = dockerfile::quote::unfinished_expansion(value) {
        return Err(DslError::BadValue {
            what: what.to_owned(),
            value: value.to_owned(),
            problem: format!(
                "has an unfinished ${{...}} at byte {pos}, which BuildKit cannot expand; write ${{NAME}}, or literal(value) for a literal $"
            ),
            at: at.clone(),
        });
    }
    Ok(())
}

/// Checks an `ENV`/`LABEL` key: one line, non-empty, and no `=` (no
/// Dockerfile spelling can hold one).
pub fn check_key(what: &str, key: &str, at: &Location) -> Result<(), DslError> {
    check_single_line(what, key, at)?;
    if key.is_empty() || key.contains('=') {
        return Err(DslError::BadValue {
            what: what.to_owned(),
            value: key.to_owned(),
            problem: "must be non-empty and without '=' (a Dockerfile cannot write such a key)"
                .into(),
            at: at.clone(),
        });
    }
    Ok(())
}

/// Rejects names BuildKit would not read back as one variable name.
fn check_env_name(name: &str, at: &Location) -> Result<(), DslError> {
    check_single_line("ENV name", name, at)?;
    if name.is_empty()
        || name.contains(|c: char| c.is_whitespace() || c == '=' || c == '"' || c == '\'')
    {
        return Err(DslError::BadValue {
            what: "ENV name".into(),
            value: name.to_owned(),
            problem: "is not a variable name; use letters, digits and _".into(),
            at: at.clone(),
        });
    }
    Ok(())
}
