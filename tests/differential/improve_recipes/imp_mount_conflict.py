"""Two mounts at one path in one RUN (0.1.2 renders both; the engine keeps one)."""

from docker_dsl import Stage

with Stage("alpine:3.20") as s:
    with s.bind(source=".", target="/c"), s.cache("/c"), s.run() as r:  # MARK: bind and cache both at /c
        r.ls("/c")

VARIANTS = [{}]
