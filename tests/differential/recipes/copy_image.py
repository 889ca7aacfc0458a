"""COPY --from an image: --link is automatic unless link=False."""

from docker_dsl import Stage

with Stage("debian:bookworm-slim") as s:
    s.copy("/usr/bin/tini", "/tini", image="krallin/ubuntu-tini:trusty")
    s.copy("/uv", "/usr/local/bin/uv", image="ghcr.io/astral-sh/uv:0.4.18", link=False)
    s.copy("/etc/ssl/certs/ca-certificates.crt", image="alpine:3.20")
    s.entrypoint("/tini", "--")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm-slim", "base"),
    ("COPY", "/usr/bin/tini", "/tini", "from=krallin/ubuntu-tini:trusty", "link"),
    ("COPY", "/uv", "/usr/local/bin/uv", "from=ghcr.io/astral-sh/uv:0.4.18"),
    (
        "COPY",
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/ssl/certs/ca-certificates.crt",
        "from=alpine:3.20",
        "link",
    ),
    ("ENTRYPOINT", ["/tini", "--"]),
]
