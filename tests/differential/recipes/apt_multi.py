"""Several apt_install calls in one builder update once."""

from docker_dsl import Stage

with Stage("debian:bookworm") as s:
    with s.run() as r:
        r.apt_install("curl")
        r.apt_install("git")
        r.apt_install("make", "gcc", "libc6-dev")
        r.rm("-rf", "/var/lib/apt/lists/*")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm", "base"),
    (
        "RUN",
        [
            "apt-get update -y",
            "apt-get install -y --no-install-recommends curl",
            "apt-get install -y --no-install-recommends git",
            "apt-get install -y --no-install-recommends make gcc libc6-dev",
            "rm -rf /var/lib/apt/lists/*",
        ],
    ),
]
