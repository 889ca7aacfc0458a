"""What the Rust CLI asks of Python: run a recipe file or module in a session."""

from docker_dsl import _recipe
from docker_dsl._native import DockerDslError, Session


def render(target: str, flags, syntax, frontend):
    """Load ``target`` and run it once with raw ``flags``; return the session."""
    module, code = _recipe.load(target)
    session = Session(module.__file__, flags, False, syntax, frontend)
    _recipe.execute(session, module, code, quiet=True)
    return session


def describe(target: str):
    """Run ``target`` leniently to learn the flags it registers (for ``--help``)."""
    module, code = _recipe.load(target)
    session = Session(module.__file__, [], True)
    try:
        _recipe.execute(session, module, code, quiet=True)
    except DockerDslError:
        pass  # flags registered before the failure are still listed
    return session
