"""`docker-dsl verify REGISTRY/IMAGE:TAG` streams the image from the registry (no daemon, no
pull) into the same scan as a tarball: the findings must equal those of `verify` on the
`docker save` tarball of the same image, on a real registry 2.8 fed by the local engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from local_registry import system_engine_env

CLI = Path(sys.executable).with_name("docker-dsl")
NO_DAEMON = dict(os.environ, DOCKER_HOST="unix:///nonexistent-docker-dsl.sock")


def verify(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CLI), "verify", *args], capture_output=True, text=True, check=False, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def leaky(local_registry, base_image: str, tmp_path_factory: pytest.TempPathFactory):
    """An image whose layer and history hold a secret, pushed as scale/leaky:1; and its tarball."""
    work = tmp_path_factory.mktemp("leaky")
    value = f"s3cr3t-registry-{uuid.uuid4().hex}"
    (work / "secret").write_text(value + "\n")
    local = f"scale-leaky:{local_registry.port}"
    env = system_engine_env()
    dockerfile = f"FROM {base_image}\nRUN echo {value} > /leak.txt && echo {value} | base64 > /leak.b64\n"
    subprocess.run(
        ["docker", "build", "-t", local, "-"],
        input=dockerfile,
        text=True,
        check=True,
        capture_output=True,
        env=env,
        timeout=300,
    )
    local_registry.push(local, "scale/leaky:1")
    tarball = work / "leaky.tar"
    subprocess.run(["docker", "save", "-o", str(tarball), local], check=True, env=env, timeout=300)
    yield work / "secret", tarball, f"{local_registry.host}/scale/leaky:1"
    subprocess.run(
        ["docker", "rmi", "-f", local, f"{local_registry.host}/scale/leaky:1"],
        capture_output=True,
        env=env,
        check=False,
    )


def hits(report: dict) -> list[tuple]:
    """Each hit by its layer's file and byte counts (a tarball names layers by diff ID, a
    registry by blob digest, and neither report lists them in image order) or "config",
    place and count. `docker save` of a 20.10 engine also writes legacy
    v1 metadata (`<id>/json`, reported as layer "archive"), which a registry does not hold:
    those are left out."""
    position = {
        layer["digest"]: f"layer of {layer['files']} files, {layer['bytes']} bytes"
        for layer in report["layers"]
    }
    return sorted(
        (
            h["secret"],
            h["encoding"],
            position.get(h["layer"], h["layer"]),
            h["found_in"],
            h.get("path"),
            h["offset"],
            h["count"],
        )
        for h in report["hits"]
        if h["layer"] != "archive"
    )


def test_findings_equal_the_tarballs(leaky):
    secret, tarball, remote = leaky
    from_registry = verify(remote, "--secret", f"id=s,src={secret}", "--format", "json", env=NO_DAEMON)
    from_tarball = verify(str(tarball), "--secret", f"id=s,src={secret}", "--format", "json")
    assert from_registry.returncode == 1, from_registry.stderr
    assert from_tarball.returncode == 1, from_tarball.stderr
    registry_report, tarball_report = json.loads(from_registry.stdout), json.loads(from_tarball.stdout)
    assert hits(registry_report) == hits(tarball_report)
    paths = {h[4] for h in hits(registry_report)}
    assert {"leak.txt", "leak.b64"} <= {p.lstrip("/") for p in paths if p}, paths
    assert sorted((layer["files"], layer["bytes"]) for layer in registry_report["layers"]) == sorted(
        (layer["files"], layer["bytes"]) for layer in tarball_report["layers"]
    )


def test_a_clean_image_and_platform_choice(local_registry, leaky):
    secret, _, _ = leaky
    host = local_registry.host
    clean = verify(f"{host}/scale/busybox:1", "--secret", f"id=s,src={secret}", env=NO_DAEMON)
    assert clean.returncode == 0, clean.stderr
    arm = verify(
        f"{host}/scale/busybox:multi",
        "--platform",
        "linux/arm64",
        "--secret",
        f"id=s,src={secret}",
        "--format",
        "json",
        env=NO_DAEMON,
    )
    assert arm.returncode == 0, arm.stderr
    missing = verify(
        f"{host}/scale/busybox:multi",
        "--platform",
        "linux/s390x",
        "--secret",
        f"id=s,src={secret}",
        env=NO_DAEMON,
    )
    assert missing.returncode == 2
    assert missing.stderr.strip() == (
        f"docker-dsl: error: {host}/scale/busybox:multi has no linux/s390x image; "
        "it has linux/amd64, linux/arm64/v8"
    )


def test_an_unknown_tag_is_one_error_line(local_registry, leaky):
    secret, _, _ = leaky
    result = verify(f"{local_registry.host}/scale/none:1", "--secret", f"id=s,src={secret}", env=NO_DAEMON)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "the registry answered 404" in lines[0], result.stderr
