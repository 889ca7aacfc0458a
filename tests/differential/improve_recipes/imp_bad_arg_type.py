"""An argument type with no command-line spelling is rejected."""

from docker_dsl import Stage

with Stage("debian:bookworm") as s:
    with s.run() as r:
        r.tool(options={"a": 1})  # MARK: a dict has no command-line spelling

VARIANTS = [{}]
