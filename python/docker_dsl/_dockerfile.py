"""``Dockerfile(module).render(...)``: render an imported recipe module."""

import os

from docker_dsl import _recipe
from docker_dsl._flag_types import raw_value
from docker_dsl._native import DEFAULT_SYNTAX, Session, write_file


class Dockerfile:
    """Renders a recipe module into Dockerfile text, once per set of flag values.

    Example:
        >>> import my_recipe
        >>> text = Dockerfile(my_recipe).render(private=True)
    """

    def __init__(self, module) -> None:
        self.module = module
        self._code = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def render(
        self, path=None, *, syntax: str | None = DEFAULT_SYNTAX, frontend: str | None = None, **values
    ) -> str:
        """Run the recipe once with ``values`` for its flags and return the text.

        Args:
            path: When given, the text is also written there (atomically).
            syntax: The ``# syntax=`` frontend (``"docker/dockerfile:1.7"``); ``None`` for no
                header.
            frontend: The frontend version to check features against when ``syntax``
                pins none, e.g. ``"1.2"`` for Docker 20.10 without a header.
            **values: One value per flag the recipe registers (a value of the flag's
                type, or its command-line text).

        Raises:
            FlagError: A flag is missing, unknown, or has a bad value.
            RecipeError: The recipe asks for something invalid, or raised.
        """
        code = self._code
        if code is None:
            code = self._code = _recipe.code_of(self.module)
        flags = [
            (name, value if value.__class__ is str else raw_value(value)) for name, value in values.items()
        ]
        name = getattr(self.module, "__file__", None) or self.module.__name__
        if path is not None:
            path = os.path.abspath(path)  # before the recipe runs: it may change directory
        session = Session(name, flags, False, syntax, frontend)
        _recipe.execute(session, self.module, code)
        text = session.finish()
        if path is not None:
            write_file(path, text)
        return text
