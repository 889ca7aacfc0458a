"""A stage with an explicit name instead of the default `base`."""

from docker_dsl import Stage

with Stage("golang:1.22-bookworm", name="build") as s:
    s.workdir("/src")
    s.run("go", "build", "-o", "/out/app", "./cmd/app")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "golang:1.22-bookworm", "build"),
    ("WORKDIR", "/src"),
    ("RUN", ["go build -o /out/app ./cmd/app"]),
]
