from __future__ import annotations

from docker_dsl import Stage
from docker_dsl import context as ctx

ctx.register("private", bool)

with Stage("python:3.13-slim") as s:
    s.workdir("/app")

    with s.bind(source=".", target="/app"), s.cache("/root/.cache/pip"), s.run() as r:
        r.pip("install", "--requirement", "requirements.txt")

    if ctx.private:
        with s.secret("pypi", target="/root/.netrc"), s.cache("/root/.cache/pip"), s.run() as r:
            r.pip("install", "--requirement", "requirements-private.txt")

# --- test data (the guide's example ends above) ---

VARIANTS = [{"private": True}, {"private": False}]


def EXPECT(private):
    pip = "type=cache,target=/root/.cache/pip,sharing=shared"
    out = [
        ("FROM", "python:3.13-slim", "base"),
        ("WORKDIR", "/app"),
        ("RUN", ["pip install --requirement requirements.txt"], ["type=bind,source=.,target=/app", pip]),
    ]
    if private:
        out.append(
            (
                "RUN",
                ["pip install --requirement requirements-private.txt"],
                ["type=secret,id=pypi,target=/root/.netrc", pip],
            )
        )
    return out
