//! The run builder: `with s.run() as r:` and its commands.

use dockerfile::{NetworkMode, SecurityMode};
use dsl::{EchoId, Location, RunBody, RunScript, ScopeId};
use pyo3::basic::CompareOp;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::caller::caller;
use crate::convert::{env_pairs, flag_args, word, words};
use crate::errors::to_py;
use crate::scopes::exit_scope;
use crate::stage::{with_recipe, Handle};

/// Accumulates commands into one `RUN`: any attribute is a command
/// (`r.git("clone", url, depth="1")`), `r("raw line")` adds a line, and the
/// helpers cover apt, `cd` scopes, `echo` redirects and downloads. The RUN
/// is emitted when the `with` block ends without an exception.
#[pyclass(module = "docker_dsl._native")]
pub struct RunBuilder {
    handle: Handle,
    script: RunScript,
    at: Location,
    network: Option<NetworkMode>,
    security: Option<SecurityMode>,
    env: Vec<(String, String)>,
    entered: Option<ScopeId>,
}

impl RunBuilder {
    /// A builder for `stage`'s next RUN; `env` is exported ahead of its
    /// commands.
    pub(crate) fn new(
        handle: Handle,
        at: Location,
        network: Option<NetworkMode>,
        security: Option<SecurityMode>,
        env: Vec<(String, String)>,
    ) -> Self {
        Self {
            handle,
            script: RunScript::new(),
            at,
            network,
            security,
            env,
            entered: None,
        }
    }
}

#[pymethods]
impl RunBuilder {
    fn __enter__(mut slf: PyRefMut<'_, Self>) -> PyResult<PyRefMut<'_, Self>> {
        let py = slf.py();
        let at = caller(py);
        let scope = with_recipe(py, &slf.handle, |recipe, id| recipe.open_run(id, &at))
            .transpose()
            .map_err(to_py)?;
        slf.entered = scope;
        Ok(slf)
    }

    #[pyo3(signature = (exc_type=None, *_rest))]
    fn __exit__(
        &mut self,
        py: Python<'_>,
        exc_type: Option<&Bound<'_, PyAny>>,
        _rest: &Bound<'_, PyTuple>,
    ) -> PyResult<()> {
        exit_scope(py, &self.handle, self.entered.take(), exc_type)?;
        if exc_type.is_some_and(|t| !t.is_none()) || self.script.is_empty() {
            return Ok(());
        }
        let body = RunBody::Script(self.script.script_with_exports(&self.env));
        with_recipe(py, &self.handle, |recipe, id| {
            recipe.emit_run(id, body, self.network, self.security, &self.at)
        })
        .transpose()
        .map_err(to_py)?;
        Ok(())
    }

    fn __getattr__(slf: Bound<'_, Self>, name: &str) -> PyResult<CmdInvoker> {
        if name.starts_with('_') {
            return Err(pyo3::exceptions::PyAttributeError::new_err(name.to_owned()));
        }
        Ok(CmdInvoker {
            builder: slf.unbind(),
            binary: name.to_owned(),
        })
    }

    /// Adds a raw command line.
    #[pyo3(signature = (line, *, env=None))]
    fn __call__(
        &mut self,
        py: Python<'_>,
        line: &Bound<'_, PyAny>,
        env: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let at = caller(py);
        let line = word(line, "r()", &at)?;
        let pairs = env_pairs(env, &at)?;
        self.script.raw(&line, &pairs, &at).map_err(to_py)
    }

    /// `echo "text"`, a command like any other; `> path` or `>> path` right
    /// after it sends it to a file.
    fn echo(slf: Bound<'_, Self>, text: &Bound<'_, PyAny>) -> PyResult<RedirectableCmd> {
        let text = word(text, "echo()", &caller(slf.py()))?;
        let echo = slf.borrow_mut().script.echo(&text);
        Ok(RedirectableCmd {
            builder: slf.unbind(),
            echo,
        })
    }

    /// `cd path`; as a `with` block, returns to the previous directory after.
    fn cd(slf: Bound<'_, Self>, path: &Bound<'_, PyAny>) -> PyResult<CdScope> {
        let path = word(path, "cd()", &caller(slf.py()))?;
        slf.borrow_mut().script.cd(&path);
        Ok(CdScope {
            builder: slf.unbind(),
        })
    }

    /// Pipes a remote install script into `bash` over pinned TLS.
    #[pyo3(signature = (url, *, args=None))]
    fn curl_bash(
        &mut self,
        py: Python<'_>,
        url: &Bound<'_, PyAny>,
        args: Option<&Bound<'_, PyTuple>>,
    ) -> PyResult<()> {
        let at = caller(py);
        let url = word(url, "curl_bash() url", &at)?;
        let args = args
            .map(|a| words(a, "curl_bash() args", &at))
            .transpose()?
            .unwrap_or_default();
        self.script.curl_bash(&url, &args);
        Ok(())
    }

    /// Downloads a tarball and extracts it into `target`.
    #[pyo3(signature = (url, *, target=None, strip=1))]
    fn install(
        &mut self,
        py: Python<'_>,
        url: &Bound<'_, PyAny>,
        target: Option<&Bound<'_, PyAny>>,
        strip: i64,
    ) -> PyResult<()> {
        let at = caller(py);
        let url = word(url, "install() url", &at)?;
        let target = target
            .map(|t| word(t, "install() target", &at))
            .transpose()?;
        self.script
            .install(&url, target.as_deref().unwrap_or("/usr/local/bin"), strip);
        Ok(())
    }

    /// Downloads one file, creating its directory first.
    fn fetch_file(
        &mut self,
        py: Python<'_>,
        url: &Bound<'_, PyAny>,
        dest: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let at = caller(py);
        let url = word(url, "fetch_file() url", &at)?;
        let dest = word(dest, "fetch_file() dest", &at)?;
        self.script.fetch_file(&url, &dest);
        Ok(())
    }

    /// Installs apt packages, with `apt-get update` only when stale.
    #[pyo3(signature = (*packages, fast=None))]
    fn apt_install(
        &mut self,
        py: Python<'_>,
        packages: &Bound<'_, PyTuple>,
        fast: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let at = caller(py);
        let fast = fast
            .map(crate::convert::switch)
            .transpose()?
            .unwrap_or(false);
        let packages = words(packages, "apt_install()", &at)?;
        self.script.apt_install(&packages, fast, &at).map_err(to_py)
    }

    /// Adds a PPA; the next `apt_install` updates the lists.
    fn add_apt_ppa(&mut self, py: Python<'_>, ppa: &Bound<'_, PyAny>) -> PyResult<()> {
        let ppa = word(ppa, "add_apt_ppa()", &caller(py))?;
        self.script.add_apt_ppa(&ppa);
        Ok(())
    }

    /// Adds a signed apt repository; the next `apt_install` updates.
    #[pyo3(signature = (key_url, repo_url, *, name))]
    fn add_apt_repo(
        &mut self,
        py: Python<'_>,
        key_url: &Bound<'_, PyAny>,
        repo_url: &Bound<'_, PyAny>,
        name: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let at = caller(py);
        let key_url = word(key_url, "add_apt_repo() key_url", &at)?;
        let repo_url = word(repo_url, "add_apt_repo() repo_url", &at)?;
        let name = word(name, "add_apt_repo() name", &at)?;
        self.script.add_apt_repo(&key_url, &repo_url, &name);
        Ok(())
    }
}

/// A command named by attribute access on the builder; calling it adds
/// `binary args... --flag value...`.
#[pyclass(module = "docker_dsl._native")]
pub struct CmdInvoker {
    builder: Py<RunBuilder>,
    binary: String,
}

#[pymethods]
impl CmdInvoker {
    #[pyo3(signature = (*args, env=None, **flags))]
    fn __call__(
        &self,
        py: Python<'_>,
        args: &Bound<'_, PyTuple>,
        env: Option<&Bound<'_, PyAny>>,
        flags: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        let at = caller(py);
        let args = words(args, &format!("r.{}()", self.binary), &at)?;
        let flags = flag_args(flags, &at)?;
        let env = env_pairs(env, &at)?;
        self.builder
            .borrow_mut(py)
            .script
            .command(&self.binary, &args, &flags, &env);
        Ok(())
    }
}

/// A `cd` that, used as a `with` block, returns to the previous directory.
#[pyclass(module = "docker_dsl._native")]
pub struct CdScope {
    builder: Py<RunBuilder>,
}

#[pymethods]
impl CdScope {
    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf.builder.borrow_mut(slf.py()).script.enter_cd();
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, PyTuple>) {
        self.builder.borrow_mut(py).script.exit_cd();
    }
}

/// An `echo` just added, which a redirect may follow: `> path` truncates,
/// `>> path` appends.
#[pyclass(module = "docker_dsl._native")]
pub struct RedirectableCmd {
    builder: Py<RunBuilder>,
    echo: EchoId,
}

impl RedirectableCmd {
    fn redirect(
        &self,
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        append: bool,
        what: &str,
    ) -> PyResult<()> {
        let at = caller(py);
        let path = word(path, what, &at)?;
        self.builder
            .borrow_mut(py)
            .script
            .redirect_echo(self.echo, &path, append, &at)
            .map_err(to_py)
    }
}

#[pymethods]
impl RedirectableCmd {
    fn __richcmp__(
        &self,
        py: Python<'_>,
        path: &Bound<'_, PyAny>,
        op: CompareOp,
    ) -> PyResult<Py<PyAny>> {
        if !matches!(op, CompareOp::Gt) {
            return Ok(py.NotImplemented());
        }
        self.redirect(py, path, false, "echo() > path")?;
        Ok(py.None())
    }

    fn __rshift__(&self, py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<()> {
        self.redirect(py, path, true, "echo() >> path")
    }
}
