"""Non-string arguments are converted, never dropped."""

import pathlib

from docker_dsl import Stage

with Stage("debian:bookworm") as s:
    with s.run() as r:
        r.make("-j", 4)
        r.tool(level=3)
        r.tool(path=pathlib.Path("/x"))
        r.ls(pathlib.Path("/opt/app"))
    s.run("sleep", 1)

VARIANTS = [{}]
