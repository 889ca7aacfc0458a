"""Plain ENV calls: one line per pair, None values dropped, empty mappings emit nothing."""

from docker_dsl import Stage

with Stage("ubuntu:24.04") as s:
    s.env({"LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1"})
    s.env({"OPTIONAL_PROXY": None, "KEPT": "yes"})
    s.env({"ALL_NONE": None})
    s.env({})
    s.env({"EMPTY": ""})
    s.run("env")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "ubuntu:24.04", "base"),
    ("ENV", "LANG", "C.UTF-8"),
    ("ENV", "PYTHONUNBUFFERED", "1"),
    ("ENV", "KEPT", "yes"),
    ("ENV", "EMPTY", ""),
    ("RUN", ["env"]),
]
