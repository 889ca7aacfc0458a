"""A recipe using every instruction and mount type; its rendering is the golden file beside it."""

from docker_dsl import Stage, global_arg

global_arg("BASE", "alpine:3.19")
with Stage("busybox", name="deps") as deps:
    with deps.cache("/root/.npm", id="npm", sharing="locked", mode=0o755, uid=1000), deps.run() as r:
        r.npm("ci")

with Stage("$BASE", name="app", platform="linux/amd64") as s:
    s.label({"org.opencontainers.image.title": "my app", "version": "1.0"})
    s.env({"GREETING": 'say "hi" there'})
    with (
        s.secret("npm_token", env="NPM_TOKEN", required=True),
        s.ssh(),
        s.tmpfs("/scratch", size="64m"),
        s.bind(target="/app/node_modules", source="/app/node_modules", from_=deps),
        s.run(network="none") as r,
    ):
        r.make("build", jobs=4, define=["A=1", "B=2"])
    s.run("set -e\nif [ -f x ]; then\n  echo yes\nfi\n")
    s.copy(["a.txt", "my file.txt"], "/app/", chown="1000:1000", chmod=0o644, exclude="*.md")
    s.add("https://example.com/x.tgz", "/opt/", checksum="sha256:abc")
    s.user("app", "app")
    s.expose(8080, "53/udp")
    s.volume("/data")
    s.healthcheck("curl", "-f", "http://localhost/", interval="30s", retries=3)
    s.shell("/bin/sh", "-c")
    s.stopsignal("SIGTERM")
    s.onbuild("RUN echo hi")
    s.comment("done")
    s.cmd("python app.py", shell=True)
    s.raw("# raw line")
