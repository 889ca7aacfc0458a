"""The command line speaks one style: `docker-dsl: error: [recipe.py:LINE: ]...`,
exit 2, flag names as the user wrote them, no Python internals; help without a
recipe; Ctrl-C exits 130 quietly. (Issue 8 item 7; issue 13 items 13-16.)"""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

CLI = Path(sys.executable).with_name("docker-dsl")
RECIPE = textwrap.dedent(
    """
    from docker_dsl import Stage, context
    context.register("private", bool, default=False)
    with Stage("alpine") as s:
        s.run("true")
    """
)


def run(tmp_path: Path, *args: str, recipe: str = RECIPE) -> subprocess.CompletedProcess:
    path = tmp_path / "recipe.py"
    path.write_text(recipe)
    words = [a.replace("RECIPE", str(path)) for a in args]
    env = dict(os.environ, DOCKER_HOST="unix:///nonexistent-docker-dsl.sock")
    return subprocess.run(
        [str(CLI), *words], capture_output=True, text=True, env=env, check=False, timeout=60
    )


def error_line(result: subprocess.CompletedProcess) -> str:
    """The one error line, after checking exit status 2 and the prefix."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("docker-dsl: error: "), lines[0]
    for internal in ("Traceback", "ValueError", "TypeError", "SystemExit", "KeyboardInterrupt"):
        assert internal not in lines[0], lines[0]
    return lines[0].removeprefix("docker-dsl: error: ")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["RECIPE", "--frontend", "abc", "--syntax", "none"], ['--frontend "abc" is not a docker/dockerfile version']),
        (["RECIPE", "--frontend", "9.9", "--syntax", "none"], ['--frontend "9.9"']),
        (["RECIPE", "--syntax", "0.9"], ['--syntax "0.9" is not a docker/dockerfile version']),
        (["RECIPE", "--frontend", "1.2"], ["--frontend 1.2 applies to a file without", "--syntax none"]),
        (["RECIPE", "-j"], ["unknown flag -j;"]),
        (["RECIPE", "--bogus-opt"], ["unknown flag --bogus-opt;", "--private (bool)"]),
        (["build", "RECIPE", "--bogus-opt", "--syntax", "none"], ["unknown flag --bogus-opt;"]),
        (["build", "RECIPE", "--progress", "quiet"], ['--progress "quiet" is not a progress mode', "auto, plain, tty"]),
        (["render"], ["render needs a recipe"]),
        (["RECIPE", "--out"], ["--out needs a value"]),
        (["verify"], ["--secret"]),
        (["build", "RECIPE", "--syntax", "none", "--ssh", "a b"], ["--ssh id `a b` is not a valid id"]),
        (["build", "RECIPE", "--syntax", "none", "--secret", "id=../x,src=/etc/hosts"], ["--secret id `../x` is invalid"]),
        (["build", "RECIPE", "--syntax", "none", "--secret", "id=x,hunter2"], ["field 2 is not key=value"]),
    ],
)  # fmt: skip
def test_option_mistakes_get_one_clean_error_line(tmp_path, args, fragments):
    message = error_line(run(tmp_path, *args))
    for fragment in fragments:
        assert fragment in message, message


def test_recipe_errors_name_the_recipe_line(tmp_path):
    recipe = RECIPE.replace('s.run("true")', 's.bind(target="/x", rw="yes")')
    message = error_line(run(tmp_path, "RECIPE", recipe=recipe))
    assert message.startswith("recipe.py:5: "), message


def test_an_unsupported_flag_type_names_its_line(tmp_path):
    recipe = RECIPE.replace("default=False", "default=False)\ncontext.register('n', dict")
    message = error_line(run(tmp_path, "RECIPE", recipe=recipe))
    assert message.startswith("recipe.py:4: context.register() type \"<class 'dict'>\""), message


@pytest.mark.parametrize("subcommand", ["render", "build"])
def test_subcommand_help_without_a_recipe(tmp_path, subcommand):
    result = run(tmp_path, subcommand, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: docker-dsl {subcommand} RECIPE"), result.stdout
    assert "--syntax V" in result.stdout


def test_help_build_lists_the_build_options(tmp_path):
    result = run(tmp_path, "help", "build")
    assert result.returncode == 0, result.stderr
    for option in ("-t, --tag TAG", "--secret SPEC", "--ssh ID[=SOCK]", "--progress MODE"):
        assert option in result.stdout, result.stdout


def test_top_level_help_describes_the_tool(tmp_path):
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    assert "Dockerfiles written as Python programs" in result.stdout
    assert "library entry" not in result.stdout


def test_recipe_help_lists_its_flags_and_the_options(tmp_path):
    result = run(tmp_path, "RECIPE", "--help")
    assert result.returncode == 0, result.stderr
    assert "--private" in result.stdout and "--out PATH" in result.stdout


def test_ctrl_c_in_a_recipe_exits_130_quietly(tmp_path):
    recipe = tmp_path / "slow.py"
    recipe.write_text(
        "import time\nfrom docker_dsl import Stage\nprint('ready', flush=True)\ntime.sleep(30)\n"
    )
    proc = subprocess.Popen(
        [str(CLI), str(recipe)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 30
    assert proc.stderr is not None
    # The recipe's prints go to stderr; wait until it runs, then press Ctrl-C.
    while time.monotonic() < deadline and "ready" not in proc.stderr.readline():
        pass
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.strip() == "" and out == "", (out, err)


def test_current_stage_errors_name_the_recipe_line_that_called_the_helper(tmp_path):
    """A helper calling current_stage() outside any stage: the error names the recipe's
    line that called the helper, not the helper's own line (issue 13 item 15)."""
    (tmp_path / "helpers.py").write_text(
        "from docker_dsl import current_stage\n\n\ndef install():\n    current_stage().run('true')\n"
    )
    recipe = textwrap.dedent(
        """
        from docker_dsl import Stage
        from helpers import install
        install()
        with Stage("alpine") as s:
            s.run("true")
        """
    )
    line = error_line(run(tmp_path, "RECIPE", recipe=recipe))
    assert line.startswith("recipe.py:4: "), line
    assert "current_stage()" in line, line


def test_run_builder_switches_take_only_booleans(tmp_path):
    """`apt_install(fast="yes")` is a RecipeError at the recipe line, not PyO3's TypeError
    (issue 13 item 13)."""
    recipe = textwrap.dedent(
        """
        from docker_dsl import Stage
        with Stage("debian") as s:
            with s.run() as r:
                r.apt_install("curl", fast="yes")
        """
    )
    line = error_line(run(tmp_path, "RECIPE", recipe=recipe))
    assert line.startswith("recipe.py:5: "), line
    assert "True or False" in line, line
