#!/usr/bin/env python3
"""Probe which Dockerfile/BuildKit features the local engine accepts.

Builds one tiny Dockerfile per feature on the local base image with
`DOCKER_BUILDKIT=1 docker build --progress=plain` and prints a Markdown table:
feature, result (ok / rejected), and the engine's own error line.  The table in
docs/engine.md was produced by this script.

Usage:
    scripts/engine/make-base-image.sh
    python3 scripts/engine/probe-features.py [--docker /usr/bin/docker] [--only NAME]

    # the modern engine (scripts/engine/modern.sh), through buildx:
    eval "$(scripts/engine/modern.sh env)"
    python3 scripts/engine/probe-features.py --docker /usr/local/bin/docker --buildx

Every case is self-contained: it writes its context to a temporary directory,
builds with a unique tag, and removes the image afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field

BASE = "docker-dsl-test/busybox:1"


@dataclass
class Case:
    """One feature probe: a Dockerfile body (after FROM) and extra build flags."""

    name: str
    body: str
    flags: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    # Text that must appear in the build log for the feature to count as working
    # (proves the feature did something, not only that it parsed).
    expect: str | None = None
    head: str = ""


def cases(secret_file: str, ssh_sock: str | None) -> list[Case]:
    """The feature matrix, in the order the docs list it."""
    ssh_flags = ["--ssh", f"default={ssh_sock}"] if ssh_sock else ["--ssh", "default"]
    sec = ["--secret", f"id=tok,src={secret_file}"]
    return [
        Case("cache: target only", "RUN --mount=type=cache,target=/c \\\n  echo a > /c/f && cat /c/f"),
        Case("cache: id", "RUN --mount=type=cache,id=probe-id,target=/c \\\n  echo a > /c/f"),
        Case("cache: sharing=shared", "RUN --mount=type=cache,target=/c,sharing=shared \\\n  touch /c/f"),
        Case("cache: sharing=locked", "RUN --mount=type=cache,target=/c,sharing=locked \\\n  touch /c/f"),
        Case("cache: sharing=private", "RUN --mount=type=cache,target=/c,sharing=private \\\n  touch /c/f"),
        Case(
            "cache: mode/uid/gid",
            "RUN --mount=type=cache,id=probe-mug,target=/c,mode=0700,uid=1000,gid=1000 \\\n"
            "  stat -c 'MODE=%a:%u:%g' /c",
            expect="MODE=700:1000:1000",
        ),
        Case("cache: ro", "RUN --mount=type=cache,target=/c,ro \\\n  ls /c"),
        Case("cache: ro=true", "RUN --mount=type=cache,target=/c,ro=true \\\n  ls /c"),
        Case(
            "cache: from=stage,source=",
            "RUN mkdir /seed && echo SEEDED > /seed/s\n"
            "FROM base\n"
            "RUN --mount=type=cache,id=probe-from,target=/c,from=base0,source=/seed \\\n  cat /c/s",
            head="AS base0",
            expect="SEEDED",
        ),
        Case(
            "secret: id (default target /run/secrets/ID)",
            "RUN --mount=type=secret,id=tok \\\n  sha256sum /run/secrets/tok",
            sec,
            expect="/run/secrets/tok",
        ),
        Case(
            "secret: target, mode, uid, gid",
            "RUN --mount=type=secret,id=tok,target=/s/t,mode=0440,uid=1000,gid=1000 \\\n"
            "  stat -c 'MODE=%a:%u:%g' /s/t",
            sec,
            expect="MODE=440:1000:1000",
        ),
        Case(
            "secret: required=true, supplied",
            "RUN --mount=type=secret,id=tok,required=true \\\n  test -s /run/secrets/tok",
            sec,
        ),
        Case(
            "secret: required=true, not supplied",
            "RUN --mount=type=secret,id=missing,required=true \\\n  true",
        ),
        Case(
            "secret: not required, not supplied",
            "RUN --mount=type=secret,id=missing \\\n  ls -la /run/secrets/ || echo NO-SECRETS-DIR",
        ),
        Case(
            "secret: env=",
            'RUN --mount=type=secret,id=tok,env=TOK \\\n  test -n "$TOK"',
            sec,
        ),
        Case(
            "ssh: default",
            'RUN --mount=type=ssh \\\n  test -S "$SSH_AUTH_SOCK" && echo SOCK=$SSH_AUTH_SOCK',
            ssh_flags,
            expect="SOCK=/run/buildkit/ssh_agent.0",
        ),
        Case(
            "ssh: id,target,mode,uid,gid,required",
            "RUN --mount=type=ssh,id=default,target=/agent.sock,mode=0660,uid=1000,gid=1000,required=true \\\n"
            "  stat -c 'MODE=%a:%u:%g' /agent.sock && echo SOCK=$SSH_AUTH_SOCK",
            ssh_flags,
            expect="SOCK=/agent.sock",
        ),
        Case("ssh: required, not supplied", "RUN --mount=type=ssh,required=true \\\n  true"),
        Case(
            "bind: source,target (context)",
            "RUN --mount=type=bind,source=in.txt,target=/in.txt \\\n  cat /in.txt",
            files={"in.txt": "CTX"},
            expect="CTX",
        ),
        Case(
            "bind: read-only by default",
            "RUN --mount=type=bind,source=in.txt,target=/in.txt \\\n  echo x >> /in.txt",
            files={"in.txt": "CTX"},
        ),
        Case(
            "bind: rw=true",
            "RUN --mount=type=bind,source=in.txt,target=/in.txt,rw=true \\\n  echo x >> /in.txt",
            files={"in.txt": "CTX"},
        ),
        Case(
            "bind: rw (bare)",
            "RUN --mount=type=bind,source=in.txt,target=/in.txt,rw \\\n  echo x >> /in.txt",
            files={"in.txt": "CTX"},
        ),
        Case(
            "bind: from=stage",
            "RUN echo FROMSTAGE > /made\nFROM base\nRUN --mount=type=bind,from=base0,source=/made,target=/m \\\n  cat /m",
            head="AS base0",
            expect="FROMSTAGE",
        ),
        Case(
            "bind: from=image",
            f"RUN --mount=type=bind,from={BASE},source=/etc/passwd,target=/p \\\n  head -1 /p",
            expect="root:x:0:0",
        ),
        Case(
            "tmpfs: target",
            "RUN --mount=type=tmpfs,target=/t \\\n  echo x > /t/f && grep -E ' /t ' /proc/mounts",
            expect="tmpfs /t tmpfs",
        ),
        Case(
            "tmpfs: size=",
            "RUN --mount=type=tmpfs,target=/t,size=1m \\\n  grep -E ' /t ' /proc/mounts",
            expect="size=1024k",
        ),
        Case("RUN --network=none", "RUN --network=none \\\n  true"),
        Case("RUN --network=host", "RUN --network=host \\\n  true"),
        Case("RUN --security=insecure", "RUN --security=insecure \\\n  true"),
        Case("RUN --security=sandbox", "RUN --security=sandbox \\\n  true"),
        Case("RUN heredoc", "RUN <<EOT\necho HEREDOC-RAN\nEOT", expect="HEREDOC-RAN"),
        Case("COPY heredoc", "COPY <<EOT /f\nhi\nEOT"),
        Case("COPY --link", "COPY --link in.txt /in.txt", files={"in.txt": "CTX"}),
        Case(
            "COPY --chmod=0640 (octal)",
            "COPY --chmod=0640 in.txt /in.txt\nRUN stat -c 'MODE=%a' /in.txt",
            files={"in.txt": "CTX"},
            expect="MODE=640",
        ),
        Case(
            "COPY --chmod=u=rw,g=r (symbolic)",
            "COPY --chmod=u=rw,g=r in.txt /in.txt\nRUN stat -c 'MODE=%a' /in.txt",
            files={"in.txt": "CTX"},
            expect="MODE=640",
        ),
        Case(
            "COPY --chown=1000:1000",
            "COPY --chown=1000:1000 in.txt /in.txt\nRUN stat -c 'OWN=%u:%g' /in.txt",
            files={"in.txt": "CTX"},
            expect="OWN=1000:1000",
        ),
        Case(
            "COPY --chown=user:user (names)",
            "COPY --chown=user:user in.txt /in.txt\nRUN stat -c 'OWN=%u:%g' /in.txt",
            files={"in.txt": "CTX"},
            expect="OWN=1000:1000",
        ),
        Case("COPY --parents", "COPY --parents d/in.txt /out/", files={"d/in.txt": "CTX"}),
        Case("COPY --exclude", "COPY --exclude=*.md . /out/", files={"in.txt": "CTX"}),
        Case(
            "COPY --from=stage",
            "RUN echo S > /s\nFROM base\nCOPY --from=base0 /s /s\nRUN cat /s",
            head="AS base0",
        ),
        Case(
            "ADD --checksum",
            "ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 in.txt /in.txt",
            files={"in.txt": "CTX"},
        ),
        Case("ADD --keep-git-dir", "ADD --keep-git-dir=true in.txt /in.txt", files={"in.txt": "CTX"}),
        Case("ADD (local file)", "ADD in.txt /in.txt", files={"in.txt": "CTX"}),
        Case("# syntax= line", "RUN true", head="", expect=None),
        Case("# check= directive", "RUN true"),
    ]


def run_case(docker: str, case: Case, keep_log: bool, buildx: bool = False) -> tuple[str, str]:
    """Build one case; return (result, detail)."""
    tag = f"docker-dsl-probe/{uuid.uuid4().hex[:12]}:1"
    head = f"FROM {BASE} {case.head}".rstrip()
    text = f"{head}\n{case.body}\n"
    if case.head == "AS base0":
        text = text.replace("FROM base\n", f"FROM {BASE}\n")
    if case.name == "# syntax= line":
        text = "# syntax=docker/dockerfile:1\n" + text
    if case.name == "# check= directive":
        text = "# check=skip=all\n" + text
    with tempfile.TemporaryDirectory(prefix="probe-") as ctx:
        for rel, content in case.files.items():
            path = os.path.join(ctx, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as fh:
                fh.write(content)
        dockerfile = os.path.join(ctx, "Dockerfile.probe")
        with open(dockerfile, "w") as fh:
            fh.write(text)
        env = dict(os.environ, DOCKER_BUILDKIT="1")
        proc = subprocess.run(
            [
                docker,
                *(["buildx", "build"] if buildx else ["build"]),
                "--progress=plain",
                "--no-cache",
                "-t",
                tag,
                "-f",
                dockerfile,
                *case.flags,
                ctx,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    subprocess.run([docker, "rmi", "-f", tag], capture_output=True, check=False)
    log = proc.stdout + proc.stderr
    if keep_log:
        print(f"----- {case.name}\n{text}{log}", file=sys.stderr)
    if proc.returncode == 0:
        if case.expect and case.expect not in log:
            return "ok? (built, but expected output missing)", _first_output(log)
        return "ok", case.expect or ""
    return f"rejected (exit {proc.returncode})", _error_line(log)


def _first_output(log: str) -> str:
    lines = [ln for ln in log.splitlines() if re.match(r"#\d+ \d+\.\d+ ", ln)]
    return lines[0] if lines else ""


def _error_line(log: str) -> str:
    for line in log.splitlines():
        if line.startswith(("error:", "failed to", "ERROR", "Error")) or "error:" in line.lower():
            return line.strip()
    tail = [ln for ln in log.splitlines() if ln.strip()]
    return tail[-1].strip() if tail else ""


def start_agent() -> tuple[str | None, list[str]]:
    """Start an ssh-agent holding a fresh key; return its socket and the kill command."""
    if not shutil.which("ssh-agent"):
        return None, []
    work = tempfile.mkdtemp(prefix="probe-ssh-")
    sock = os.path.join(work, "agent.sock")
    out = subprocess.run(["ssh-agent", "-a", sock, "-s"], capture_output=True, text=True, check=True).stdout
    pid = re.search(r"SSH_AGENT_PID=(\d+)", out)
    key = os.path.join(work, "id")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
    subprocess.run(
        ["ssh-add", "-q", key], env=dict(os.environ, SSH_AUTH_SOCK=sock), check=True, capture_output=True
    )
    return sock, (["kill", pid.group(1)] if pid else [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docker", default="/usr/bin/docker")
    parser.add_argument("--buildx", action="store_true", help="build with `docker buildx build`")
    parser.add_argument("--only", help="run only cases whose name contains this text")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every build log to stderr")
    args = parser.parse_args()

    with tempfile.NamedTemporaryFile("w", prefix="probe-secret-", delete=False) as fh:
        fh.write("probe-secret-value\n")
        secret_file = fh.name
    sock, kill = start_agent()
    if sock:
        os.environ["SSH_AUTH_SOCK"] = sock
    try:
        print("| feature | result | engine output |")
        print("| --- | --- | --- |")
        for case in cases(secret_file, sock):
            if args.only and args.only not in case.name:
                continue
            result, detail = run_case(args.docker, case, args.verbose, args.buildx)
            detail = detail.replace("|", "\\|")
            print(
                f"| {case.name} | {result} | `{detail}` |" if detail else f"| {case.name} | {result} | |",
                flush=True,
            )
    finally:
        os.unlink(secret_file)
        if kill:
            subprocess.run(kill, capture_output=True, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
