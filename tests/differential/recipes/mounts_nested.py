"""Nested mount scopes: outermost first, and each leaves with its block."""

from docker_dsl import Stage

with Stage("golang:1.22") as s:
    s.workdir("/src")
    with s.cache("/root/.cache/go-build"):
        s.run("go", "mod", "download")
        with s.bind(source="go.sum", target="/src/go.sum"), s.bind(source="go.mod", target="/src/go.mod"):
            s.run("go", "build", "./...")
            with s.secret("netrc", target="/root/.netrc"):
                with s.run() as r:
                    r.go("get", "example.com/private@latest")
                    r.go("build", "./cmd/...")
            s.run("go", "vet", "./...")
        s.run("go", "test", "./...")
    s.run("ls", "/src")

VARIANTS = [{}]


def EXPECT():
    cache = "type=cache,target=/root/.cache/go-build,sharing=shared"
    binds = ["type=bind,source=go.sum,target=/src/go.sum", "type=bind,source=go.mod,target=/src/go.mod"]
    secret = "type=secret,id=netrc,target=/root/.netrc"
    return [
        ("FROM", "golang:1.22", "base"),
        ("WORKDIR", "/src"),
        ("RUN", ["go mod download"], [cache]),
        ("RUN", ["go build ./..."], [cache, *binds]),
        ("RUN", ["go get example.com/private@latest", "go build ./cmd/..."], [cache, *binds, secret]),
        ("RUN", ["go vet ./..."], [cache, *binds]),
        ("RUN", ["go test ./..."], [cache]),
        ("RUN", ["ls /src"]),
    ]
