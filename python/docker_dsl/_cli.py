"""What the Rust CLI asks of Python: run a recipe file or module in a session."""

from docker_dsl import _recipe
from docker_dsl._native import DockerDslError, Session

_loaded: dict = {}
"""Recipes loaded by this process, by target: a matrix render runs one recipe many times."""


def _load(target: str):
    """``_recipe.load(target)``, once per process."""
    loaded = _loaded.get(target)
    if loaded is None:
        loaded = _loaded[target] = _recipe.load(target)
    return loaded


def render(target: str, flags, syntax, frontend, quiet=True):
    """Load ``target`` and run it once with raw ``flags``; return the session. Without
    ``quiet``, the caller has entered ``quiet_stdout()`` (once for many renders)."""
    module, code = _load(target)
    session = Session(module.__file__, flags, False, syntax, frontend)
    _recipe.execute(session, module, code, quiet=quiet)
    return session


def quiet_stdout():
    """A context manager: what recipes print goes to stderr while it is entered."""
    return _recipe.StdoutToStderr()


def describe(target: str):
    """Run ``target`` leniently to learn the flags it registers (for ``--help``)."""
    module, code = _load(target)
    session = Session(module.__file__, [], True)
    try:
        _recipe.execute(session, module, code, quiet=True)
    except DockerDslError:
        pass  # flags registered before the failure are still listed
    return session
