"""A one-line RUN made inside an open run builder (0.1.2 keeps only that one RUN)."""

from docker_dsl import Stage

with Stage("alpine:3.20") as a:
    with a.run() as r:
        r.ls()
        a.run("echo", "inner")  # MARK: a RUN inside the builder

VARIANTS = [{}]
