"""rendering() is True while a render runs the recipe."""

from docker_dsl import Stage, rendering

RENDERED_AT_IMPORT = rendering()

with Stage("alpine:3.20") as s:
    if rendering():
        s.env({"RENDERED": "yes"})
    s.env({"MODE": "render" if rendering() else "discovery"})

VARIANTS = [{}]
EXPECT = [
    ("FROM", "alpine:3.20", "base"),
    ("ENV", "RENDERED", "yes"),
    ("ENV", "MODE", "render"),
]
