//! `Stage`: one `FROM` and the instructions after it, as a `with` block.

use dockerfile::{CacheSharing, Copy, ExecOrShell, Instruction, Mount};
use dsl::{Recipe, StageId};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::caller::caller;
use crate::convert::{env_pairs, word, words};
use crate::errors::{recipe_error, to_py};
use crate::run_builder::RunBuilder;
use crate::scopes::{EnvScope, MountScope};
use crate::session::{current, Session};

/// The render a DSL object belongs to, and its stage there; `None` for objects
/// made outside a render (at import time), which do nothing.
pub(crate) type Handle = Option<(Py<Session>, StageId)>;

/// Runs `f` on the recipe behind `handle`; `None` for inert objects.
pub(crate) fn with_recipe<R>(py: Python<'_>, handle: &Handle, f: impl FnOnce(&mut Recipe, StageId) -> R) -> Option<R> {
    handle.as_ref().map(|(session, id)| f(&mut session.borrow_mut(py).recipe, *id))
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
        Self { handle: Some((session, id)), name, base }
    }

    fn push(&self, py: Python<'_>, instruction: Instruction, uses: Vec<StageId>) {
        let at = caller(py);
        with_recipe(py, &self.handle, |recipe, id| recipe.push(id, instruction, &at, uses));
    }

    fn mount_scope(&self, py: Python<'_>, mount: Mount, uses: Vec<StageId>) -> MountScope {
        MountScope::new(self.handle.as_ref().map(|(s, id)| (s.clone_ref(py), *id)), mount, uses)
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
    #[pyo3(signature = (base, name=None))]
    fn new(py: Python<'_>, base: &Bound<'_, PyAny>, name: Option<String>) -> PyResult<Self> {
        let at = caller(py);
        let name = name.filter(|n| !n.is_empty()).unwrap_or_else(|| "base".to_owned());
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
            let id = session.borrow_mut(py).recipe.new_stage(base.clone(), name.clone(), parent);
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
            self.id_in_same_render(&o).is_some_and(|id| self.handle.as_ref().is_some_and(|(_, mine)| *mine == id))
        })
    }

    fn __hash__(&self) -> u64 {
        self.handle.as_ref().map_or(0, |(s, id)| (s.as_ptr() as u64) ^ (id.index() as u64).rotate_left(32))
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyResult<PyRef<'_, Self>> {
        let py = slf.py();
        let at = caller(py);
        with_recipe(py, &slf.handle, |recipe, id| recipe.enter_stage(id, &at)).transpose().map_err(to_py)?;
        Ok(slf)
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, PyTuple>) {
        with_recipe(py, &self.handle, |recipe, id| recipe.exit_stage(id));
    }

    /// `ARG name=value`; with `env=True` also `ENV name=${name}`.
    #[pyo3(signature = (name, value=None, *, env=false))]
    fn arg(&self, py: Python<'_>, name: &str, value: Option<&Bound<'_, PyAny>>, env: bool) -> PyResult<()> {
        let at = caller(py);
        let default = value.filter(|v| !v.is_none()).map(|v| word(v, "arg() value", &at)).transpose()?;
        self.push(py, Instruction::Arg { name: name.to_owned(), default }, Vec::new());
        if env {
            self.push(py, Instruction::Env(vec![(name.to_owned(), format!("${{{name}}}"))]), Vec::new());
        }
        Ok(())
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
        let mut pairs = env_pairs(mapping, &at)?;
        pairs.extend(env_pairs(variables.map(|v| v.as_any()), &at)?);
        with_recipe(py, &self.handle, |recipe, id| recipe.env(id, pairs.clone(), &at)).transpose().map_err(to_py)?;
        Ok(EnvScope::new(self.handle.as_ref().map(|(s, id)| (s.clone_ref(py), *id)), pairs))
    }

    /// Prepends directories to `PATH`.
    #[pyo3(signature = (*entries))]
    fn add_to_path(&self, py: Python<'_>, entries: &Bound<'_, PyTuple>) -> PyResult<()> {
        let at = caller(py);
        let mut parts = words(entries, "add_to_path()", &at)?;
        parts.push("$PATH".to_owned());
        self.push(py, Instruction::Env(vec![("PATH".to_owned(), parts.join(":"))]), Vec::new());
        Ok(())
    }

    /// `WORKDIR path`.
    fn workdir(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        let path = word(path, "workdir()", &caller(py))?;
        self.push(py, Instruction::Workdir(path), Vec::new());
        Ok(())
    }

    /// `COPY`: from the context, or `stage=`/`image=`/`from_=` (auto
    /// `--link` for stages and images; override with `link=`).
    #[pyo3(signature = (src, dst=None, *, image=None, stage=None, from_=None, link=None))]
    #[allow(clippy::too_many_arguments)]
    fn copy(
        &self,
        py: Python<'_>,
        src: &Bound<'_, PyAny>,
        dst: Option<&Bound<'_, PyAny>>,
        image: Option<String>,
        stage: Option<PyRef<'_, Stage>>,
        from_: Option<String>,
        link: Option<bool>,
    ) -> PyResult<()> {
        let at = caller(py);
        let src = word(src, "copy() source", &at)?;
        let dst = match dst.filter(|d| !d.is_none()) {
            Some(d) => word(d, "copy() destination", &at)?,
            None => String::new(),
        };
        let dest = if dst.is_empty() { src.clone() } else { dst };
        let uses: Vec<StageId> = stage.as_ref().and_then(|s| self.id_in_same_render(s)).into_iter().collect();
        let link = link.unwrap_or(image.is_some() || stage.is_some());
        let from = image.or_else(|| stage.as_ref().map(|s| s.name.clone())).or(from_);
        let copy = Copy { sources: vec![src], dest, from, link, ..Copy::default() };
        self.push(py, Instruction::Copy(copy), uses);
        Ok(())
    }

    /// `ENTRYPOINT ["exe", "arg"]`.
    #[pyo3(signature = (*argv))]
    fn entrypoint(&self, py: Python<'_>, argv: &Bound<'_, PyTuple>) -> PyResult<()> {
        let argv = words(argv, "entrypoint()", &caller(py))?;
        self.push(py, Instruction::Entrypoint(ExecOrShell::Exec(argv)), Vec::new());
        Ok(())
    }

    /// `CMD ["exe", "arg"]`.
    #[pyo3(signature = (*argv))]
    fn cmd(&self, py: Python<'_>, argv: &Bound<'_, PyTuple>) -> PyResult<()> {
        let argv = words(argv, "cmd()", &caller(py))?;
        self.push(py, Instruction::Cmd(ExecOrShell::Exec(argv)), Vec::new());
        Ok(())
    }

    /// With words: one `RUN` of that command. Without: a run builder for a
    /// `with` block whose commands become one `&&`-joined `RUN`.
    #[pyo3(signature = (*words_, env=None))]
    fn run(
        &self,
        py: Python<'_>,
        words_: &Bound<'_, PyTuple>,
        env: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<RunBuilder>> {
        let at = caller(py);
        let handle = self.handle.as_ref().map(|(s, id)| (s.clone_ref(py), *id));
        if words_.is_empty() {
            return Ok(Some(RunBuilder::new(handle, at)));
        }
        let mut script = dsl::RunScript::new();
        let words_ = words(words_, "run()", &at)?;
        script.command(&words_[0], &words_[1..], &[], &env_pairs(env, &at)?);
        with_recipe(py, &self.handle, |recipe, id| recipe.emit_run(id, script.script(), None, None, &at))
            .transpose()
            .map_err(to_py)?;
        Ok(None)
    }

    /// A cache mount at `target` over a `with` block (`lock=True`:
    /// `sharing=locked`).
    #[pyo3(signature = (target, *, lock=false))]
    fn cache(&self, py: Python<'_>, target: &Bound<'_, PyAny>, lock: bool) -> PyResult<MountScope> {
        let target = word(target, "cache() target", &caller(py))?;
        let sharing = if lock { CacheSharing::Locked } else { CacheSharing::Shared };
        let mount = Mount::Cache {
            target,
            id: None,
            sharing: Some(sharing),
            ro: false,
            from: None,
            source: None,
            mode: None,
            uid: None,
            gid: None,
        };
        Ok(self.mount_scope(py, mount, Vec::new()))
    }

    /// A secret mount of `secret_id` at `target` over a `with` block.
    #[pyo3(signature = (secret_id, *, target))]
    fn secret(&self, py: Python<'_>, secret_id: &str, target: &Bound<'_, PyAny>) -> PyResult<MountScope> {
        let target = word(target, "secret() target", &caller(py))?;
        let mount = Mount::Secret {
            id: secret_id.to_owned(),
            target: Some(target),
            env: None,
            required: None,
            mode: None,
            uid: None,
            gid: None,
        };
        Ok(self.mount_scope(py, mount, Vec::new()))
    }

    /// A read-only bind mount of context path `source` at `target`.
    #[pyo3(signature = (*, source, target))]
    fn bind(&self, py: Python<'_>, source: &Bound<'_, PyAny>, target: &Bound<'_, PyAny>) -> PyResult<MountScope> {
        let at = caller(py);
        let source = word(source, "bind() source", &at)?;
        let target = word(target, "bind() target", &at)?;
        let mount = Mount::Bind { source: Some(source), target, from: None, rw: false };
        Ok(self.mount_scope(py, mount, Vec::new()))
    }

    /// Derives a child stage `FROM <this> AS <name>`; the name comes from the
    /// `with ... as NAME` target when not given, else `stage_N`.
    #[pyo3(signature = (*, name=None))]
    fn stage(&self, py: Python<'_>, name: Option<String>) -> PyResult<Stage> {
        let Some((session, parent)) = &self.handle else {
            return Ok(Stage { handle: None, name: name.unwrap_or_default(), base: self.name.clone() });
        };
        let name = match name.filter(|n| !n.is_empty()) {
            Some(name) => name,
            None => match inferred_name(py)? {
                Some(name) => name,
                None => session.borrow_mut(py).recipe.next_child_name(*parent),
            },
        };
        let id = session.borrow_mut(py).recipe.new_stage(self.name.clone(), name.clone(), Some(*parent));
        Ok(Stage { handle: Some((session.clone_ref(py), id)), name, base: self.name.clone() })
    }
}

/// The `as` target of the `with` statement calling us, if any.
fn inferred_name(py: Python<'_>) -> PyResult<Option<String>> {
    let naming = py.import(pyo3::intern!(py, "docker_dsl._naming"))?;
    naming.getattr(pyo3::intern!(py, "with_target"))?.call0()?.extract()
}

/// The stage of the innermost open `with Stage(...)` block. Outside a render
/// (at import time) an inert stage, so helpers work anywhere.
#[pyfunction]
pub fn current_stage(py: Python<'_>) -> PyResult<Stage> {
    let Some(session) = current(py) else {
        return Ok(Stage { handle: None, name: "base".to_owned(), base: String::new() });
    };
    let id = session.borrow(py).recipe.current_stage();
    match id {
        Some(id) => Ok(Stage::existing(py, session, id)),
        None => Err(recipe_error(format!(
            "{}: current_stage() is called outside any `with Stage(...)` block; call it inside one",
            caller(py)
        ))),
    }
}
