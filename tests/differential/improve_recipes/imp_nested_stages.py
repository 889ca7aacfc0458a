"""Run builders of two stages whose `with` blocks are nested: each RUN goes to its stage."""

from docker_dsl import Stage

with Stage("alpine:3.20", name="a") as a:
    with Stage("debian:bookworm", name="b") as b:
        with a.run() as r:
            r.ls("/a")
        with b.run() as r:
            r.ls("/b")

VARIANTS = [{}]
