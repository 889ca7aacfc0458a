"""ENTRYPOINT and CMD in exec (JSON) form."""

from docker_dsl import Stage

with Stage("python:3.13-slim") as s:
    s.entrypoint("/usr/bin/tini", "--")
    s.cmd("python", "-m", "app", "--port", "8000")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "python:3.13-slim", "base"),
    ("ENTRYPOINT", ["/usr/bin/tini", "--"]),
    ("CMD", ["python", "-m", "app", "--port", "8000"]),
]
