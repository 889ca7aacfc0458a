"""A Go service: module cache, build cache, a distroless runtime fed from the builder."""

from docker_dsl import Stage
from docker_dsl import context as ctx

ctx.register("version", str)
ctx.register("static", bool)

with Stage("golang:1.22-bookworm") as base:
    base.workdir("/src")
    with (
        base.cache("/go/pkg/mod"),
        base.bind(source="go.mod", target="go.mod"),
        base.bind(source="go.sum", target="go.sum"),
    ):
        base.run("go", "mod", "download", "-x")

with base.stage() as builder:
    with (
        builder.cache("/go/pkg/mod"),
        builder.cache("/root/.cache/go-build"),
        builder.bind(source=".", target="."),
        builder.run() as r,
    ):
        r.go(
            "build",
            "-trimpath",
            f"-ldflags='-s -w -X main.version={ctx.version}'",
            "-o",
            "/out/server",
            "./cmd/server",
            env={"CGO_ENABLED": "0" if ctx.static else "1"},
        )

runtime_image = "gcr.io/distroless/static-debian12" if ctx.static else "gcr.io/distroless/base-debian12"
with Stage(runtime_image, name="runtime") as runtime:
    runtime.copy("/out/server", "/server", stage=builder)
    runtime.arg("VERSION", ctx.version, env=True)
    runtime.entrypoint("/server")

VARIANTS = [{"version": "1.4.0", "static": True}, {"version": "2.0.0-rc.1", "static": False}]


def EXPECT(version, static):
    modcache = "type=cache,target=/go/pkg/mod,sharing=shared"
    return [
        ("FROM", "golang:1.22-bookworm", "base"),
        ("WORKDIR", "/src"),
        (
            "RUN",
            ["go mod download -x"],
            [modcache, "type=bind,source=go.mod,target=go.mod", "type=bind,source=go.sum,target=go.sum"],
        ),
        ("FROM", "base", "builder"),
        (
            "RUN",
            [
                (
                    f'CGO_ENABLED="{0 if static else 1}" go build -trimpath'
                    f" -ldflags='-s -w -X main.version={version}' -o /out/server ./cmd/server"
                )
            ],
            [
                modcache,
                "type=cache,target=/root/.cache/go-build,sharing=shared",
                "type=bind,source=.,target=.",
            ],
        ),
        (
            "FROM",
            "gcr.io/distroless/static-debian12" if static else "gcr.io/distroless/base-debian12",
            "runtime",
        ),
        ("COPY", "/out/server", "/server", "from=builder", "link"),
        ("ARG", "VERSION", version),
        ("ENV", "VERSION", "${VERSION}"),
        ("ENTRYPOINT", ["/server"]),
    ]
