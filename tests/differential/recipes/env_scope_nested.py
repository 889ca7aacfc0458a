"""Nested env scopes merge (inner wins on a shared key); a None-only scope exports nothing."""

from docker_dsl import Stage

with Stage("alpine:3.20") as s:
    with s.env({"A": "1", "B": "2"}):
        with s.env({"B": "3", "C": None, "D": "4"}):
            s.run("env")
        s.run("env")
    with s.env({"ONLY_NONE": None}):
        s.run("true")
    s.run("env")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "alpine:3.20", "base"),
    ("RUN", ['export A="1" B="3" D="4"', "env"]),
    ("RUN", ['export A="1" B="2"', "env"]),
    ("RUN", ["true"]),
    ("RUN", ["env"]),
]
