"""The recipe's own code raises."""

from docker_dsl import Stage

with Stage("alpine:3.20") as s:
    s.workdir("/app")
    ratio = 1 / 0  # MARK: the recipe's own error
    s.env({"RATIO": str(ratio)})

VARIANTS = [{}]
