"""`docker-dsl bake`: a docker-bake.json with one target per matrix variant (its rendered
Dockerfile inline, only the secrets and ssh ids it mounts, tags, platforms, target, args,
cache) and a `default` group of all of them; `--build` runs `docker buildx bake` on it.

The file is checked by buildx itself (`docker buildx bake --print` must accept it and give
back each Dockerfile, in its escaped form), the built images show BuildKit got the
Dockerfile's own `${FLAVOR}`, and built on the modern engine (Docker 28.5 + buildx,
scripts/engine/modern.sh); `--builder` is tested with two builders, one docker context per
daemon (the system's 20.10 and the modern one)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from bake_print import bake_print_targets

CLI = Path(sys.executable).with_name("docker-dsl")
BASE = "docker-dsl-test/busybox:1"
SECRET = f"s3cr3t-bake-{uuid.uuid4().hex}"

RECIPE = textwrap.dedent(
    """
    from docker_dsl import Stage
    from docker_dsl import context as ctx

    ctx.register("base", str)
    ctx.register("flavor", str)
    ctx.register("private", bool)

    with Stage(ctx.base, name="app") as s:
        s.env({"FLAVOR": ctx.flavor})
        with s.run() as r:
            r("echo flavor=${FLAVOR} > /flavor")
        if ctx.private:
            with s.secret("tok", required=True), s.run() as r:
                r("echo log=$(cat /run/secrets/tok) && wc -c < /run/secrets/tok > /private")
            with s.ssh("github"), s.run() as r:
                r("true")
    """
)


def cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CLI), *args], capture_output=True, text=True, check=False, cwd=cwd, env=env, timeout=600
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "recipe.py").write_text(RECIPE)
    (tmp_path / "tok").write_text(SECRET + "\n")
    return tmp_path


def bake_args(work: Path, *extra: str) -> list[str]:
    return [
        "bake",
        str(work / "recipe.py"),
        "--base",
        BASE,
        "--syntax",
        "none",
        "--matrix",
        "flavor=a,b",
        "--matrix",
        "private=true,false",
        "--secret",
        f"id=tok,src={work / 'tok'}",
        *extra,
    ]


def test_one_target_per_variant_with_only_the_secrets_it_mounts(work: Path):
    result = cli(
        *bake_args(
            work,
            "--tag-template",
            "scale-bake:{flavor}-{private}",
            "--ssh",
            "github=/tmp/agent.sock",
            "--platform",
            "linux/amd64",
            "--build-arg",
            "X=${Y}",
            "--cache-to",
            "type=inline",
            "--cache-from",
            "type=local,src=/c",
            "--target",
            "app",
        ),
        cwd=work,
    )
    assert result.returncode == 0, result.stderr
    bake = json.loads(result.stdout)
    names = [
        "flavor-a_private-true",
        "flavor-a_private-false",
        "flavor-b_private-true",
        "flavor-b_private-false",
    ]
    assert bake["group"] == {"default": {"targets": names}}
    assert sorted(bake["target"]) == sorted(names)
    for name in names:
        target = bake["target"][name]
        private = name.endswith("true")
        assert target["tags"] == [f"scale-bake:{name[7]}-{'true' if private else 'false'}"]
        assert target.get("secret", []) == ([f"id=tok,src={work / 'tok'}"] if private else [])
        assert target.get("ssh", []) == (["github=/tmp/agent.sock"] if private else [])
        assert (target["platforms"], target["target"], target["args"]) == (
            ["linux/amd64"],
            "app",
            {"X": "$${Y}"},
        )
        assert (target["cache-to"], target["cache-from"]) == (["type=inline"], ["type=local,src=/c"])
        assert "echo flavor=$${FLAVOR}" in target["dockerfile-inline"]


def test_relative_secret_paths_become_absolute(work: Path):
    result = cli(
        "bake",
        "recipe.py",
        "--base",
        BASE,
        "--flavor=x",
        "--private=true",
        "--secret",
        "id=tok,src=tok",
        cwd=work,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["target"]["default"]["secret"] == [f"id=tok,src={work / 'tok'}"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--matrix", "flavor=a", "--matrix", "private=false,true"],
            "variant flavor=a,private=true: the recipe mounts secret 'tok' with required=true, but it is not supplied",
        ),
        (
            ["--matrix", "flavor=a", "--private=false", "--tag-template", "x:{nope}"],
            '--tag-template "x:{nope}" uses {nope}, which is not a --matrix flag; use one of: flavor',
        ),
        (
            ["--matrix", "flavor=a", "--private=false", "--builder", "b"],
            "--builder only applies with --build",
        ),
        (
            ["--matrix", "flavor=a", "--private=false", "--target", "nope"],
            "variant flavor=a: --target nope: the recipe has no such stage; its stages are app",
        ),
        (
            ["--matrix", "flavor=a", "--private=false", "--build-arg", "=1"],
            '--build-arg "=1": write it as NAME=VALUE',
        ),
    ],
)
def test_bad_requests_are_one_error_line(work: Path, args: list[str], message: str):
    result = cli("bake", str(work / "recipe.py"), "--base", BASE, *args, cwd=work)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"docker-dsl: error: {message}"), result.stderr


def test_buildx_accepts_the_file_and_reads_back_each_dockerfile(work: Path, modern_env: dict[str, str]):
    bake_file = work / "docker-bake.json"
    result = cli(
        *bake_args(work, "--out", str(bake_file), "--tag-template", "scale-bake:{flavor}-{private}"), cwd=work
    )
    assert result.returncode == 0, result.stderr
    targets = bake_print_targets(bake_file, modern_env, work)
    assert len(targets) == 4
    for name, target in targets.items():
        flavor, private = name.split("_")
        single = cli(
            "render",
            str(work / "recipe.py"),
            "--base",
            BASE,
            "--syntax",
            "none",
            f"--flavor={flavor.removeprefix('flavor-')}",
            f"--private={private.removeprefix('private-')}",
        )
        # --print writes the definition back in bake's own syntax, interpolation escaped
        # again; the build test shows that BuildKit gets the unescaped text.
        assert target["dockerfile-inline"] == single.stdout.replace("${", "$${"), name
        assert "$${FLAVOR}" in target["dockerfile-inline"]


def test_bake_build_makes_every_variant_and_scrubs_its_log(work: Path, modern_env: dict[str, str]):
    prefix = f"scale-bake-{uuid.uuid4().hex[:8]}"
    result = cli(
        *bake_args(
            work,
            "--tag-template",
            prefix + ":{flavor}-{private}",
            "--build",
            "--progress",
            "plain",
            "--",
            "--no-cache",
        ),
        cwd=work,
        env=modern_env,
    )
    tags = [f"{prefix}:{f}-{p}" for f in "ab" for p in ("true", "false")]
    try:
        log = result.stdout + result.stderr
        assert result.returncode == 0, log
        leaked = [line for line in log.splitlines() if SECRET in line]
        assert not leaked, leaked
        assert "log=***" in log, log
        for tag in tags:
            flavor, private = tag.rsplit(":", 1)[1].split("-")
            out = subprocess.run(
                ["docker", "run", "--rm", tag, "sh", "-c", "cat /flavor; cat /private 2>/dev/null || true"],
                capture_output=True,
                text=True,
                env=modern_env,
                check=True,
            ).stdout
            want = f"flavor={flavor}\n" + (f"{len(SECRET) + 1}\n" if private == "true" else "")
            assert out == want, tag
    finally:
        subprocess.run(["docker", "rmi", "-f", *tags], capture_output=True, env=modern_env, check=False)


def test_builder_picks_the_daemon(work: Path, modern_env: dict[str, str], tmp_path: Path):
    """Two builders, one docker context per daemon: each variant lands on the chosen one only."""
    config = tmp_path / "docker-config"
    config.mkdir()
    (config / "cli-plugins").symlink_to(Path(modern_env["DOCKER_CONFIG"]) / "cli-plugins")
    env = {k: v for k, v in modern_env.items() if k != "DOCKER_HOST"}
    env["DOCKER_CONFIG"] = str(config)
    daemons = {"scale-system": "unix:///var/run/docker.sock", "scale-modern": modern_env["DOCKER_HOST"]}
    for name, host in daemons.items():
        subprocess.run(
            ["docker", "context", "create", name, "--docker", f"host={host}"],
            env=env,
            check=True,
            capture_output=True,
        )
    versions = {
        name: subprocess.run(
            ["docker", "--context", name, "version", "--format", "{{.Server.Version}}"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for name in daemons
    }
    assert versions["scale-system"] != versions["scale-modern"], versions
    prefix = f"scale-builder-{uuid.uuid4().hex[:8]}"
    try:
        for name in daemons:
            result = cli(
                "bake",
                str(work / "recipe.py"),
                "--base",
                BASE,
                "--syntax",
                "none",
                "--private=false",
                "--matrix",
                f"flavor={name}",
                "--tag-template",
                prefix + ":{flavor}",
                "--build",
                "--builder",
                name,
                "--progress",
                "plain",
                cwd=work,
                env=env,
            )
            assert result.returncode == 0, result.stdout + result.stderr
        for name in daemons:
            images = subprocess.run(
                ["docker", "--context", name, "images", "--format", "{{.Tag}}", prefix],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            assert images == [name], f"{name} ({versions[name]}) holds {images}"
    finally:
        for name in daemons:
            subprocess.run(
                ["docker", "--context", name, "rmi", "-f", *(f"{prefix}:{n}" for n in daemons)],
                env=env,
                capture_output=True,
                check=False,
            )
