"""Bind mounts of build-context paths, instead of COPY."""

from docker_dsl import Stage

with Stage("python:3.13-slim") as s:
    with s.bind(source="requirements.txt", target="/tmp/requirements.txt"):
        s.run("pip", "install", "-r", "/tmp/requirements.txt")
    with s.bind(source="scripts", target="/scripts"), s.run() as r:
        r.sh("/scripts/setup.sh")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "python:3.13-slim", "base"),
    (
        "RUN",
        ["pip install -r /tmp/requirements.txt"],
        ["type=bind,source=requirements.txt,target=/tmp/requirements.txt"],
    ),
    ("RUN", ["sh /scripts/setup.sh"], ["type=bind,source=scripts,target=/scripts"]),
]
