"""stage_N fallback names when no with-target names the child (counted per parent)."""

from docker_dsl import Stage

with Stage("alpine:3.20") as base:
    base.run("apk", "add", "--no-cache", "curl")

child = base.stage()
with child:
    child.run("echo", "one")

with base.stage():
    pass

third = base.stage()
with third as t:
    t.run("echo", "three")

with child.stage() as grandchild:
    grandchild.run("echo", "grandchild")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "alpine:3.20", "base"),
    ("RUN", ["apk add --no-cache curl"]),
    ("FROM", "base", "stage_1"),
    ("RUN", ["echo one"]),
    ("FROM", "base", "stage_2"),
    ("FROM", "base", "stage_3"),
    ("RUN", ["echo three"]),
    ("FROM", "stage_1", "grandchild"),
    ("RUN", ["echo grandchild"]),
]
