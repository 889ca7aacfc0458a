"""r.fetch_file(url, dest) creates the parent directory and downloads one file."""

from docker_dsl import Stage

with Stage("debian:bookworm-slim") as s:
    with s.run() as r:
        r.fetch_file("https://example.com/ca/extra.pem", "/usr/local/share/ca-certificates/extra.crt")
        r("update-ca-certificates")
    s.run("ls", "/usr/local/share/ca-certificates")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm-slim", "base"),
    (
        "RUN",
        [
            "mkdir -p $(dirname /usr/local/share/ca-certificates/extra.crt)",
            "curl -fsSL https://example.com/ca/extra.pem -o /usr/local/share/ca-certificates/extra.crt",
            "update-ca-certificates",
        ],
    ),
    ("RUN", ["ls /usr/local/share/ca-certificates"]),
]
