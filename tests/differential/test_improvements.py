"""Where docker-dsl 0.1.2 is wrong, we do better (SPEC §1, last paragraph).

Each group tests OUR intended behaviour; most also show, against the 0.1.2
oracle, what it gets wrong (the ``test_012_*`` tests), so the test is known
to detect the bug it is about.

Errors: ``docker_dsl.DockerDslError`` is the base; ``RecipeError`` is a
mistake in the recipe (its message names ``<recipe file>:<line>`` and how to
fix it); ``FlagError`` is a bad, missing or unknown flag value. From the CLI
such errors exit 2, print no traceback, and write no ``--out`` file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import dd_buildkit
import dd_cli
import dd_recipes
from dd_recipes import IMPROVE_DIR

HEADER = "# syntax=docker/dockerfile:1\n"
INTERNAL_FRAME = re.compile(r'File "[^"]*[/\\]docker_dsl[/\\]')


def fresh(name: str):
    """Import an improve_recipes module anew (its top level runs again)."""
    sys.modules.pop(name, None)
    return dd_recipes.import_recipe(name, IMPROVE_DIR)


def render(dsl, name: str, **values) -> str:
    return dsl.Dockerfile(fresh(name)).render(**values)


def path_of(name: str) -> str:
    return str(dd_recipes.recipe_path(name, IMPROVE_DIR))


def location(name: str) -> str:
    return f"{name}.py:{dd_recipes.marked_line(name, IMPROVE_DIR)}"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return dd_cli.docker_dsl(*args, cwd=cwd)


def assert_clean_usage_error(done, out: Path, *needles: str) -> str:
    """Exit 2, one line on stderr naming every needle, nothing on stdout, no file, no traceback."""
    assert done.returncode == 2, f"exit {done.returncode}, expected 2\nstderr:\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    message = done.stderr.strip()
    assert message, "nothing on stderr"
    assert "\n" not in message, f"expected exactly one line on stderr, got:\n{done.stderr}"
    for needle in needles:
        assert needle.lower() in message.lower(), f"{needle!r} not in: {message}"
    assert done.stdout == "", f"stdout should be empty, got:\n{done.stdout}"
    assert not out.exists(), f"{out} was written despite the error"
    return message


def assert_recipe_error_cli(done, out: Path, name: str, *needles: str) -> None:
    assert done.returncode == 2, f"exit {done.returncode}, expected 2\nstderr:\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    assert location(name) in done.stderr, f"{location(name)} not in stderr:\n{done.stderr}"
    for needle in needles:
        assert needle in done.stderr, f"{needle!r} not in stderr:\n{done.stderr}"
    assert done.stdout == ""
    assert not out.exists(), f"{out} was written despite the error"


# --- error types -------------------------------------------------------------


def test_error_types_are_exported(dsl):
    assert issubclass(dsl.DockerDslError, Exception)
    assert issubclass(dsl.RecipeError, dsl.DockerDslError)
    assert issubclass(dsl.FlagError, dsl.DockerDslError)
    assert "DockerDslError" in dsl.__all__


# --- duplicate stage names -----------------------------------------------------


def test_duplicate_stage_name_is_a_recipe_error(dsl):
    with pytest.raises(dsl.RecipeError) as caught:
        render(dsl, "imp_duplicate_stage")
    message = str(caught.value)
    assert location("imp_duplicate_stage") in message, message
    assert "name=" in message, f"the fix (pass name=...) is not suggested: {message}"
    assert "base" in message, message


def test_duplicate_stage_name_from_cli(tmp_path):
    out = tmp_path / "Dockerfile"
    done = cli(path_of("imp_duplicate_stage"), "--out", str(out), cwd=tmp_path)
    assert_recipe_error_cli(done, out, "imp_duplicate_stage", "name=")


def test_012_renders_duplicate_stage_names(oracle_render):
    text = oracle_render("imp_duplicate_stage")[0]
    assert text.count(" AS base\n") == 2
    assert any("duplicate stage name" in p for p in dd_buildkit.check_valid(text))


# --- quoting of ENV / ARG values and COPY paths ---------------------------------


def lexed_env(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for c in dd_buildkit.parse(text):
        if c.cmd == "ENV":
            for key, raw in zip(c.value[0::2], c.value[1::2]):
                found.setdefault(key, []).append(dd_buildkit.lex_word(raw))
    return found


def lexed_args(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for c in dd_buildkit.parse(text):
        if c.cmd == "ARG":
            assert len(c.value) == 1, f"BuildKit reads {len(c.value)} declarations from {c.original!r}"
            name, _, value = dd_buildkit.lex_word(c.value[0]).partition("=")
            found.setdefault(name, []).append(value)
    return found


def test_quoted_values_exact_lines(dsl):
    lines = render(dsl, "imp_quoting").splitlines()
    for line in (
        'ENV GREETING="hello world"',
        'ENV QUOTE="say \\"hi\\""',
        "ENV PLAIN=plain",
        "ENV PATH=/opt/bin:$PATH",
        "ARG PLAIN_ARG=1.2.3",
        "ENV FORWARDED=${FORWARDED}",
        'COPY ["my file.txt", "/app/my file.txt"]',
        "COPY plain.txt /app/plain.txt",
    ):
        assert line in lines, f"{line!r} not rendered; got:\n" + "\n".join(lines)


def test_quoted_output_is_valid(dsl):
    text = render(dsl, "imp_quoting")
    assert dd_buildkit.check_valid(text) == [], text


def test_env_values_read_back_as_written(dsl):
    text = render(dsl, "imp_quoting")
    meant = dd_recipes.module_literal("imp_quoting", "ENV_VALUES", IMPROVE_DIR)
    assert lexed_env(text) == {key: [value] for key, value in meant.items()}, text


def test_arg_values_read_back_as_written(dsl):
    text = render(dsl, "imp_quoting")
    meant = dd_recipes.module_literal("imp_quoting", "ARG_VALUES", IMPROVE_DIR)
    assert lexed_args(text) == {key: [value] for key, value in meant.items()}, text


def test_copy_paths_with_spaces_read_back_as_written(dsl):
    text = render(dsl, "imp_quoting")
    copies = [tuple(c.value) for c in dd_buildkit.parse(text) if c.cmd == "COPY"]
    assert copies == [tuple(pair) for pair in dd_recipes.module_literal("imp_quoting", "COPIES", IMPROVE_DIR)]


def test_012_misquotes_values(oracle_render):
    text = oracle_render("imp_quoting")[0]
    assert "ENV GREETING=hello world\n" in text
    assert dd_buildkit.check_valid(text), "0.1.2's unquoted output unexpectedly reads as valid"


# --- nested cd scopes --------------------------------------------------------------


def probe_directories(
    text: str, root: Path
) -> tuple[list[tuple[str, str]], subprocess.CompletedProcess[str]]:
    """Run the single RUN script with `probe NAME` logging its directory: ([(name, dir)], the shell's result)."""
    where = dd_recipes.module_literal("imp_nested_cd", "WHERE", IMPROVE_DIR)
    runs = [c for c in dd_buildkit.parse(text) if c.cmd == "RUN"]
    assert len(runs) == 1, f"expected one RUN:\n{text}"
    run = runs[0]
    assert not run.json, f"expected a shell-form RUN: {run.original!r}"
    script = run.heredocs[0].content if run.heredocs else " ".join(run.value)
    root.mkdir()
    for directory in where.values():
        (root / directory).mkdir(parents=True, exist_ok=True)
    log = root.parent / "probe.log"
    prelude = 'probe() { printf "%s %s\\n" "$1" "$(pwd -P)" >> "$PROBE_LOG"; }\n'
    done = subprocess.run(
        ["sh", "-c", prelude + script],
        cwd=root,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(root), "PROBE_LOG": str(log)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    base = root.resolve()
    seen = []
    for line in log.read_text().splitlines() if log.exists() else []:
        name, _, directory = line.partition(" ")
        relative = Path(directory).relative_to(base).as_posix() if Path(directory) != base else "."
        seen.append((name, relative))
    return seen, done


def test_nested_cd_scopes_return_to_the_right_directory(dsl, tmp_path):
    where = dd_recipes.module_literal("imp_nested_cd", "WHERE", IMPROVE_DIR)
    seen, done = probe_directories(render(dsl, "imp_nested_cd"), tmp_path / "root")
    assert done.returncode == 0, f"the RUN script failed ({done.returncode}): {done.stderr}"
    assert seen == list(where.items())


def test_012_nested_cd_scopes_go_wrong(oracle_render, tmp_path):
    where = dd_recipes.module_literal("imp_nested_cd", "WHERE", IMPROVE_DIR)
    seen, _ = probe_directories(oracle_render("imp_nested_cd")[0], tmp_path / "root")
    assert seen != list(where.items())
    assert ("back-at-top", ".") not in seen  # `cd -` twice lands back in a/b, not at the top


# --- mount scope opened inside a run block -------------------------------------------


def test_mount_scope_inside_run_block_is_a_recipe_error(dsl):
    with pytest.raises(dsl.RecipeError) as caught:
        render(dsl, "imp_mount_in_run")
    message = str(caught.value)
    assert location("imp_mount_in_run") in message, message
    assert "run" in message.lower() and ("mount" in message.lower() or "cache" in message.lower()), message


def test_mount_scope_inside_run_block_from_cli(tmp_path):
    out = tmp_path / "Dockerfile"
    done = cli(path_of("imp_mount_in_run"), "--out", str(out), cwd=tmp_path)
    assert_recipe_error_cli(done, out, "imp_mount_in_run")


def test_012_drops_the_mount(oracle_render):
    text = oracle_render("imp_mount_in_run")[0]
    assert "--mount" not in text
    assert "RUN pip install numpy\n" in text


# --- non-string arguments --------------------------------------------------------------

NONSTR_EXPECTED = (
    HEADER
    + "FROM debian:bookworm AS base\n"
    + "RUN make -j 4 \\\n"
    + "  && tool --level 3 \\\n"
    + "  && tool --path /x \\\n"
    + "  && ls /opt/app\n"
    + "RUN sleep 1\n"
)


def test_non_string_arguments_are_converted(dsl):
    assert render(dsl, "imp_nonstr_args") == NONSTR_EXPECTED


def test_unsupported_argument_type_is_a_recipe_error(dsl):
    with pytest.raises(dsl.RecipeError) as caught:
        render(dsl, "imp_bad_arg_type")
    message = str(caught.value)
    assert location("imp_bad_arg_type") in message, message
    assert "dict" in message, message


def test_012_cannot_render_non_string_arguments(oracle_render):
    assert oracle_render("imp_nonstr_args") == [None]


# --- a recipe runs once per render; its prints stay out of the Dockerfile -------------------

RUN_ONCE_EXPECTED = HEADER + "FROM alpine:3.20 AS base\nENV RUNS=1\n"


def test_cli_runs_the_recipe_once_and_prints_only_the_dockerfile(tmp_path):
    done = cli(path_of("imp_run_once"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == RUN_ONCE_EXPECTED
    assert "imp_run_once: hello from the recipe" in done.stderr
    assert "imp_run_once: inside the stage" in done.stderr
    assert done.stderr.count("imp_run_once: hello from the recipe") == 1


def test_cli_out_file_holds_only_the_dockerfile(tmp_path):
    out = tmp_path / "Dockerfile"
    done = cli(path_of("imp_run_once"), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == RUN_ONCE_EXPECTED
    assert done.stdout == ""
    assert "imp_run_once: hello from the recipe" in done.stderr


def test_api_runs_the_recipe_once_per_render(dsl):
    module = fresh("imp_run_once")
    counter = sys.modules["_imp_counter"]
    for _ in range(2):
        before = len(counter.RUNS)
        text = dsl.Dockerfile(module).render()
        assert len(counter.RUNS) == before + 1
        assert f"ENV RUNS={before + 1}\n" in text


def test_012_runs_the_recipe_twice_and_mixes_prints_into_stdout(oracle_cli):
    done = dd_cli.run([str(oracle_cli), "imp_run_once"], cwd=IMPROVE_DIR)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imp_run_once: hello from the recipe\n")
    assert "ENV RUNS=2\n" in done.stdout


# --- current_stage() anywhere ---------------------------------------------------------

CURRENT_STAGE_EXPECTED = (
    HEADER
    + "FROM alpine:3.20 AS base\nRUN apk add curl\nRUN apk add git\n\nFROM base AS builder\nRUN apk add make\n"
)


def test_current_stage_outside_a_render_does_not_crash(dsl):
    dsl.current_stage().run("echo", "outside any stage and any render")


def test_helper_using_current_stage_at_import_time(dsl):
    fresh("imp_current_stage")


def test_helper_targets_the_innermost_open_stage(dsl):
    assert render(dsl, "imp_current_stage") == CURRENT_STAGE_EXPECTED


def test_helper_using_current_stage_from_cli(tmp_path):
    done = cli(path_of("imp_current_stage"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == CURRENT_STAGE_EXPECTED


def test_012_helper_crashes_at_import(oracle_render):
    assert oracle_render("imp_current_stage") == [None]


# --- typed flags: register(name, type, default=, help=), --help, errors ------------------------

FLAG_HELP = {
    "gpu": ("build the CUDA variant", ["bool"], "false"),
    "jobs": ("parallel make jobs", ["int"], "2"),
    "ratio": ("share of cores for the test run", ["float"], "0.5"),
    "image_tag": ("python image tag", ["str"], "required"),
    "prefix": ("install prefix", ["path"], "/opt/app"),
    "channel": ("release channel", ["stable", "beta"], "stable"),
    "flavor": ("image flavor", ["slim", "full"], "slim"),
}
TYPES_LINE = "ENV TYPES=bool,int,float,str,PosixPath,str,Flavor\n"


def flags_text(
    gpu="False", jobs="2", ratio="0.5", tag="3.13", prefix="/opt/app", channel="stable", flavor="slim"
):
    return (
        HEADER
        + f"FROM python:{tag} AS base\n"
        + f"ENV GPU={gpu}\nENV JOBS={jobs}\nENV RATIO={ratio}\nENV PREFIX={prefix}\n"
        + f"ENV CHANNEL={channel}\nENV FLAVOR={flavor}\n"
        + TYPES_LINE
    )


def help_entries(text: str) -> dict[str, str]:
    """Option entries of a help screen: {flag: the lines from its `--flag` to the next option}."""
    start = re.compile(r"^\s*(?:-\w,\s*)?--([a-z][a-z0-9_-]*)")
    entries: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if match := start.match(line):
            current = match.group(1).replace("-", "_")
            entries.setdefault(current, [])
        if current is not None:
            entries[current].append(line)
    return {name: "\n".join(lines) for name, lines in entries.items()}


def test_help_lists_every_flag_with_type_default_and_help(tmp_path):
    done = cli(path_of("imp_flags"), "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    entries = help_entries(done.stdout)
    for flag, (help_text, type_words, default) in FLAG_HELP.items():
        assert flag in entries, f"--{flag} is not listed:\n{done.stdout}"
        entry = " ".join(entries[flag].lower().split())  # help text may wrap
        assert help_text.lower() in entry, f"--{flag}: help text missing:\n{entries[flag]}"
        for word in type_words:
            assert word in entry, f"--{flag}: {word!r} (type) missing:\n{entries[flag]}"
        assert default in entry, f"--{flag}: {default!r} (default) missing:\n{entries[flag]}"


def test_all_flag_types_parse_from_the_cli(tmp_path):
    done = cli(
        path_of("imp_flags"),
        "--gpu=yes",
        "--jobs=8",
        "--ratio=0.25",
        "--image_tag=3.12",
        "--prefix=/srv/app",
        "--channel=beta",
        "--flavor=full",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == flags_text(
        gpu="True", jobs="8", ratio="0.25", tag="3.12", prefix="/srv/app", channel="beta", flavor="full"
    )


def test_defaults_apply_from_the_cli(tmp_path):
    done = cli(path_of("imp_flags"), "--image_tag=3.13", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == flags_text()


@pytest.mark.parametrize(
    ("spelling", "value"),
    [
        ("true", "True"),
        ("TRUE", "True"),
        ("1", "True"),
        ("yes", "True"),
        ("false", "False"),
        ("0", "False"),
        ("No", "False"),
    ],
)
def test_bool_flag_spellings(spelling, value, tmp_path):
    done = cli(path_of("imp_flags"), "--image_tag=3.13", f"--gpu={spelling}", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == flags_text(gpu=value)


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        # an unknown flag: name it, and list the flags the recipe does accept
        pytest.param(
            ["--image_tag=3.13", "--colour=red"], ["colour", "gpu", "image_tag", "flavor"], id="unknown"
        ),
        pytest.param([], ["image_tag", "str"], id="missing"),
        pytest.param(["--image_tag=3.13", "--jobs=many"], ["jobs", "int"], id="bad-int"),
        pytest.param(["--image_tag=3.13", "--ratio=lots"], ["ratio", "float"], id="bad-float"),
        pytest.param(["--image_tag=3.13", "--gpu=maybe"], ["gpu", "true", "false"], id="bad-bool"),
        pytest.param(
            ["--image_tag=3.13", "--channel=nightly"], ["channel", "stable", "beta"], id="bad-literal"
        ),
        pytest.param(["--image_tag=3.13", "--flavor=huge"], ["flavor", "slim", "full"], id="bad-enum"),
    ],
)
def test_flag_errors_are_one_line_exit_2_and_write_nothing(args, needles, tmp_path):
    out = tmp_path / "Dockerfile"
    done = cli(path_of("imp_flags"), *args, "--out", str(out), cwd=tmp_path)
    assert_clean_usage_error(done, out, *needles)


def test_flag_values_through_the_api(dsl):
    module = fresh("imp_flags")
    text = dsl.Dockerfile(module).render(
        gpu=True,
        jobs=8,
        ratio=0.25,
        image_tag="3.12",
        prefix=Path("/srv/app"),
        channel="beta",
        flavor=module.Flavor.FULL,
    )
    assert text == flags_text(
        gpu="True", jobs="8", ratio="0.25", tag="3.12", prefix="/srv/app", channel="beta", flavor="full"
    )
    assert dsl.Dockerfile(module).render(image_tag="3.13") == flags_text()


@pytest.mark.parametrize(
    ("values", "flag"),
    [
        pytest.param({}, "image_tag", id="missing"),
        pytest.param({"image_tag": "3.13", "jobs": "many"}, "jobs", id="bad-int"),
        pytest.param({"image_tag": "3.13", "colour": "red"}, "colour", id="unknown"),
        pytest.param({"image_tag": "3.13", "channel": "nightly"}, "channel", id="bad-literal"),
    ],
)
def test_flag_errors_through_the_api(dsl, values, flag):
    module = fresh("imp_flags")
    with pytest.raises(dsl.FlagError) as caught:
        dsl.Dockerfile(module).render(**values)
    assert flag in str(caught.value)


# --- the recipe's own exceptions ---------------------------------------------------------


def test_recipe_exception_points_at_the_recipe_line(tmp_path):
    out = tmp_path / "Dockerfile"
    done = cli(path_of("imp_raises"), "--out", str(out), cwd=tmp_path)
    assert done.returncode != 0
    assert location("imp_raises") in done.stderr, done.stderr
    assert "ZeroDivisionError" in done.stderr or "division by zero" in done.stderr, done.stderr
    assert not INTERNAL_FRAME.search(done.stderr), f"traceback through docker_dsl internals:\n{done.stderr}"
    assert done.stdout == ""
    assert not out.exists()
