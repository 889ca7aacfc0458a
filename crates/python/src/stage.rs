//! `Stage`: one `FROM` and the instructions after it, as a `with` block.

use dockerfile::Mount;
use dsl::{
    values, AddSpec, CopySpec, HealthcheckSpec, Location, MountKind, MountSpec, Recipe, RunOptions,
    StageId,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::caller::caller;
use crate::convert::{env_pairs, opt_switch, switch, word, words};
use crate::errors::to_py;
use crate::run_builder::RunBuilder;
use crate::scopes::{EnvScope, MountScope};
use crate::session::{current, Session};

/// The render a DSL object belongs to, and its stage there; `None` for objects
/// made outside a render (at import time), which do nothing.
pub(crate) type Handle = Option<(Py<Session>, StageId)>;

/// Runs `f` on the recipe behind `handle`; `None` for inert objects.
pub(crate) fn with_recipe<R>(
    py: Python<'_>,
    handle: &Handle,
    f: impl FnOnce(&mut Recipe, StageId) -> R,
) -> Option<R> {
    handle
        .as_ref()
        .map(|(session, id)| f(&mut session.borrow_mut(py).recipe, *id))
}

/// A build stage — one `FROM` and the instructions that follow it. Open it as
/// a `with` block; derive children with `stage()`.
#[pyclass(module = "docker_dsl._native")]
pub struct Stage {
    pub(crate) handle: Handle,
    name: String,
    base: String,
}

impl Stage {
    /// A Python `Stage` for a stage already in the session.
    pub(crate) fn existing(py: Python<'_>, session: Py<Session>, id: StageId) -> Self {
        let (name, base) = {
            let s = session.borrow(py);
            (s.recipe.name(id).to_owned(), s.recipe.base(id).to_owned())
        };
        Self {
            handle: Some((session, id)),
            name,
            base,
        }
    }

    /// Records an instruction through the model's checked constructor `f`
    /// (nothing for an inert stage), raising its error.
    fn record(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut Recipe, StageId) -> Result<(), dsl::DslError>,
    ) -> PyResult<()> {
        with_recipe(py, &self.handle, f)
            .transpose()
            .map(|_| ())
            .map_err(to_py)
    }

    fn mount_scope(&self, py: Python<'_>, mount: Mount, uses: Vec<StageId>) -> MountScope {
        MountScope::new(
            self.handle.as_ref().map(|(s, id)| (s.clone_ref(py), *id)),
            mount,
            uses,
        )
    }

    /// A mount scope from checked options.
    fn scope(
        &self,
        py: Python<'_>,
        spec: MountSpec,
        uses: Option<StageId>,
        at: &dsl::Location,
    ) -> PyResult<MountScope> {
        let mount = spec.build(at).map_err(to_py)?;
        Ok(self.mount_scope(py, mount, uses.into_iter().collect()))
    }

    /// A `from_=` value: a `Stage` (its name, and a dependency when it is in
    /// this render) or an image name.
    fn stage_or_image(
        &self,
        value: &Bound<'_, PyAny>,
        what: &str,
        at: &dsl::Location,
    ) -> PyResult<(String, Option<StageId>)> {
        match value.cast::<Stage>() {
            Ok(stage) => {
                let stage = stage.borrow();
                Ok((stage.name.clone(), self.id_in_same_render(&stage)))
            }
            Err(_) => Ok((word(value, what, at)?, None)),
        }
    }

    /// The stage id of `other` when it belongs to the same render.
    pub(crate) fn id_in_same_render(&self, other: &Stage) -> Option<StageId> {
        match (&self.handle, &other.handle) {
            (Some((mine, _)), Some((theirs, id))) if mine.as_ptr() == theirs.as_ptr() => Some(*id),
            _ => None,
        }
    }
}

#[pymethods]
impl Stage {
    /// `base` is an image (or a `Stage` to build on); `name` follows `AS`.
    #[new]
    #[pyo3(signature = (base, name=None, *, platform=None))]
    fn new(
        py: Python<'_>,
        base: &Bound<'_, PyAny>,
        name: Option<String>,
        platform: Option<String>,
    ) -> PyResult<Self> {
        let at = caller(py);
        let name = name
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "base".to_owned());
        let session = current(py);
        let (base, parent) = match base.cast::<Stage>() {
            Ok(parent) => {
                let parent = parent.borrow();
                let id = session.as_ref().and_then(|s| match &parent.handle {
                    Some((ps, id)) if ps.as_ptr() == s.as_ptr() => Some(*id),
                    _ => None,
                });
                (parent.name.clone(), id)
            }
            Err(_) => (word(base, "Stage() base image", &at)?, None),
        };
        let handle = session.map(|session| {
            let mut borrowed = session.borrow_mut(py);
            let id = borrowed
                .recipe
                .new_stage(base.clone(), name.clone(), parent);
            borrowed.recipe.set_platform(id, platform);
            drop(borrowed);
            (session, id)
        });
        Ok(Self { handle, name, base })
    }

    /// The stage's name, as `COPY --from` and child stages use it.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// The base image, or the parent stage's name.
    #[getter]
    fn base(&self) -> &str {
        &self.base
    }

    fn __repr__(&self) -> String {
        format!("Stage({:?}, name={:?})", self.base, self.name)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Stage>().is_ok_and(|o| {
            let o = o.borrow();
            self.id_in_same_render(&o)
                .is_some_and(|id| self.handle.as_ref().is_some_and(|(_, mine)| *mine == id))
        })
    }

    fn __hash__(&self) -> u64 {
        self.handle.as_ref().map_or(0, |(s, id)| {
            (s.as_ptr() as u64) ^ (id.index() as u64).rotate_left(32)
        })
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyResult<PyRef<'_, Self>> {
        let py = slf.py();
        let at = caller(py);
        with_recipe(py, &slf.handle, |recipe, id| recipe.enter_stage(id, &at))
            .transpose()
            .map_err(to_py)?;
        Ok(slf)
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, PyTuple>) {
        with_recipe(py, &self.handle, |recipe, id| recipe.exit_stage(id));
    }

    /// `ARG name=value`; with `env=True` also `ENV name=${name}`.
    #[pyo3(signature = (name, value=None, *, env=false))]
    fn arg(
        &self,
        py: Python<'_>,
        name: &str,
        value: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = switch)] env: bool,
    ) -> PyResult<()> {
        let at = caller(py);
        let default = opt_word(value, "arg() value", &at)?;
        self.record(py, |recipe, id| recipe.arg(id, name, default, env, &at))
    }

    /// `ENV k=v` per pair (`None` values skipped). As a `with` block the
    /// variables apply only to the RUNs inside it, as `export` prefixes.
    #[pyo3(signature = (mapping=None, **variables))]
    fn env(
        &self,
        py: Python<'_>,
        mapping: Option<&Bound<'_, PyAny>>,
        variables: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<EnvScope> {
        let at = caller(py);
        let pairs = mapping_and_keywords(mapping, variables, &at)?;
        self.record(py, |recipe, id| recipe.env(id, pairs.clone(), &at))?;
        Ok(EnvScope::new(
            self.handle.as_ref().map(|(s, id)| (s.clone_ref(py), *id)),
            pairs,
        ))
    }

    /// Prepends directories to `PATH`.
    #[pyo3(signature = (*entries))]
    fn add_to_path(&self, py: Python<'_>, entries: &Bound<'_, PyTuple>) -> PyResult<()> {
        let at = caller(py);
        let dirs = words(entries, "add_to_path()", &at)?;
        self.record(py, |recipe, id| recipe.add_to_path(id, dirs, &at))
    }

    /// `WORKDIR path`.
    fn workdir(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        let at = caller(py);
        let path = word(path, "workdir()", &at)?;
        self.record(py, |recipe, id| recipe.workdir(id, path, &at))
    }

    /// `COPY`: from the context, or `stage=`/`image=`/`from_=` (auto
    /// `--link` for stages and images; override with `link=`). `src` may be a
    /// list of sources.
    #[pyo3(signature = (src, dst=None, *, image=None, stage=None, from_=None, link=None, chown=None, chmod=None, parents=false, exclude=None))]
    #[allow(clippy::too_many_arguments)]
    fn copy(
        &self,
        py: Python<'_>,
        src: &Bound<'_, PyAny>,
        dst: Option<&Bound<'_, PyAny>>,
        image: Option<String>,
        stage: Option<PyRef<'_, Stage>>,
        from_: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = opt_switch)] link: Option<bool>,
        chown: Option<&Bound<'_, PyAny>>,
        chmod: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = switch)] parents: bool,
        exclude: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let at = caller(py);
        let mut uses: Vec<StageId> = stage
            .as_ref()
            .and_then(|s| self.id_in_same_render(s))
            .into_iter()
            .collect();
        let from_ = from_
            .map(|f| self.stage_or_image(f, "copy() from_", &at))
            .transpose()?;
        if let Some((_, Some(id))) = &from_ {
            uses.push(*id);
        }
        // `from_=` never links by default; `image=` and `stage=` do.
        let link = link.or(from_.as_ref().map(|_| false));
        let from = image
            .or_else(|| stage.as_ref().map(|s| s.name.clone()))
            .or(from_.map(|(name, _)| name));
        let spec = CopySpec {
            from,
            link,
            ..copy_spec(src, dst, chown, chmod, parents, exclude, "copy()", &at)?
        };
        self.record(py, |recipe, id| recipe.copy(id, spec, uses, &at))
    }

    /// `ADD`: URLs, git repositories and archives (`checksum=`,
    /// `keep_git_dir=`, `unpack=`), with COPY's ownership flags.
    #[pyo3(signature = (src, dst=None, *, link=false, chown=None, chmod=None, checksum=None, keep_git_dir=false, unpack=None, exclude=None))]
    #[allow(clippy::too_many_arguments)]
    fn add(
        &self,
        py: Python<'_>,
        src: &Bound<'_, PyAny>,
        dst: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = switch)] link: bool,
        chown: Option<&Bound<'_, PyAny>>,
        chmod: Option<&Bound<'_, PyAny>>,
        checksum: Option<String>,
        #[pyo3(from_py_with = switch)] keep_git_dir: bool,
        #[pyo3(from_py_with = opt_switch)] unpack: Option<bool>,
        exclude: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let at = caller(py);
        let copy = CopySpec {
            link: Some(link),
            ..copy_spec(src, dst, chown, chmod, false, exclude, "add()", &at)?
        };
        let spec = AddSpec {
            copy,
            checksum,
            keep_git_dir,
            unpack,
        };
        self.record(py, |recipe, id| recipe.add(id, spec, &at))
    }

    /// `ENTRYPOINT ["exe", "arg"]`; `shell=True` for the shell form.
    #[pyo3(signature = (*argv, shell=false))]
    fn entrypoint(
        &self,
        py: Python<'_>,
        argv: &Bound<'_, PyTuple>,
        #[pyo3(from_py_with = switch)] shell: bool,
    ) -> PyResult<()> {
        let at = caller(py);
        let argv = words(argv, "entrypoint()", &at)?;
        self.record(py, |recipe, id| recipe.entrypoint(id, argv, shell, &at))
    }

    /// `CMD ["exe", "arg"]`; `shell=True` for the shell form.
    #[pyo3(signature = (*argv, shell=false))]
    fn cmd(
        &self,
        py: Python<'_>,
        argv: &Bound<'_, PyTuple>,
        #[pyo3(from_py_with = switch)] shell: bool,
    ) -> PyResult<()> {
        let at = caller(py);
        let argv = words(argv, "cmd()", &at)?;
        self.record(py, |recipe, id| recipe.cmd(id, argv, shell, &at))
    }

    /// `LABEL k=v`, one line per pair.
    #[pyo3(signature = (mapping=None, **labels))]
    fn label(
        &self,
        py: Python<'_>,
        mapping: Option<&Bound<'_, PyAny>>,
        labels: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        let at = caller(py);
        let pairs = mapping_and_keywords(mapping, labels, &at)?;
        self.record(py, |recipe, id| recipe.label(id, pairs, &at))
    }

    /// `USER user[:group]`.
    #[pyo3(signature = (user, group=None))]
    fn user(
        &self,
        py: Python<'_>,
        user: &Bound<'_, PyAny>,
        group: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let at = caller(py);
        let user = word(user, "user()", &at)?;
        let group = opt_word(group, "user() group", &at)?;
        self.record(py, |recipe, id| recipe.user(id, user, group, &at))
    }

    /// `EXPOSE 80 53/udp`.
    #[pyo3(signature = (*ports))]
    fn expose(&self, py: Python<'_>, ports: &Bound<'_, PyTuple>) -> PyResult<()> {
        let at = caller(py);
        let ports = words(ports, "expose()", &at)?;
        self.record(py, |recipe, id| recipe.expose(id, ports, &at))
    }

    /// `VOLUME ["/data"]`.
    #[pyo3(signature = (*paths))]
    fn volume(&self, py: Python<'_>, paths: &Bound<'_, PyTuple>) -> PyResult<()> {
        let at = caller(py);
        let paths = words(paths, "volume()", &at)?;
        self.record(py, |recipe, id| recipe.volume(id, paths, &at))
    }

    /// `HEALTHCHECK [options] CMD ...`; `healthcheck(None)` is
    /// `HEALTHCHECK NONE`.
    #[pyo3(signature = (*argv, interval=None, timeout=None, start_period=None, start_interval=None, retries=None, shell=false))]
    #[allow(clippy::too_many_arguments)]
    fn healthcheck(
        &self,
        py: Python<'_>,
        argv: &Bound<'_, PyTuple>,
        interval: Option<String>,
        timeout: Option<String>,
        start_period: Option<String>,
        start_interval: Option<String>,
        retries: Option<u32>,
        #[pyo3(from_py_with = switch)] shell: bool,
    ) -> PyResult<()> {
        let at = caller(py);
        let spec = if argv.len() == 1 && argv.get_item(0)?.is_none() {
            None
        } else {
            Some(HealthcheckSpec {
                argv: words(argv, "healthcheck()", &at)?,
                shell,
                interval,
                timeout,
                start_period,
                start_interval,
                retries,
            })
        };
        self.record(py, |recipe, id| recipe.healthcheck(id, spec, &at))
    }

    /// `SHELL ["exe", "arg"]`.
    #[pyo3(signature = (*argv))]
    fn shell(&self, py: Python<'_>, argv: &Bound<'_, PyTuple>) -> PyResult<()> {
        let at = caller(py);
        let argv = words(argv, "shell()", &at)?;
        self.record(py, |recipe, id| recipe.shell(id, argv, &at))
    }

    /// `STOPSIGNAL signal`.
    fn stopsignal(&self, py: Python<'_>, signal: &Bound<'_, PyAny>) -> PyResult<()> {
        let at = caller(py);
        let signal = word(signal, "stopsignal()", &at)?;
        self.record(py, |recipe, id| recipe.stopsignal(id, signal, &at))
    }

    /// `ONBUILD <instruction>`, the instruction given as its text.
    fn onbuild(&self, py: Python<'_>, instruction: String) -> PyResult<()> {
        let at = caller(py);
        self.record(py, |recipe, id| recipe.onbuild(id, instruction, &at))
    }

    /// A `# comment` (several lines allowed).
    fn comment(&self, py: Python<'_>, text: String) -> PyResult<()> {
        let at = caller(py);
        self.record(py, |recipe, id| recipe.comment(id, text, &at))
    }

    /// A line written as is: the escape hatch for anything the DSL lacks.
    fn raw(&self, py: Python<'_>, text: String) {
        let at = caller(py);
        with_recipe(py, &self.handle, |recipe, id| recipe.raw(id, text, &at));
    }

    /// With words: one `RUN` of that command (a single multi-line string
    /// becomes a heredoc). Without: a run builder for a `with` block whose
    /// commands become one `&&`-joined `RUN`. `network=` (default, none,
    /// host) and `security=` (sandbox, insecure) set the RUN's flags.
    #[pyo3(signature = (*words_, env=None, network=None, security=None))]
    fn run(
        &self,
        py: Python<'_>,
        words_: &Bound<'_, PyTuple>,
        env: Option<&Bound<'_, PyAny>>,
        network: Option<&str>,
        security: Option<&str>,
    ) -> PyResult<Option<RunBuilder>> {
        let at = caller(py);
        let options = RunOptions::parse(network, security, &at).map_err(to_py)?;
        let pairs = env_pairs(env, &at)?;
        if words_.is_empty() {
            let handle = self.handle.as_ref().map(|(s, id)| (s.clone_ref(py), *id));
            return Ok(Some(RunBuilder::new(
                handle,
                at,
                options.network,
                options.security,
                pairs,
            )));
        }
        let words_ = words(words_, "run()", &at)?;
        self.record(py, |recipe, id| {
            recipe.run_command(id, words_, &pairs, options, &at)
        })?;
        Ok(None)
    }
    /// A cache mount at `target` over a `with` block. `lock=True` means
    /// `sharing=locked`; `sharing=` takes shared, locked or private.
    #[pyo3(signature = (target, lock=false, *, id=None, sharing=None, ro=false, from_=None, source=None, mode=None, uid=None, gid=None))]
    #[allow(clippy::too_many_arguments)]
    fn cache(
        &self,
        py: Python<'_>,
        target: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = switch)] lock: bool,
        id: Option<&Bound<'_, PyAny>>,
        sharing: Option<String>,
        #[pyo3(from_py_with = switch)] ro: bool,
        from_: Option<&Bound<'_, PyAny>>,
        source: Option<&Bound<'_, PyAny>>,
        mode: Option<&Bound<'_, PyAny>>,
        uid: Option<&Bound<'_, PyAny>>,
        gid: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<MountScope> {
        let at = caller(py);
        let from = from_
            .map(|f| self.stage_or_image(f, "cache() from_", &at))
            .transpose()?;
        let spec = MountSpec {
            kind: MountKind::Cache,
            target: Some(word(target, "cache() target", &at)?),
            id: opt_word(id, "cache() id", &at)?,
            sharing,
            lock,
            ro,
            from: from.as_ref().map(|(name, _)| name.clone()),
            source: opt_word(source, "cache() source", &at)?,
            mode: mode.map(|m| mode_text(m, &at)).transpose()?,
            uid: opt_owner(uid, "uid", &at)?,
            gid: opt_owner(gid, "gid", &at)?,
            ..MountSpec::default()
        };
        self.scope(py, spec, from.and_then(|(_, id)| id), &at)
    }

    /// A secret mount over a `with` block: at `target` (default
    /// `/run/secrets/<id>`), or as the variable `env=`.
    #[pyo3(signature = (id=None, target=None, *, secret_id=None, env=None, required=None, mode=None, uid=None, gid=None))]
    #[allow(clippy::too_many_arguments)]
    fn secret(
        &self,
        py: Python<'_>,
        id: Option<String>,
        target: Option<&Bound<'_, PyAny>>,
        secret_id: Option<String>,
        env: Option<String>,
        #[pyo3(from_py_with = opt_switch)] required: Option<bool>,
        mode: Option<&Bound<'_, PyAny>>,
        uid: Option<&Bound<'_, PyAny>>,
        gid: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<MountScope> {
        let at = caller(py);
        let spec = MountSpec {
            kind: MountKind::Secret,
            id: id.or(secret_id),
            target: opt_word(target, "secret() target", &at)?,
            env,
            required,
            mode: mode.map(|m| mode_text(m, &at)).transpose()?,
            uid: opt_owner(uid, "uid", &at)?,
            gid: opt_owner(gid, "gid", &at)?,
            ..MountSpec::default()
        };
        self.scope(py, spec, None, &at)
    }

    /// An ssh-agent socket mount over a `with` block (`id` default
    /// `default`, supplied with `--ssh`).
    #[pyo3(signature = (id=None, *, target=None, required=None, mode=None, uid=None, gid=None))]
    #[allow(clippy::too_many_arguments)]
    fn ssh(
        &self,
        py: Python<'_>,
        id: Option<String>,
        target: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = opt_switch)] required: Option<bool>,
        mode: Option<&Bound<'_, PyAny>>,
        uid: Option<&Bound<'_, PyAny>>,
        gid: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<MountScope> {
        let at = caller(py);
        let spec = MountSpec {
            kind: MountKind::Ssh,
            id,
            target: opt_word(target, "ssh() target", &at)?,
            required,
            mode: mode.map(|m| mode_text(m, &at)).transpose()?,
            uid: opt_owner(uid, "uid", &at)?,
            gid: opt_owner(gid, "gid", &at)?,
            ..MountSpec::default()
        };
        self.scope(py, spec, None, &at)
    }

    /// A bind mount of `source` (context path, or a path in `from_`, a Stage
    /// or an image) at `target`; read-only unless `rw=True`.
    #[pyo3(signature = (source=None, target=None, *, from_=None, rw=false))]
    fn bind(
        &self,
        py: Python<'_>,
        source: Option<&Bound<'_, PyAny>>,
        target: Option<&Bound<'_, PyAny>>,
        from_: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = switch)] rw: bool,
    ) -> PyResult<MountScope> {
        let at = caller(py);
        let from = from_
            .map(|f| self.stage_or_image(f, "bind() from_", &at))
            .transpose()?;
        let spec = MountSpec {
            kind: MountKind::Bind,
            source: Some(opt_word(source, "bind() source", &at)?.unwrap_or_else(|| ".".to_owned())),
            target: opt_word(target, "bind() target", &at)?,
            from: from.as_ref().map(|(name, _)| name.clone()),
            rw,
            ..MountSpec::default()
        };
        self.scope(py, spec, from.and_then(|(_, id)| id), &at)
    }

    /// A tmpfs mount at `target` (optional `size=`, e.g. `"64m"`).
    #[pyo3(signature = (target, *, size=None))]
    fn tmpfs(
        &self,
        py: Python<'_>,
        target: &Bound<'_, PyAny>,
        size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<MountScope> {
        let at = caller(py);
        let spec = MountSpec {
            kind: MountKind::Tmpfs,
            target: Some(word(target, "tmpfs() target", &at)?),
            size: opt_word(size, "tmpfs() size", &at)?,
            ..MountSpec::default()
        };
        self.scope(py, spec, None, &at)
    }

    /// Derives a child stage `FROM <this> AS <name>`; the name comes from the
    /// `with ... as NAME` target when not given, else `stage_N`.
    #[pyo3(signature = (*, name=None))]
    fn stage(&self, py: Python<'_>, name: Option<String>) -> PyResult<Stage> {
        let Some((session, parent)) = &self.handle else {
            return Ok(Stage {
                handle: None,
                name: name.unwrap_or_default(),
                base: self.name.clone(),
            });
        };
        let name = match name.filter(|n| !n.is_empty()) {
            Some(name) => name,
            None => match inferred_name(py)? {
                Some(name) => name,
                None => session.borrow_mut(py).recipe.next_child_name(*parent),
            },
        };
        let id =
            session
                .borrow_mut(py)
                .recipe
                .new_stage(self.name.clone(), name.clone(), Some(*parent));
        Ok(Stage {
            handle: Some((session.clone_ref(py), id)),
            name,
            base: self.name.clone(),
        })
    }
}

/// The `as` target of the `with` statement calling us, if any.
fn inferred_name(py: Python<'_>) -> PyResult<Option<String>> {
    let naming = py.import(pyo3::intern!(py, "docker_dsl._naming"))?;
    naming
        .getattr(pyo3::intern!(py, "with_target"))?
        .call0()?
        .extract()
}

/// The stage of the innermost open `with Stage(...)` block. Outside a render
/// (at import time) an inert stage, so helpers work anywhere.
#[pyfunction]
pub fn current_stage(py: Python<'_>) -> PyResult<Stage> {
    let Some(session) = current(py) else {
        return Ok(Stage {
            handle: None,
            name: "base".to_owned(),
            base: String::new(),
        });
    };
    let id = session.borrow(py).recipe.current_stage();
    match id {
        Some(id) => Ok(Stage::existing(py, session, id)),
        None => Err(to_py(dsl::DslError::NoOpenStage {
            what: "current_stage()",
            at: crate::caller::module_caller(py),
        })),
    }
}

/// Pairs from a mapping argument followed by keyword arguments (`ENV`,
/// `LABEL`).
fn mapping_and_keywords(
    mapping: Option<&Bound<'_, PyAny>>,
    keywords: Option<&Bound<'_, PyDict>>,
    at: &Location,
) -> PyResult<Vec<(String, String)>> {
    let mut pairs = env_pairs(mapping, at)?;
    pairs.extend(env_pairs(keywords.map(|k| k.as_any()), at)?);
    Ok(pairs)
}

/// An optional word.
fn opt_word(
    value: Option<&Bound<'_, PyAny>>,
    what: &str,
    at: &Location,
) -> PyResult<Option<String>> {
    value
        .filter(|v| !v.is_none())
        .map(|v| word(v, what, at))
        .transpose()
}

/// `mode=`/`chmod=`: an int is read as the mode's number (`0o755`), a str
/// as written (`"0755"`, `"u+x"`).
fn mode_text(value: &Bound<'_, PyAny>, at: &Location) -> PyResult<String> {
    if value.is_instance_of::<pyo3::types::PyInt>()
        && !value.is_instance_of::<pyo3::types::PyBool>()
    {
        return values::mode_number(value.extract()?, at).map_err(to_py);
    }
    word(value, "mode", at)
}

/// `uid=`/`gid=` as text, checked by the model.
fn opt_owner(
    value: Option<&Bound<'_, PyAny>>,
    what: &str,
    at: &Location,
) -> PyResult<Option<String>> {
    opt_word(value, what, at)
}

/// A str or a list of str.
fn list_of_words(value: &Bound<'_, PyAny>, what: &str, at: &Location) -> PyResult<Vec<String>> {
    if value.is_instance_of::<pyo3::types::PyList>() || value.is_instance_of::<PyTuple>() {
        return value.try_iter()?.map(|v| word(&v?, what, at)).collect();
    }
    Ok(vec![word(value, what, at)?])
}

/// The paths and flags COPY and ADD share, converted (the model checks them).
#[allow(clippy::too_many_arguments)]
fn copy_spec(
    src: &Bound<'_, PyAny>,
    dst: Option<&Bound<'_, PyAny>>,
    chown: Option<&Bound<'_, PyAny>>,
    chmod: Option<&Bound<'_, PyAny>>,
    parents: bool,
    exclude: Option<&Bound<'_, PyAny>>,
    what: &str,
    at: &Location,
) -> PyResult<CopySpec> {
    Ok(CopySpec {
        sources: list_of_words(src, &format!("{what} source"), at)?,
        dest: opt_word(dst, &format!("{what} destination"), at)?,
        chown: opt_word(chown, "chown=", at)?,
        chmod: chmod.map(|c| mode_text(c, at)).transpose()?,
        parents,
        exclude: exclude
            .map(|e| list_of_words(e, "exclude=", at))
            .transpose()?
            .unwrap_or_default(),
        ..CopySpec::default()
    })
}
