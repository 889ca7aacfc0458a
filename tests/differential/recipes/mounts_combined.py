"""Several scopes in one with: all three mount types, s.run() last."""

from docker_dsl import Stage

with Stage("python:3.13-slim") as s:
    s.workdir("/app")
    with s.cache("/root/.cache/pip"), s.secret("pypi", target="/root/.netrc"), s.run() as r:
        r.pip("install", "--requirement", "requirements.txt")
    with (
        s.bind(source="pyproject.toml", target="/app/pyproject.toml"),
        s.cache("/root/.cache/pip"),
        s.secret("pypi", target="/root/.netrc"),
        s.run() as r,
    ):
        r.pip("install", ".")
        r.pip("check")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "python:3.13-slim", "base"),
    ("WORKDIR", "/app"),
    (
        "RUN",
        ["pip install --requirement requirements.txt"],
        ["type=cache,target=/root/.cache/pip,sharing=shared", "type=secret,id=pypi,target=/root/.netrc"],
    ),
    (
        "RUN",
        ["pip install .", "pip check"],
        [
            "type=bind,source=pyproject.toml,target=/app/pyproject.toml",
            "type=cache,target=/root/.cache/pip,sharing=shared",
            "type=secret,id=pypi,target=/root/.netrc",
        ],
    ),
]
