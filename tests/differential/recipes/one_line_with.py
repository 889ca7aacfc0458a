"""Stage, derived stage, mounts and builder opened in single with statements."""

from docker_dsl import Stage

with Stage("golang:1.22") as s, s.cache("/root/.cache/go-build"), s.run() as r:
    r.go("build", "./...")

with s.stage() as builder, builder.cache("/go/pkg/mod"), builder.run() as r:
    r.go("mod", "download")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "golang:1.22", "base"),
    ("RUN", ["go build ./..."], ["type=cache,target=/root/.cache/go-build,sharing=shared"]),
    ("FROM", "base", "builder"),
    ("RUN", ["go mod download"], ["type=cache,target=/go/pkg/mod,sharing=shared"]),
]
