"""`context.register` refuses definitions the recipe or the command line cannot use, at
the registering line; imported as a module, a recipe reads each flag as its default
(issue 13, item 11)."""

import subprocess
import sys
import textwrap
from pathlib import Path

import docker_dsl
import pytest

CLI = Path(sys.executable).with_name("docker-dsl")

# (case id, register call, words the message must contain)
BAD = [
    (
        "dash_in_name",
        'context.register("other-flag", int)',
        ['"other-flag" is not a name', 'e.g. "other_flag"'],
    ),
    ("keyword_name", 'context.register("class", str, default="x")', ["Python keyword"]),
    ("cli_out", 'context.register("out", str, default="x")', ["option of docker-dsl itself (--out)"]),
    (
        "cli_target",
        'context.register("target", str, default="x")',
        ["option of docker-dsl itself (--target)"],
    ),
    ("cli_context", 'context.register("context", str, default="x")', ["(--context)"]),
    (
        "int_default",
        'context.register("jobs", int, default="four")',
        ['default "four" of flag --jobs is not int'],
    ),
    (
        "literal_default",
        'context.register("channel", Literal["stable", "beta"], default="nightly")',
        ['default "nightly" of flag --channel is not one of: stable, beta'],
    ),
    ("none_default", 'context.register("suffix", str, default=None)', ["default=None", "leave default= out"]),
]


def write_recipe(tmp_path: Path, register: str) -> Path:
    recipe = tmp_path / "flags.py"
    recipe.write_text(
        "from typing import Literal\n"
        "from docker_dsl import Stage, context\n"
        f"{register}\n"
        'with Stage("alpine") as s:\n'
        '    s.run("ls")\n'
    )
    return recipe


@pytest.mark.parametrize(("name", "register", "fragments"), BAD, ids=[c[0] for c in BAD])
def test_bad_registration_is_refused_at_its_line(tmp_path, name, register, fragments):
    recipe = write_recipe(tmp_path, register)
    for argv in ([str(recipe)], [str(recipe), "--help"]):
        done = subprocess.run([str(CLI), *argv], capture_output=True, text=True, check=False)
        assert done.returncode == 2, (argv, done.stdout)
        assert done.stderr.startswith("docker-dsl: error: flags.py:3: "), done.stderr
        for fragment in fragments:
            assert fragment in done.stderr, done.stderr
    imported = subprocess.run(  # a plain import, outside any render
        [sys.executable, "-c", "import flags"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert "docker_dsl.RecipeError: flags.py:3: " in imported.stderr, imported.stderr


REFERENCE_EXAMPLE = textwrap.dedent(
    """
    from enum import Enum
    from typing import Literal

    from docker_dsl import Stage, context


    class Flavor(Enum):
        SLIM = "slim"
        FULL = "full"


    context.register("python", Literal["3.12", "3.13"], default="3.13", help="Python version")
    context.register("flavor", Flavor, default=Flavor.SLIM)
    context.register("jobs", int, default=4)

    IMPORTED = (context.python, context.flavor, context.jobs)

    with Stage(f"python:{context.python}-{context.flavor.value}") as s:
        s.run("make", f"-j{context.jobs}")
    """
)


def test_an_imported_recipe_reads_its_defaults(tmp_path, monkeypatch):
    (tmp_path / "reference_flags.py").write_text(REFERENCE_EXAMPLE)
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("reference_flags", None)
    import reference_flags

    assert reference_flags.IMPORTED == ("3.13", reference_flags.Flavor.SLIM, 4)
    render = docker_dsl.Dockerfile(reference_flags).render
    assert render(syntax=None) == "FROM python:3.13-slim AS base\nRUN make -j4\n"
    assert render(syntax=None, flavor="FULL", jobs=2) == "FROM python:3.13-full AS base\nRUN make -j2\n"
    sys.modules.pop("reference_flags", None)


def test_a_default_reads_as_the_flag_type(tmp_path):
    recipe = tmp_path / "typed.py"
    recipe.write_text(
        "import pathlib\n"
        "from docker_dsl import Stage, context\n"
        'context.register("prefix", pathlib.Path, default="/opt/app")\n'
        'context.register("ratio", float, default=1)\n'
        'with Stage("alpine") as s:\n'
        '    s.env({"TYPES": f"{type(context.prefix).__name__},{type(context.ratio).__name__}"})\n'
    )
    done = subprocess.run([str(CLI), str(recipe)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "ENV TYPES=PosixPath,float\n" in done.stdout
