"""The smallest recipe: one stage and nothing in it."""

from docker_dsl import Stage

with Stage("alpine:3.20"):
    pass

VARIANTS = [{}]
EXPECT = [("FROM", "alpine:3.20", "base")]
