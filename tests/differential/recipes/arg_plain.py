"""ARG without forwarding to ENV, including an empty default."""

from docker_dsl import Stage

with Stage("debian:bookworm-slim") as s:
    s.arg("VERSION", "1.2.3")
    s.arg("DEBIAN_FRONTEND", "noninteractive")
    s.arg("EXTRA_FLAGS", "")
    s.run("echo", "building", "${VERSION}")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm-slim", "base"),
    ("ARG", "VERSION", "1.2.3"),
    ("ARG", "DEBIAN_FRONTEND", "noninteractive"),
    ("ARG", "EXTRA_FLAGS", ""),
    ("RUN", ["echo building ${VERSION}"]),
]
