"""apt_install(fast=True) installs with apt-fast; a PPA added first still gets one update."""

from docker_dsl import Stage

with Stage("ubuntu:22.04") as s:
    with s.run() as r:
        r.add_apt_ppa("ppa:apt-fast/stable")
        r.apt_install("apt-fast")
        r.apt_install("build-essential", "cmake", fast=True)
        r.apt_install("ninja-build", fast=False)

VARIANTS = [{}]
EXPECT = [
    ("FROM", "ubuntu:22.04", "base"),
    (
        "RUN",
        [
            "add-apt-repository ppa:apt-fast/stable -y",
            "apt-get update -y",
            "apt-get install -y --no-install-recommends apt-fast",
            "apt-fast install -y --no-install-recommends build-essential cmake",
            "apt-get install -y --no-install-recommends ninja-build",
        ],
    ),
]
