"""Each instruction and flag, rendered and read back by BuildKit's own parser
(PyPI `dockerfile`), plus the frontend-version rules."""

import subprocess
import sys
import textwrap
from pathlib import Path

import dockerfile
import pytest

HERE = Path(__file__).parent
CLI = Path(sys.executable).with_name("docker-dsl")


def render(tmp_path: Path, body: str, *args: str) -> subprocess.CompletedProcess:
    recipe = tmp_path / "recipe.py"
    recipe.write_text(
        "from docker_dsl import Stage, global_arg, directives\n" + textwrap.dedent(body).lstrip("\n")
    )
    return subprocess.run([str(CLI), str(recipe), *args], capture_output=True, text=True, check=False)


def parsed(tmp_path: Path, body: str, *args: str) -> list:
    result = render(tmp_path, body, *args)
    assert result.returncode == 0, result.stderr
    return [c for c in dockerfile.parse_string(result.stdout) if c.cmd != "FROM"]


# (case id, stage body, expected (cmd, flags, value) of the last instruction)
CASES = [
    (
        "cache_all_options",
        'with s.cache("/c", id="c1", sharing="private", ro=True, source="/src", mode=0o700, uid=1, gid=2), s.run() as r:\n    r.ls()',
        (
            "RUN",
            ("--mount=type=cache,target=/c,id=c1,sharing=private,source=/src,mode=0700,uid=1,gid=2,ro",),
            ("ls",),
        ),
    ),
    (
        "secret_default_target",
        'with s.secret("tok"), s.run() as r:\n    r.cat("/run/secrets/tok")',
        ("RUN", ("--mount=type=secret,id=tok",), ("cat /run/secrets/tok",)),
    ),
    (
        "secret_all_options",
        'with s.secret("tok", "/t", required=True, mode="0400", uid=0, gid=0), s.run() as r:\n    r.cat("/t")',
        ("RUN", ("--mount=type=secret,id=tok,target=/t,required=true,mode=0400,uid=0,gid=0",), ("cat /t",)),
    ),
    (
        "ssh_named",
        'with s.ssh("github", target="/agent", required=True, mode=0o600), s.run() as r:\n    r.git("clone", "git@github.com:o/r")',
        (
            "RUN",
            ("--mount=type=ssh,id=github,target=/agent,required=true,mode=0600",),
            ("git clone git@github.com:o/r",),
        ),
    ),
    (
        "bind_rw_from_image",
        'with s.bind(source="/etc", target="/host-etc", from_="debian:12", rw=True), s.run() as r:\n    r.ls("/host-etc")',
        ("RUN", ("--mount=type=bind,source=/etc,target=/host-etc,from=debian:12,rw",), ("ls /host-etc",)),
    ),
    (
        "tmpfs_size",
        'with s.tmpfs("/scratch", size="64m"), s.run() as r:\n    r.df()',
        ("RUN", ("--mount=type=tmpfs,target=/scratch,size=64m",), ("df",)),
    ),
    (
        "run_network_security",
        's.run("make", network="none", security="insecure")',
        ("RUN", ("--network=none", "--security=insecure"), ("make",)),
    ),
    (
        "builder_network",
        'with s.run(network="host") as r:\n    r.curl("x")',
        ("RUN", ("--network=host",), ("curl x",)),
    ),
    (
        "copy_several_sources_flags",
        's.copy(["a", "b"], "/dst/", chown="1:2", chmod="u+x", parents=True, exclude=["*.md", "*.txt"], link=True)',
        (
            "COPY",
            ("--link", "--chown=1:2", "--chmod=u+x", "--parents", "--exclude=*.md", "--exclude=*.txt"),
            ("a", "b", "/dst/"),
        ),
    ),
    (
        "add_git_keep_dir",
        's.add("https://github.com/o/r.git#v1", "/src", keep_git_dir=True)',
        ("ADD", ("--keep-git-dir",), ("https://github.com/o/r.git#v1", "/src")),
    ),
    (
        "add_unpack",
        's.add("https://x/a.tar.gz", "/opt/", unpack=True, link=True)',
        ("ADD", ("--link", "--unpack=true"), ("https://x/a.tar.gz", "/opt/")),
    ),
    ("label_pairs", 's.label(version="1.0")', ("LABEL", (), ("version", "1.0"))),
    ("user_with_group", "s.user(1000, 1000)", ("USER", (), ("1000:1000",))),
    ("expose_ports", 's.expose(80, "53/udp", "8000-8010")', ("EXPOSE", (), ("80", "53/udp", "8000-8010"))),
    ("volume_paths", 's.volume("/a", "/b c")', ("VOLUME", (), ("/a", "/b c"))),
    ("healthcheck_none", "s.healthcheck(None)", ("HEALTHCHECK", (), ("NONE",))),
    (
        "healthcheck_shell",
        's.healthcheck("curl -f localhost || exit 1", shell=True, timeout="3s", start_period="10s", start_interval="1s")',
        (
            "HEALTHCHECK",
            ("--timeout=3s", "--start-period=10s", "--start-interval=1s"),
            ("CMD", "curl -f localhost || exit 1"),
        ),
    ),
    (
        "shell_form_entrypoint",
        's.entrypoint("exec app --serve", shell=True)',
        ("ENTRYPOINT", (), ("exec app --serve",)),
    ),
    (
        "shell_instruction",
        's.shell("/bin/bash", "-o", "pipefail", "-c")',
        ("SHELL", (), ("/bin/bash", "-o", "pipefail", "-c")),
    ),
    ("stopsignal", 's.stopsignal("SIGINT")', ("STOPSIGNAL", (), ("SIGINT",))),
    ("arg_without_default", 's.arg("VERSION")', ("ARG", (), ("VERSION",))),
]


@pytest.mark.parametrize(("name", "body", "expected"), CASES, ids=[c[0] for c in CASES])
def test_buildkit_reads_back_what_the_recipe_meant(tmp_path, name, body, expected):
    stage = 'with Stage("alpine") as s:\n' + textwrap.indent(body, "    ") + "\n"
    last = parsed(tmp_path, stage)[-1]
    assert (last.cmd.upper(), last.flags, last.value) == expected


def test_onbuild_wraps_an_instruction(tmp_path):
    last = parsed(tmp_path, 'with Stage("alpine") as s:\n    s.onbuild("RUN make")\n')[-1]
    assert (last.cmd, last.sub_cmd, last.value) == ("ONBUILD", "RUN", ("make",))


def test_global_arg_comes_before_the_first_from(tmp_path):
    result = render(
        tmp_path, 'global_arg("BASE", "alpine:3.19")\nwith Stage("$BASE") as s:\n    s.run("true")\n'
    )
    commands = dockerfile.parse_string(result.stdout)
    assert [(c.cmd, c.value) for c in commands[:2]] == [
        ("ARG", ("BASE=alpine:3.19",)),
        ("FROM", ("$BASE", "AS", "base")),
    ]


def test_platform_on_from(tmp_path):
    result = render(tmp_path, 'with Stage("alpine", platform="linux/arm64") as s:\n    s.run("true")\n')
    from_ = dockerfile.parse_string(result.stdout)[0]
    assert from_.flags == ("--platform=linux/arm64",)


def test_directives_lead_the_file(tmp_path):
    result = render(
        tmp_path, 'directives(check="error=true")\nwith Stage("alpine") as s:\n    s.run("true")\n'
    )
    assert result.stdout.startswith("# syntax=docker/dockerfile:1\n# check=error=true\nFROM alpine AS base\n")


def test_escape_directive_changes_the_continuation(tmp_path):
    result = render(
        tmp_path,
        'directives(escape="`")\nwith Stage("mcr.microsoft.com/windows/servercore") as s:\n'
        '    with s.cache("C:/cache"), s.run() as r:\n        r.a()\n        r.b()\n',
    )
    assert "\nRUN --mount=type=cache,target=C:/cache,sharing=shared `\n  a `\n  && b\n" in result.stdout
    lines = dockerfile.parse_string(result.stdout)
    assert lines[-1].value == ("a   && b",)


def test_every_instruction_golden_file():
    """A human read golden/every_instruction.Dockerfile; the renderer must keep producing it."""
    result = subprocess.run(
        [str(CLI), str(HERE / "every_instruction.py")], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (HERE / "golden" / "every_instruction.Dockerfile").read_text()
    assert len(dockerfile.parse_string(result.stdout)) == 19


def test_heredoc_run(tmp_path):
    result = render(tmp_path, 'with Stage("alpine") as s:\n    s.run("set -e\\necho one\\necho two\\n")\n')
    assert result.stdout.endswith("RUN <<EOF\nset -e\necho one\necho two\nEOF\n")


def test_min_syntax_names_the_feature(tmp_path):
    body = 'with Stage("alpine") as s:\n    with s.secret("t", env="T"), s.run() as r:\n        r.env()\n'
    assert render(tmp_path, body, "--min-syntax").stdout == "1.10 (secret mount env=)\n"
    plain = 'with Stage("alpine") as s:\n    s.run("true")\n'
    assert render(tmp_path, plain, "--min-syntax").stdout == "1.0 (no versioned features)\n"


@pytest.mark.parametrize(
    ("syntax", "ok"),
    [("1.9", False), ("docker/dockerfile:1.10", True), ("docker/dockerfile:1", True), ("1.10-labs", True)],
)
def test_pinned_syntax_too_old_is_an_error(tmp_path, syntax, ok):
    body = 'with Stage("alpine") as s:\n    with s.secret("t", env="T"), s.run() as r:\n        r.env()\n'
    result = render(tmp_path, body, "--syntax", syntax)
    assert (result.returncode == 0) == ok, result.stderr
    if not ok:
        assert "secret mount env= needs docker/dockerfile:1.10" in result.stderr


def test_no_header_for_engines_that_cannot_pull_the_frontend(tmp_path):
    result = render(tmp_path, 'with Stage("alpine") as s:\n    s.run("true")\n', "--syntax", "none")
    assert result.stdout == "FROM alpine AS base\nRUN true\n"


SCRIPT = "set -e\nname='it''s'\nprintf '%s 100%%\\n' \"$name\" > out\nif [ -f out ]; then\n  echo \"ok \\\\ $name\" >> out\nfi\n"


def test_heredoc_gets_its_older_spelling_for_old_frontends(tmp_path):
    """For a frontend without heredocs (Docker 20.10's 1.2) the same script is
    rendered as `sh -c "$(printf ...)"`; running both forms gives the same result."""
    body = f'with Stage("alpine") as s:\n    s.run({SCRIPT!r})\n'
    new = render(tmp_path, body, "--syntax", "none").stdout
    old = render(tmp_path, body, "--syntax", "none", "--frontend", "1.2").stdout
    assert "<<EOF" in new and "<<EOF" not in old
    run_line = old.splitlines()[-1]
    assert run_line.startswith('RUN sh -c "$(printf ')
    assert len(old.splitlines()) == 2, "the old spelling is a single line"
    heredoc_dir, old_dir = tmp_path / "heredoc", tmp_path / "old"
    heredoc_dir.mkdir()
    old_dir.mkdir()
    subprocess.run(["sh", "-c", SCRIPT], cwd=heredoc_dir, check=True)
    subprocess.run(["sh", "-c", run_line.removeprefix("RUN ")], cwd=old_dir, check=True)
    assert (old_dir / "out").read_text() == (heredoc_dir / "out").read_text()


def test_implicit_link_is_left_out_for_frontends_without_it(tmp_path):
    """The seed adds --link to stage copies; Docker 20.10's frontend (1.2) has no
    --link, so it is left out there, while an explicit link=True is an error."""
    body = (
        'with Stage("alpine", name="a") as a:\n    a.run("true")\n'
        'with Stage("alpine", name="b") as b:\n    b.copy("/x", "/x", stage=a)\n'
    )
    new = render(tmp_path, body, "--syntax", "none").stdout
    old = render(tmp_path, body, "--syntax", "none", "--frontend", "1.2").stdout
    assert "COPY --from=a --link /x /x" in new
    assert "COPY --from=a /x /x" in old
    explicit = body.replace("stage=a)", "stage=a, link=True)")
    result = render(tmp_path, explicit, "--syntax", "none", "--frontend", "1.2")
    assert result.returncode == 2
    assert "COPY/ADD --link needs docker/dockerfile:1.4" in result.stderr
