//! The Rust builder API: stages and scopes as closures over the same model
//! the Python bindings drive.
//!
//! ```
//! use dsl::{Dockerfile, mounts};
//!
//! let mut df = Dockerfile::new();
//! df.stage("python:3.13-slim", |s| {
//!     s.workdir("/app");
//!     s.mounts([mounts::bind(".", "/app"), mounts::cache("/root/.cache/pip")], |s| {
//!         s.run(|r| {
//!             r.cmd("pip", ["install", "--requirement", "requirements.txt"]);
//!         });
//!     });
//! });
//! assert!(df.render().unwrap().contains("RUN --mount=type=bind,source=.,target=/app"));
//! ```

use std::panic::Location as Caller;

use dockerfile::{CopyInstruction, ExecOrShell, Instruction, Mount};

use crate::error::DslError;
use crate::location::Location;
use crate::recipe::{Recipe, RenderSettings, RunBody, StageId};
use crate::run_script::{FlagArg, RunScript};

#[track_caller]
fn here() -> Location {
    let caller = Caller::caller();
    Location::new(caller.file(), caller.line())
}

/// A Dockerfile built from Rust: open stages with [`Dockerfile::stage`], then
/// [`Dockerfile::render`]. The first mistake is kept and returned by `render`.
#[derive(Debug, Clone, Default)]
pub struct Dockerfile {
    recipe: Recipe,
    error: Option<DslError>,
}

/// A stage's `with` block: instructions, mount scopes, derived stages.
pub struct StageBlock<'a> {
    recipe: &'a mut Recipe,
    error: &'a mut Option<DslError>,
    id: StageId,
}

/// A run block: the commands of one `RUN`.
#[derive(Debug, Default)]
pub struct RunBlock {
    script: RunScript,
    error: Option<DslError>,
}

impl Dockerfile {
    /// An empty Dockerfile headed `# syntax=docker/dockerfile:1`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the `# syntax=` frontend (`None`: no header).
    pub fn syntax(&mut self, frontend: Option<&str>) -> &mut Self {
        self.recipe.settings = RenderSettings::with_syntax(frontend.map(str::to_owned));
        self
    }

    /// Opens a stage named `base` from `image` (the seed's default name).
    #[track_caller]
    pub fn stage(&mut self, image: &str, body: impl FnOnce(&mut StageBlock<'_>)) -> &mut Self {
        self.named_stage(image, "base", body)
    }

    /// Opens a stage from `image` named `name`.
    #[track_caller]
    pub fn named_stage(
        &mut self,
        image: &str,
        name: &str,
        body: impl FnOnce(&mut StageBlock<'_>),
    ) -> &mut Self {
        let at = here();
        let id = self
            .recipe
            .new_stage(image.to_owned(), name.to_owned(), None);
        enter(&mut self.recipe, &mut self.error, id, &at, body);
        self
    }

    /// The Dockerfile text, or the first mistake made while building it.
    pub fn render(&self) -> Result<String, DslError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        Ok(self.recipe.finish()?.print())
    }
}

fn enter(
    recipe: &mut Recipe,
    error: &mut Option<DslError>,
    id: StageId,
    at: &Location,
    body: impl FnOnce(&mut StageBlock<'_>),
) {
    if error.is_some() {
        return;
    }
    if let Err(e) = recipe.enter_stage(id, at) {
        *error = Some(e);
        return;
    }
    body(&mut StageBlock { recipe, error, id });
    recipe.exit_stage(id);
}

impl StageBlock<'_> {
    fn record(&mut self, result: Result<(), DslError>) {
        if let (Err(e), None) = (result, &self.error) {
            *self.error = Some(e);
        }
    }

    /// This stage's name, for `COPY --from`.
    pub fn name(&self) -> &str {
        self.recipe.name(self.id)
    }

    /// `WORKDIR path`.
    #[track_caller]
    pub fn workdir(&mut self, path: &str) -> &mut Self {
        let at = here();
        self.recipe.push(
            self.id,
            Instruction::Workdir(path.to_owned()),
            &at,
            Vec::new(),
        );
        self
    }

    /// `ENV k=v`, one line per pair.
    #[track_caller]
    pub fn env<K: Into<String>, V: Into<String>>(
        &mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> &mut Self {
        let at = here();
        let pairs = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        let result = self.recipe.env(self.id, pairs, &at);
        self.record(result);
        self
    }

    /// `ARG name=value`.
    #[track_caller]
    pub fn arg(&mut self, name: &str, value: &str) -> &mut Self {
        let at = here();
        let arg = Instruction::Arg {
            name: name.to_owned(),
            default: Some(value.to_owned()),
        };
        self.recipe.push(self.id, arg, &at, Vec::new());
        self
    }

    /// `COPY src dst` from the build context.
    #[track_caller]
    pub fn copy(&mut self, src: &str, dst: &str) -> &mut Self {
        let at = here();
        let copy = CopyInstruction {
            sources: vec![src.to_owned()],
            dest: dst.to_owned(),
            ..CopyInstruction::default()
        };
        self.recipe
            .push(self.id, Instruction::Copy(copy), &at, Vec::new());
        self
    }

    /// `COPY --from=<stage> --link src dst` from another stage of the build.
    #[track_caller]
    pub fn copy_from(&mut self, stage: &str, src: &str, dst: &str) -> &mut Self {
        let at = here();
        let copy = CopyInstruction {
            sources: vec![src.to_owned()],
            dest: dst.to_owned(),
            from: Some(stage.to_owned()),
            link: true,
            ..CopyInstruction::default()
        };
        self.recipe
            .push(self.id, Instruction::Copy(copy), &at, Vec::new());
        self
    }

    /// `ENTRYPOINT ["..."]`.
    #[track_caller]
    pub fn entrypoint<S: Into<String>>(&mut self, argv: impl IntoIterator<Item = S>) -> &mut Self {
        let at = here();
        let form = ExecOrShell::Exec(argv.into_iter().map(Into::into).collect());
        self.recipe
            .push(self.id, Instruction::Entrypoint(form), &at, Vec::new());
        self
    }

    /// `CMD ["..."]`.
    #[track_caller]
    pub fn cmd<S: Into<String>>(&mut self, argv: impl IntoIterator<Item = S>) -> &mut Self {
        let at = here();
        let form = ExecOrShell::Exec(argv.into_iter().map(Into::into).collect());
        self.recipe
            .push(self.id, Instruction::Cmd(form), &at, Vec::new());
        self
    }

    /// One `RUN` of the commands the closure adds, under the open scopes.
    #[track_caller]
    pub fn run(&mut self, body: impl FnOnce(&mut RunBlock)) -> &mut Self {
        let at = here();
        let mut block = RunBlock::default();
        let scope = match self.recipe.open_run(self.id, &at) {
            Ok(scope) => scope,
            Err(e) => {
                self.record(Err(e));
                return self;
            }
        };
        body(&mut block);
        let closed = self.recipe.exit_scope(self.id, scope, &at);
        let result = match block.error {
            Some(e) => Err(e),
            None if closed.is_err() => closed,
            None if block.script.is_empty() => Ok(()),
            None => self.recipe.emit_run(
                self.id,
                RunBody::Script(block.script.script()),
                None,
                None,
                &at,
            ),
        };
        self.record(result);
        self
    }

    /// Opens the mount scopes `mounts` (outermost first) around `body`.
    #[track_caller]
    pub fn mounts(
        &mut self,
        mounts: impl IntoIterator<Item = Mount>,
        body: impl FnOnce(&mut Self),
    ) -> &mut Self {
        let at = here();
        let mut opened = Vec::new();
        for mount in mounts {
            match self.recipe.enter_mount(self.id, mount, Vec::new(), &at) {
                Ok(scope) => opened.push(scope),
                Err(e) => {
                    self.record(Err(e));
                    break;
                }
            }
        }
        body(self);
        for scope in opened.into_iter().rev() {
            let closed = self.recipe.exit_scope(self.id, scope, &at);
            self.record(closed);
        }
        self
    }

    /// Derives a stage `FROM <this stage> AS <name>`.
    #[track_caller]
    pub fn stage(&mut self, name: &str, body: impl FnOnce(&mut StageBlock<'_>)) -> &mut Self {
        let at = here();
        let parent_name = self.recipe.name(self.id).to_owned();
        let child = self
            .recipe
            .new_stage(parent_name, name.to_owned(), Some(self.id));
        enter(self.recipe, self.error, child, &at, body);
        self
    }
}

impl RunBlock {
    /// `binary args...`.
    pub fn cmd<S: AsRef<str>>(
        &mut self,
        binary: &str,
        args: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        let args: Vec<String> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        self.script.command(binary, &args, &[], &[]);
        self
    }

    /// `binary args... --flag value...` with keyword-style flags.
    pub fn cmd_with_flags<S: AsRef<str>>(
        &mut self,
        binary: &str,
        args: impl IntoIterator<Item = S>,
        flags: &[(&str, FlagArg)],
    ) -> &mut Self {
        let args: Vec<String> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let flags: Vec<(String, FlagArg)> = flags
            .iter()
            .map(|(n, v)| ((*n).to_owned(), v.clone()))
            .collect();
        self.script.command(binary, &args, &flags, &[]);
        self
    }

    /// A raw command line.
    #[track_caller]
    pub fn raw(&mut self, line: &str) -> &mut Self {
        let at = here();
        if let Err(e) = self.script.raw(line, &[], &at) {
            self.error.get_or_insert(e);
        }
        self
    }

    /// `apt-get install` with `apt-get update` inserted when needed.
    #[track_caller]
    pub fn apt_install<S: AsRef<str>>(
        &mut self,
        packages: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        let at = here();
        let packages: Vec<String> = packages
            .into_iter()
            .map(|p| p.as_ref().to_owned())
            .collect();
        if let Err(e) = self.script.apt_install(&packages, false, &at) {
            self.error.get_or_insert(e);
        }
        self
    }

    /// Runs `body` in `path`, then returns to the previous directory.
    pub fn cd(&mut self, path: &str, body: impl FnOnce(&mut Self)) -> &mut Self {
        self.script.cd(path);
        self.script.enter_cd();
        body(self);
        self.script.exit_cd();
        self
    }
}

/// Mount values with the seed's defaults, for [`StageBlock::mounts`].
pub mod mounts {
    use dockerfile::{CacheSharing, Mount};

    /// A shared cache mount at `target`.
    pub fn cache(target: &str) -> Mount {
        Mount::Cache {
            target: target.to_owned(),
            id: None,
            sharing: Some(CacheSharing::Shared),
            ro: false,
            from: None,
            source: None,
            mode: None,
            uid: None,
            gid: None,
        }
    }

    /// A secret mount of `id` at `target`.
    pub fn secret(id: &str, target: &str) -> Mount {
        Mount::Secret {
            id: id.to_owned(),
            target: Some(target.to_owned()),
            env: None,
            required: None,
            mode: None,
            uid: None,
            gid: None,
        }
    }

    /// A read-only bind mount of the context path `source` at `target`.
    pub fn bind(source: &str, target: &str) -> Mount {
        Mount::Bind {
            source: Some(source.to_owned()),
            target: target.to_owned(),
            from: None,
            rw: false,
        }
    }
}
