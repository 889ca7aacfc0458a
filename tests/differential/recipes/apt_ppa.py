"""add_apt_ppa makes the next apt_install run apt-get update again."""

from docker_dsl import Stage

with Stage("ubuntu:24.04") as s:
    with s.run() as r:
        r.apt_install("software-properties-common")
        r.add_apt_ppa("ppa:deadsnakes/ppa")
        r.apt_install("python3.12")
        r.apt_install("python3.12-venv")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "ubuntu:24.04", "base"),
    (
        "RUN",
        [
            "apt-get update -y",
            "apt-get install -y --no-install-recommends software-properties-common",
            "add-apt-repository ppa:deadsnakes/ppa -y",
            "apt-get update -y",
            "apt-get install -y --no-install-recommends python3.12",
            "apt-get install -y --no-install-recommends python3.12-venv",
        ],
    ),
]
