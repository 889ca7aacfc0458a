"""Loading a recipe's code and running it inside a render session."""

import os
import sys

from docker_dsl._native import DockerDslError, RecipeError

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def load(target: str):
    """Return ``(module, code)`` for a recipe file path or module name, without running it."""
    from types import ModuleType

    if target.endswith(".py") or os.sep in target or os.path.isfile(target):
        path = os.path.abspath(target)
        if not os.path.isfile(path):
            raise RecipeError(f"recipe file {target!r} does not exist")
        name = os.path.splitext(os.path.basename(path))[0]
    else:
        cwd = os.getcwd()
        if cwd not in sys.path:
            sys.path.insert(0, cwd)
        import importlib.util

        try:
            spec = importlib.util.find_spec(target)
        except (ImportError, ValueError) as err:
            raise RecipeError(f"cannot find recipe module {target!r}: {err}") from None
        if spec is None or not spec.origin or not os.path.isfile(spec.origin):
            raise RecipeError(
                f"cannot find recipe {target!r}: no such file, and no module of that name on the path"
            )
        path, name = spec.origin, target
    directory = os.path.dirname(path)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    module = ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    return module, compile_file(path)


def compile_file(path: str):
    """Compile a recipe file, turning a syntax error into a ``RecipeError``."""
    try:
        with open(path, "rb") as handle:
            source = handle.read()
        return compile(source, path, "exec")
    except SyntaxError as err:
        where = f"{os.path.basename(err.filename or path)}:{err.lineno}"
        raise RecipeError(f"{where}: the recipe does not parse: {err.msg}") from None
    except OSError as err:
        raise RecipeError(f"cannot read recipe {path}: {err.strerror}") from None


def code_of(module):
    """The code object of an imported recipe module."""
    spec = getattr(module, "__spec__", None)
    loader = getattr(spec, "loader", None)
    if loader is not None and hasattr(loader, "get_code"):
        code = loader.get_code(module.__name__)
        if code is not None:
            return code
    path = getattr(module, "__file__", None)
    if not path:
        raise RecipeError(f"module {module.__name__!r} has no source file; a recipe must be a .py module")
    return compile_file(path)


def execute(session, module, code, quiet: bool = False) -> None:
    """Run the recipe's code once inside ``session``.

    With ``quiet``, what the recipe writes to standard output goes to stderr
    (see ``StdoutToStderr``; a caller that runs many recipes enters that once
    instead). An exception from the recipe's own code becomes a
    ``RecipeError`` naming the recipe line.
    """
    redirect = StdoutToStderr() if quiet else None
    if redirect is not None:
        redirect.__enter__()
    try:
        with session:
            exec(code, module.__dict__)  # noqa: S102 -- running the recipe is the point
    except DockerDslError:
        raise
    except (Exception, SystemExit) as err:
        raise RecipeError(_describe_failure(err)) from err
    finally:
        if redirect is not None:
            redirect.__exit__(None, None, None)


class StdoutToStderr:
    """While entered, what recipes and the processes they start write to standard
    output goes to stderr (``sys.stdout`` and file descriptor 1 alike), so stdout
    carries only the Dockerfile."""

    def __enter__(self):
        self._saved = sys.stdout
        self._saved_fd = _stdout_to_stderr()
        sys.stdout = sys.stderr
        return self

    def __exit__(self, *_exc) -> None:
        sys.stdout = self._saved
        _restore_stdout(self._saved_fd)


def _stdout_to_stderr():
    """Point file descriptor 1 at stderr; return a copy of the old one (``None`` when
    descriptor 1 is not open)."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):
        return None
    try:
        os.dup2(2, 1)
    except OSError:  # no stderr to point at: leave stdout as it is
        os.close(saved)
        return None
    return saved


def _restore_stdout(saved) -> None:
    """Undo ``_stdout_to_stderr``."""
    if saved is None:
        return
    if sys.stderr is not None:
        sys.stderr.flush()
    os.dup2(saved, 1)
    os.close(saved)


def _describe_failure(err: BaseException) -> str:
    """``file:line: Type: message`` at the innermost frame outside this package."""
    where = None
    tb = err.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not os.path.abspath(filename).startswith(_PACKAGE_DIR):
            where = f"{os.path.basename(filename)}:{tb.tb_lineno}"
        tb = tb.tb_next
    if isinstance(err, SystemExit):
        text = f"the recipe exited (sys.exit({err.code!r})) before the render finished; a recipe must not exit: raise an exception with a message instead"
    else:
        name = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        text = f"the recipe raised {name}"
    return f"{where}: {text}" if where else text
