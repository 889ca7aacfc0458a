"""COPY --from a stage object (auto --link), link=False, a raw from_, and image= winning over stage=."""

from docker_dsl import Stage

with Stage("golang:1.22", name="builder") as builder:
    builder.run("go", "build", "-o", "/out/server", "./cmd/server")
    builder.run("go", "build", "-o", "/out/migrate", "./cmd/migrate")

with Stage("gcr.io/distroless/static-debian12", name="runtime") as rt:
    rt.copy("/out/server", "/server", stage=builder)
    rt.copy("/out/migrate", "/migrate", stage=builder, link=False)
    rt.copy("/out/migrate", "/bin/migrate", from_="builder")
    rt.copy("/out/server", "/bin/server", from_="builder", link=True)
    rt.copy("/etc/passwd", "/etc/passwd", image="busybox:1.36", stage=builder)
    rt.entrypoint("/server")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "golang:1.22", "builder"),
    ("RUN", ["go build -o /out/server ./cmd/server"]),
    ("RUN", ["go build -o /out/migrate ./cmd/migrate"]),
    ("FROM", "gcr.io/distroless/static-debian12", "runtime"),
    ("COPY", "/out/server", "/server", "from=builder", "link"),
    ("COPY", "/out/migrate", "/migrate", "from=builder"),
    ("COPY", "/out/migrate", "/bin/migrate", "from=builder"),
    ("COPY", "/out/server", "/bin/server", "from=builder", "link"),
    ("COPY", "/etc/passwd", "/etc/passwd", "from=busybox:1.36", "link"),
    ("ENTRYPOINT", ["/server"]),
]
