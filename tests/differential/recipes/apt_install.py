"""apt_install runs apt-get update first, then installs without recommends."""

from docker_dsl import Stage

with Stage("ubuntu:24.04") as s:
    with s.run() as r:
        r.apt_install("curl", "ca-certificates", "git")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "ubuntu:24.04", "base"),
    ("RUN", ["apt-get update -y", "apt-get install -y --no-install-recommends curl ca-certificates git"]),
]
