"""Counts its own executions and prints; neither may leak into the render."""

import _imp_counter
from docker_dsl import Stage

_imp_counter.RUNS.append(1)
print("imp_run_once: hello from the recipe")

with Stage("alpine:3.20") as s:
    print("imp_run_once: inside the stage")
    s.env({"RUNS": str(len(_imp_counter.RUNS))})

VARIANTS = [{}]
