"""`docker-dsl build` replaces every supplied secret value, its base64 and its hex form with
`***` in the streamed build log. On the engine: a RUN prints its secret three ways; the same
Dockerfile built by the engine's own client (the negative control) shows all three. On both
engines (Docker 20.10's classic client and the modern engine's buildx print differently)."""

from __future__ import annotations

import base64
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

from engine_harness import BASE_IMAGE, BuildClient

CLI = Path(sys.executable).with_name("docker-dsl")

RECIPE = textwrap.dedent(
    """
    from docker_dsl import Stage
    from docker_dsl import context as ctx

    ctx.register("base", str)

    with Stage(ctx.base, name="app") as s:
        with s.secret("tok", required=True), s.run() as r:
            r("echo raw=$(cat /run/secrets/tok)")
            r("echo b64=$(base64 /run/secrets/tok)")
            r("echo hex=$(xxd -p /run/secrets/tok | tr -d '\\\\n')")
    """
)


def forms(value: str) -> dict[str, str]:
    raw = value.encode()
    return {"raw": value, "b64": base64.b64encode(raw).decode(), "hex": raw.hex()}


def test_a_printed_secret_is_scrubbed_in_every_form(each_engine: BuildClient, tmp_path: Path):
    build_client = each_engine
    value = f"s3cr3t-{uuid.uuid4().hex}"
    (tmp_path / "tok").write_text(value)
    recipe = tmp_path / "printer.py"
    recipe.write_text(RECIPE)
    tag = f"scale-scrub-{uuid.uuid4().hex[:8]}"
    flags = ["--base", BASE_IMAGE, "--syntax", "none", "--secret", f"id=tok,src={tmp_path / 'tok'}"]
    try:
        ours = subprocess.run(
            [str(CLI), "build", str(recipe), *flags, "-t", tag, "--progress", "plain", "--no-cache"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            cwd=tmp_path,
            env=build_client.environment,
        )
        log = ours.stdout + ours.stderr
        assert ours.returncode == 0, log
        for name, form in forms(value).items():
            assert form not in log, f"{name} form leaked"
            assert f"{name}=***" in log, f"the RUN's {name} line is missing:\n{log}"

        dockerfile = subprocess.run(
            [str(CLI), "render", str(recipe), "--base", BASE_IMAGE, "--syntax", "none"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (tmp_path / "Dockerfile").write_text(dockerfile)
        control = subprocess.run(
            [
                *build_client.argv(),
                "--progress",
                "plain",
                "--no-cache",
                "--secret",
                f"id=tok,src={tmp_path / 'tok'}",
                "-t",
                tag,
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env=build_client.env(),
        )
        control_log = control.stdout + control.stderr
        assert control.returncode == 0, control_log
        for name, form in forms(value).items():
            assert f"{name}={form}" in control_log, f"control: the engine's own log lacks the {name} form"
    finally:
        subprocess.run(
            ["docker", "rmi", "-f", tag], capture_output=True, check=False, env=build_client.environment
        )
