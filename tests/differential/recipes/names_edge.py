"""Stage names with the characters BuildKit allows: digits, '-', '_' and '.'."""

from docker_dsl import Stage

with Stage("alpine:3.20", name="build-1.0_x") as s:
    s.run("echo", "build")

with s.stage() as stage_2:
    stage_2.run("echo", "derived")

with stage_2.stage(name="final.v2") as final:
    final.copy("/out", "/out", stage=s)

VARIANTS = [{}]
EXPECT = [
    ("FROM", "alpine:3.20", "build-1.0_x"),
    ("RUN", ["echo build"]),
    ("FROM", "build-1.0_x", "stage_2"),
    ("RUN", ["echo derived"]),
    ("FROM", "stage_2", "final.v2"),
    ("COPY", "/out", "/out", "from=build-1.0_x", "link"),
]
