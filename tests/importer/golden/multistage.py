from docker_dsl import Stage, directives, global_arg

directives(check="error=true")
global_arg("GO_VERSION", "1.22")
global_arg("APP", "server")

# build the binary
with Stage("golang:${GO_VERSION}", name="Build", platform="$BUILDPLATFORM") as build:
    build.workdir("/src")
    build.env(CGO_ENABLED="0", GOFLAGS="-trimpath -mod=readonly")
    with build.cache("/go/pkg/mod"):
        with build.bind(source="go.mod", target="go.mod"):
            build.run("go", "mod", "download")
        with (
            build.cache("/root/.cache/go-build"),
            build.bind(target="."),
            build.run() as r,
        ):
            r.go("build", "-o", "/out/${APP}", "./cmd/${APP}")
            r.strip("/out/${APP}")
            r("echo \"built 'it'\" > /out/NOTE")

with Stage(build, name="test") as test:
    with test.secret("token", env="TOKEN", required=True):
        test.run("go", "test", "./...")

with Stage("alpine:3.20", name="stage2") as stage2:
    with stage2.run() as r:
        r.apk("add", "--no-cache", "ca-certificates")
        r.addgroup("-S", "app")
        r.adduser("-S", "app", "-G", "app")
    stage2.copy("/out/server", "/usr/local/bin/server", from_=build, chmod="755")
    stage2.copy("docs/read me.txt", "/usr/share/doc/")
    stage2.label({"org.opencontainers.image.title": "my server", "version": "1.0"})
    stage2.user("app")
    stage2.expose("8080/tcp")
    stage2.healthcheck("server", "-health", interval="30s")
    stage2.run("""echo first
echo second""")
    stage2.entrypoint("server")
    stage2.cmd("--port", "8080")
