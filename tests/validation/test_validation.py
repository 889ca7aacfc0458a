"""Every recipe mistake is caught before anything is written: one error line
naming the recipe line and the fix, exit status 2, no output file."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CLI = Path(sys.executable).with_name("docker-dsl")

# (case id, recipe body, line the error must name, words the message must contain)
CASES = [
    (
        "duplicate_stage",
        """
        with Stage("alpine") as a:
            a.run("true")
        with Stage("debian") as b:
            b.run("true")
        """,
        4,
        ["stage name 'base' is already used", "name="],
    ),
    (
        "copy_from_stage_not_in_build",
        """
        with Stage("alpine", name="app") as s:
            builder = s.stage(name="builder")
            s.copy("/out", "/app", stage=builder)
        """,
        4,
        ["COPY --from refers to stage 'builder', which is not in the build"],
    ),
    (
        "bind_from_stage_not_in_build",
        """
        with Stage("alpine", name="app") as s:
            other = Stage("debian", name="other")
            with s.bind(source="/x", target="/y", from_=other), s.run() as r:
                r.ls("/y")
        """,
        4,
        ["refers to stage 'other', which is not in the build"],
    ),
    (
        "dependency_cycle",
        """
        a = Stage("alpine", name="a")
        b = Stage("alpine", name="b")
        with a:
            a.copy("/x", "/x", stage=b)
        with b:
            b.copy("/y", "/y", stage=a)
        """,
        7,
        ["cycle", "a -> b -> a"],
    ),
    (
        "conflicting_sharing",
        """
        with Stage("alpine") as s:
            with s.cache("/var/cache/apt", lock=True), s.run() as r:
                r.apt_install("curl")
            with s.cache("/var/cache/apt", sharing="private"), s.run() as r:
                r.apt_install("git")
        """,
        5,
        ["sharing=private", "sharing=locked", "id="],
    ),
    (
        "invalid_secret_id",
        """
        with Stage("alpine") as s:
            with s.secret("my token", target="/t"), s.run() as r:
                r.cat("/t")
        """,
        3,
        ["secret id", "not a valid id"],
    ),
    (
        "invalid_ssh_id",
        """
        with Stage("alpine") as s:
            with s.ssh("git,hub"), s.run() as r:
                r.ssh("-T", "git@github.com")
        """,
        3,
        ["ssh id", "not a valid id"],
    ),
    (
        "mode_not_octal",
        """
        with Stage("alpine") as s:
            with s.cache("/c", mode="0789"), s.run() as r:
                r.ls("/c")
        """,
        3,
        ["mode", "octal"],
    ),
    (
        "negative_uid",
        """
        with Stage("alpine") as s:
            with s.secret("tok", uid=-1), s.run() as r:
                r.ls()
        """,
        3,
        ["uid", "non-negative whole number"],
    ),
    (
        "bad_gid",
        """
        with Stage("alpine") as s:
            with s.cache("/c", gid="wheel"), s.run() as r:
                r.ls()
        """,
        3,
        ["gid", "non-negative whole number"],
    ),
    (
        "bad_tmpfs_size",
        """
        with Stage("alpine") as s:
            with s.tmpfs("/scratch", size="big"), s.run() as r:
                r.ls()
        """,
        3,
        ["tmpfs size", "64m"],
    ),
    (
        "empty_run",
        """
        with Stage("alpine") as s:
            s.run("")
        """,
        3,
        ["RUN has no command"],
    ),
    (
        "empty_raw_line",
        """
        with Stage("alpine") as s:
            with s.run() as r:
                r("   ")
        """,
        4,
        ["has no command"],
    ),
    (
        "empty_apt_install",
        """
        with Stage("debian") as s:
            with s.run() as r:
                r.apt_install()
        """,
        4,
        ["apt_install() needs at least one package"],
    ),
    (
        "mount_inside_run_block",
        """
        with Stage("alpine") as s:
            with s.run() as r:
                with s.cache("/root/.cache"):
                    r.pip("install", "x")
        """,
        4,
        ["opened inside a run block", "with s.cache(...), s.run() as r:"],
    ),
    (
        "sharing_conflicts_with_lock",
        """
        with Stage("alpine") as s:
            with s.cache("/c", lock=True, sharing="shared"), s.run() as r:
                r.ls()
        """,
        3,
        ["conflicts with lock=True"],
    ),
    (
        "bad_network",
        """
        with Stage("alpine") as s:
            s.run("curl", "x", network="offline")
        """,
        3,
        ["network=", "none"],
    ),
    (
        "env_value_with_newline",
        """
        with Stage("alpine") as s:
            s.env({"MOTD": "line one\\nline two"})
        """,
        3,
        ["line break"],
    ),
    (
        "syntax_pin_too_old",
        """
        # render with --syntax 1.3
        with Stage("alpine") as s:
            s.copy("a", "/a", link=True)
        """,
        4,
        ["COPY/ADD --link needs docker/dockerfile:1.4", "--syntax 1.4"],
    ),
    (
        "unregistered_flag_read",
        """
        from docker_dsl import context
        with Stage("alpine") as s:
            if context.debug:
                s.run("true")
        """,
        4,
        ["context.debug is not registered", 'context.register("debug", type)'],
    ),
    (
        "bad_word_type",
        """
        with Stage("alpine") as s:
            with s.run() as r:
                r.tool({"a": 1})
        """,
        4,
        ["got a dict", "pass a str"],
    ),
    # Issue 13 item 8: stage names BuildKit would refuse, named at the `with` line.
    *[
        (
            f"stage_name_{n}",
            f"""
            with Stage("alpine", name={name!r}) as s:
                s.run("true")
            """,
            2,
            ["stage name", "is not a name BuildKit accepts", "start with a letter"],
        )
        for n, name in enumerate(["1st", "my stage", "a/b", "-x", "bühne"])
    ],
    (
        "stage_name_from_with_target",
        """
        with Stage("alpine", name="app") as app:
            with app.stage() as bühne:
                bühne.run("true")
        """,
        3,
        ['stage name "bühne"'],
    ),
    # Item 15: no absolute path in messages.
    (
        "no_stage",
        """
        x = 1
        """,
        None,
        ["no_stage.py: the recipe opened no stage"],
    ),
    # Item 9: empty values and env names a shell cannot assign.
    (
        "empty_workdir",
        """
        with Stage("alpine") as s:
            s.workdir("")
        """,
        3,
        ['workdir() "" is empty', "pass a directory"],
    ),
    (
        "empty_user",
        """
        with Stage("alpine") as s:
            s.user("")
        """,
        3,
        ['user() "" is empty'],
    ),
    (
        "run_env_name_with_space",
        """
        with Stage("alpine") as s:
            s.run("make", env={"A B": "1"})
        """,
        3,
        ['run() env name "A B" is not a variable name'],
    ),
    # Item 13: a recipe that exits names its line, without Python's SystemExit.
    (
        "recipe_exits",
        """
        import sys
        with Stage("alpine") as s:
            sys.exit(3)
        """,
        4,
        ["the recipe exited (sys.exit(3))", "raise an exception"],
    ),
]


def write_recipe(tmp_path: Path, name: str, body: str) -> Path:
    recipe = tmp_path / f"{name}.py"
    recipe.write_text("from docker_dsl import Stage\n" + textwrap.dedent(body).lstrip("\n"))
    return recipe


@pytest.mark.parametrize(("name", "body", "line", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_mistake_is_reported_with_line_and_fix(tmp_path, name, body, line, fragments):
    recipe = write_recipe(tmp_path, name, body)
    out = tmp_path / "Dockerfile"
    args = [str(CLI), str(recipe), "--out", str(out)]
    if "--syntax 1.3" in body:
        args += ["--syntax", "1.3"]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    assert result.returncode == 2, result.stderr
    assert not out.exists(), "nothing may be written on error"
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    message = lines[0]
    assert message.startswith(f"docker-dsl: error: {name}.py:"), message
    assert "Traceback" not in result.stderr
    assert "SystemExit" not in message
    assert str(tmp_path) not in message, "recipe paths are shown by file name"
    if line is not None:
        assert f"{name}.py:{line}:" in message, message
    for fragment in fragments:
        assert fragment in message, message


def test_every_case_is_a_valid_recipe_once_fixed(tmp_path):
    """The harness itself: a correct recipe renders, exit 0, file written."""
    recipe = write_recipe(tmp_path, "fine", 'with Stage("alpine") as s:\n    s.run("true")\n')
    out = tmp_path / "Dockerfile"
    result = subprocess.run(
        [str(CLI), str(recipe), "--out", str(out)], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text().endswith("RUN true\n")
