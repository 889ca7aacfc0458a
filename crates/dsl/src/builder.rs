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
//! assert!(df.render().expect("valid").contains("RUN --mount=type=bind,source=.,target=/app"));
//! ```
//!
//! Every call is checked; `render` returns every problem, each at its call:
//!
//! ```
//! let mut df = dsl::Dockerfile::new();
//! df.stage("alpine", |s| {
//!     s.workdir("/a\nRUN rm -rf /"); // refused: a line break
//!     s.arg("X", "${oops"); // refused: an unfinished ${
//! });
//! let errors = df.render().expect_err("unsafe values");
//! let codes: Vec<&str> = errors.iter().map(|e| e.code()).collect();
//! assert_eq!(codes, ["bad-value", "bad-value"]);
//! assert!(errors.to_string().starts_with("builder.rs:"));
//! ```

use std::panic::Location as Caller;

use crate::error::{DslError, DslErrors};
use crate::instructions::{AddSpec, CopySpec, HealthcheckSpec, RunOptions};
use crate::location::Location;
use crate::mount_spec::MountSpec;
use crate::recipe::{Recipe, RenderSettings, RunBody, StageId};
use crate::run_script::{FlagArg, RunScript};

#[track_caller]
fn here() -> Location {
    let caller = Caller::caller();
    Location::new(caller.file(), caller.line())
}

/// A Dockerfile built from Rust: open stages with [`Dockerfile::stage`], then
/// [`Dockerfile::render`]. Every call is checked as it is made; a refused
/// call records nothing, and `render` returns every problem with the file
/// and line of the call that made it.
#[derive(Debug, Clone, Default)]
pub struct Dockerfile {
    recipe: Recipe,
    errors: Vec<DslError>,
}

/// A stage's block: instructions, mount scopes, derived stages.
pub struct StageBlock<'a> {
    recipe: &'a mut Recipe,
    errors: &'a mut Vec<DslError>,
    id: StageId,
}

/// A run block: the commands of one `RUN`.
#[derive(Debug, Default)]
pub struct RunBlock {
    script: RunScript,
    errors: Vec<DslError>,
}

/// Keeps the error of a refused call.
fn keep(errors: &mut Vec<DslError>, result: Result<(), DslError>) {
    if let Err(error) = result {
        errors.push(error);
    }
}

impl Dockerfile {
    /// An empty Dockerfile headed `# syntax=` [`dockerfile::DEFAULT_SYNTAX`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the `# syntax=` frontend (`None`: no header).
    pub fn syntax(&mut self, frontend: Option<&str>) -> &mut Self {
        self.recipe.settings.syntax = frontend.map(str::to_owned);
        self
    }

    /// The frontend version the file must build on when the syntax header
    /// does not pin one, e.g. `"1.2"` for Docker 20.10 without a header.
    pub fn frontend(&mut self, version: &str) -> &mut Self {
        match RenderSettings::parse_frontend("frontend", version) {
            Ok(version) => self.recipe.settings.frontend = Some(version),
            Err(error) => self.errors.push(error),
        }
        self
    }

    /// Sets the `# escape=` directive: `"\\"` or `` "`" ``.
    #[track_caller]
    pub fn escape(&mut self, escape: &str) -> &mut Self {
        let at = here();
        match RenderSettings::parse_escape(escape, &at) {
            Ok(escape) => self.recipe.settings.escape = Some(escape),
            Err(error) => self.errors.push(error),
        }
        self
    }

    /// Sets the `# check=` directive, e.g. `"error=true;skip=JSONArgsRecommended"`.
    pub fn check(&mut self, rules: &str) -> &mut Self {
        self.recipe.settings.check = Some(rules.to_owned());
        self
    }

    /// A line written as is before the first `FROM`: the escape hatch, not
    /// checked (as [`StageBlock::raw`] is in a stage).
    #[track_caller]
    pub fn raw(&mut self, text: &str) -> &mut Self {
        let at = here();
        self.recipe.global_raw(text.to_owned(), &at);
        self
    }

    /// `ARG name[=default]` before the first `FROM`, usable in `FROM` lines.
    #[track_caller]
    pub fn arg(&mut self, name: &str, default: Option<&str>) -> &mut Self {
        let at = here();
        let result = self
            .recipe
            .global_arg(name.to_owned(), default.map(str::to_owned), &at);
        keep(&mut self.errors, result);
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
        enter(&mut self.recipe, &mut self.errors, id, &at, body);
        self
    }

    /// Opens a stage from `image` for `platform` (`FROM --platform=...`).
    #[track_caller]
    pub fn platform_stage(
        &mut self,
        image: &str,
        name: &str,
        platform: &str,
        body: impl FnOnce(&mut StageBlock<'_>),
    ) -> &mut Self {
        let at = here();
        let id = self
            .recipe
            .new_stage(image.to_owned(), name.to_owned(), None);
        self.recipe.set_platform(id, Some(platform.to_owned()));
        enter(&mut self.recipe, &mut self.errors, id, &at, body);
        self
    }

    /// The Dockerfile text, or every problem of the calls that built it
    /// (each with the caller's file and line), then of the build as a whole
    /// (a build with no stage is named after the file calling `render`).
    #[track_caller]
    pub fn render(&self) -> Result<String, DslErrors> {
        let caller = Caller::caller();
        let mut errors = self.errors.clone();
        match self.recipe.finish() {
            Ok(document) if errors.is_empty() => Ok(document.print()),
            Ok(_) => Err(DslErrors::new(errors)),
            // A stage refused on entry leaves none; its error says why.
            Err(DslError::NoStages { .. }) if !errors.is_empty() => Err(DslErrors::new(errors)),
            Err(DslError::NoStages { .. }) => Err(DslErrors::new(vec![DslError::NoStages {
                file: caller.file().to_owned(),
            }])),
            Err(error) => {
                errors.push(error);
                Err(DslErrors::new(errors))
            }
        }
    }
}

/// Enters stage `id`, runs its body, leaves it. A stage that cannot be
/// entered still runs its body, so the body's own mistakes are reported too.
fn enter(
    recipe: &mut Recipe,
    errors: &mut Vec<DslError>,
    id: StageId,
    at: &Location,
    body: impl FnOnce(&mut StageBlock<'_>),
) {
    let entered = recipe.enter_stage(id, at);
    let ok = entered.is_ok();
    keep(errors, entered);
    body(&mut StageBlock { recipe, errors, id });
    if ok {
        recipe.exit_stage(id);
    }
}

impl StageBlock<'_> {
    fn record(&mut self, result: Result<(), DslError>) -> &mut Self {
        keep(self.errors, result);
        self
    }

    /// This stage's name, for `COPY --from`.
    pub fn name(&self) -> &str {
        self.recipe.name(self.id)
    }

    /// `WORKDIR path`.
    #[track_caller]
    pub fn workdir(&mut self, path: &str) -> &mut Self {
        let at = here();
        let result = self.recipe.workdir(self.id, path.to_owned(), &at);
        self.record(result)
    }

    /// `ENV k=v`, one line per pair.
    #[track_caller]
    pub fn env<K: Into<String>, V: Into<String>>(
        &mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> &mut Self {
        let at = here();
        let result = self.recipe.env(self.id, owned_pairs(pairs), &at);
        self.record(result)
    }

    /// `ARG name=value`.
    #[track_caller]
    pub fn arg(&mut self, name: &str, value: &str) -> &mut Self {
        let at = here();
        let result = self
            .recipe
            .arg(self.id, name, Some(value.to_owned()), false, &at);
        self.record(result)
    }

    /// `ENV PATH=<dirs>:$PATH`.
    #[track_caller]
    pub fn add_to_path<S: Into<String>>(&mut self, dirs: impl IntoIterator<Item = S>) -> &mut Self {
        let at = here();
        let result = self.recipe.add_to_path(self.id, owned(dirs), &at);
        self.record(result)
    }

    /// `LABEL k=v`, one line per pair.
    #[track_caller]
    pub fn label<K: Into<String>, V: Into<String>>(
        &mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> &mut Self {
        let at = here();
        let result = self.recipe.label(self.id, owned_pairs(pairs), &at);
        self.record(result)
    }

    /// `USER user`, or `USER user:group`.
    #[track_caller]
    pub fn user(&mut self, user: &str, group: Option<&str>) -> &mut Self {
        let at = here();
        let result = self
            .recipe
            .user(self.id, user.to_owned(), group.map(str::to_owned), &at);
        self.record(result)
    }

    /// `COPY src dst` from the build context.
    #[track_caller]
    pub fn copy(&mut self, src: &str, dst: &str) -> &mut Self {
        self.copy_with(CopySpec {
            sources: vec![src.to_owned()],
            dest: Some(dst.to_owned()),
            ..CopySpec::default()
        })
    }

    /// `COPY --from=<stage> --link src dst` from another stage of the build
    /// (or an image); a stage that never joins the build is an error.
    #[track_caller]
    pub fn copy_from(&mut self, stage: &str, src: &str, dst: &str) -> &mut Self {
        self.copy_with(CopySpec {
            sources: vec![src.to_owned()],
            dest: Some(dst.to_owned()),
            from: Some(stage.to_owned()),
            ..CopySpec::default()
        })
    }

    /// `COPY` with every option.
    #[track_caller]
    pub fn copy_with(&mut self, spec: CopySpec) -> &mut Self {
        let at = here();
        let uses = self.recipe.stage_named(spec.from.as_deref());
        let result = self.recipe.copy(self.id, spec, uses, &at);
        self.record(result)
    }

    /// `ADD src dst`: a URL, a git repository or an archive.
    #[track_caller]
    pub fn add(&mut self, src: &str, dst: &str) -> &mut Self {
        self.add_with(AddSpec {
            copy: CopySpec {
                sources: vec![src.to_owned()],
                dest: Some(dst.to_owned()),
                ..CopySpec::default()
            },
            ..AddSpec::default()
        })
    }

    /// `ADD` with every option.
    #[track_caller]
    pub fn add_with(&mut self, spec: AddSpec) -> &mut Self {
        let at = here();
        let result = self.recipe.add(self.id, spec, &at);
        self.record(result)
    }

    /// `ENTRYPOINT ["..."]`.
    #[track_caller]
    pub fn entrypoint<S: Into<String>>(&mut self, argv: impl IntoIterator<Item = S>) -> &mut Self {
        let at = here();
        let result = self.recipe.entrypoint(self.id, owned(argv), false, &at);
        self.record(result)
    }

    /// `CMD ["..."]`.
    #[track_caller]
    pub fn cmd<S: Into<String>>(&mut self, argv: impl IntoIterator<Item = S>) -> &mut Self {
        let at = here();
        let result = self.recipe.cmd(self.id, owned(argv), false, &at);
        self.record(result)
    }

    /// `CMD command line` (shell form).
    #[track_caller]
    pub fn cmd_shell(&mut self, line: &str) -> &mut Self {
        let at = here();
        let result = self.recipe.cmd(self.id, vec![line.to_owned()], true, &at);
        self.record(result)
    }

    /// `EXPOSE` ports like `80`, `"8080/tcp"`, `"53/udp"`.
    #[track_caller]
    pub fn expose<S: Into<String>>(&mut self, ports: impl IntoIterator<Item = S>) -> &mut Self {
        let at = here();
        let result = self.recipe.expose(self.id, owned(ports), &at);
        self.record(result)
    }

    /// `VOLUME ["path", ...]`.
    #[track_caller]
    pub fn volume<S: Into<String>>(&mut self, paths: impl IntoIterator<Item = S>) -> &mut Self {
        let at = here();
        let result = self.recipe.volume(self.id, owned(paths), &at);
        self.record(result)
    }

    /// `HEALTHCHECK [options] CMD ...`; `None` writes `HEALTHCHECK NONE`.
    #[track_caller]
    pub fn healthcheck(&mut self, check: Option<HealthcheckSpec>) -> &mut Self {
        let at = here();
        let result = self.recipe.healthcheck(self.id, check, &at);
        self.record(result)
    }

    /// `SHELL ["exe", "arg", ...]`.
    #[track_caller]
    pub fn shell<S: Into<String>>(&mut self, argv: impl IntoIterator<Item = S>) -> &mut Self {
        let at = here();
        let result = self.recipe.shell(self.id, owned(argv), &at);
        self.record(result)
    }

    /// `STOPSIGNAL signal`.
    #[track_caller]
    pub fn stopsignal(&mut self, signal: &str) -> &mut Self {
        let at = here();
        let result = self.recipe.stopsignal(self.id, signal.to_owned(), &at);
        self.record(result)
    }

    /// `ONBUILD <instruction>`, e.g. `"RUN make"`.
    #[track_caller]
    pub fn onbuild(&mut self, instruction: &str) -> &mut Self {
        let at = here();
        let result = self.recipe.onbuild(self.id, instruction.to_owned(), &at);
        self.record(result)
    }

    /// A `# comment`; several lines become several comment lines.
    #[track_caller]
    pub fn comment(&mut self, text: &str) -> &mut Self {
        let at = here();
        let result = self.recipe.comment(self.id, text.to_owned(), &at);
        self.record(result)
    }

    /// A line written as is: the escape hatch, not checked.
    #[track_caller]
    pub fn raw(&mut self, text: &str) -> &mut Self {
        let at = here();
        self.recipe.raw(self.id, text.to_owned(), &at);
        self
    }

    /// One `RUN` of `argv` (words written as given), with `K="v"` prefixes
    /// for `env`; a single multi-line word becomes a heredoc script.
    #[track_caller]
    pub fn run_command<S: Into<String>>(
        &mut self,
        argv: impl IntoIterator<Item = S>,
        env: &[(&str, &str)],
        options: RunOptions,
    ) -> &mut Self {
        let at = here();
        let env: Vec<(String, String)> = owned_pairs(env.iter().copied());
        let result = self
            .recipe
            .run_command(self.id, owned(argv), &env, options, &at);
        self.record(result)
    }

    /// One `RUN` of the commands the closure adds, under the open scopes.
    #[track_caller]
    pub fn run(&mut self, body: impl FnOnce(&mut RunBlock)) -> &mut Self {
        self.run_with(RunOptions::default(), body)
    }

    /// [`StageBlock::run`] with `--network=`/`--security=`.
    #[track_caller]
    pub fn run_with(&mut self, options: RunOptions, body: impl FnOnce(&mut RunBlock)) -> &mut Self {
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
        self.errors.append(&mut block.errors);
        if closed.is_err() || block.script.is_empty() {
            return self.record(closed);
        }
        let result = self.recipe.emit_run(
            self.id,
            RunBody::Script(block.script.script()),
            options.network,
            options.security,
            &at,
        );
        self.record(result)
    }

    /// Opens the mount scopes `mounts` (outermost first) around `body`.
    #[track_caller]
    pub fn mounts(
        &mut self,
        mounts: impl IntoIterator<Item = MountSpec>,
        body: impl FnOnce(&mut Self),
    ) -> &mut Self {
        let at = here();
        let mut opened = Vec::new();
        for spec in mounts {
            let uses = self.recipe.stage_named(spec.from.as_deref());
            let result = spec
                .build(&at)
                .and_then(|mount| self.recipe.enter_mount(self.id, mount, uses, &at));
            match result {
                Ok(scope) => opened.push(scope),
                Err(error) => self.errors.push(error),
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
        enter(self.recipe, self.errors, child, &at, body);
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
        self.cmd_with_flags(binary, args, &[])
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
        keep(&mut self.errors, self.script.raw(line, &[], &at));
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
        keep(
            &mut self.errors,
            self.script.apt_install(&packages, false, &at),
        );
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

fn owned<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Vec<String> {
    items.into_iter().map(Into::into).collect()
}

fn owned_pairs<K: Into<String>, V: Into<String>>(
    pairs: impl IntoIterator<Item = (K, V)>,
) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect()
}

/// Mount options with the seed's defaults, for [`StageBlock::mounts`];
/// adjust the returned [`MountSpec`]'s fields for the other options.
pub mod mounts {
    use crate::mount_spec::{MountKind, MountSpec};

    /// A shared cache mount at `target`.
    pub fn cache(target: &str) -> MountSpec {
        MountSpec {
            kind: MountKind::Cache,
            target: Some(target.to_owned()),
            ..MountSpec::default()
        }
    }

    /// A secret mount of `id` at `target`.
    pub fn secret(id: &str, target: &str) -> MountSpec {
        MountSpec {
            kind: MountKind::Secret,
            id: Some(id.to_owned()),
            target: Some(target.to_owned()),
            ..MountSpec::default()
        }
    }

    /// A read-only bind mount of the context path `source` at `target`.
    pub fn bind(source: &str, target: &str) -> MountSpec {
        MountSpec {
            kind: MountKind::Bind,
            source: Some(source.to_owned()),
            target: Some(target.to_owned()),
            ..MountSpec::default()
        }
    }

    /// An ssh-agent socket mount (`id` `default` unless changed).
    pub fn ssh() -> MountSpec {
        MountSpec {
            kind: MountKind::Ssh,
            ..MountSpec::default()
        }
    }

    /// A tmpfs mount at `target`.
    pub fn tmpfs(target: &str) -> MountSpec {
        MountSpec {
            kind: MountKind::Tmpfs,
            target: Some(target.to_owned()),
            ..MountSpec::default()
        }
    }
}
