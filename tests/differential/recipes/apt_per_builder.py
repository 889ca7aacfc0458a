"""apt state belongs to one builder: each RUN block updates again; apt caches locked."""

from docker_dsl import Stage

with Stage("debian:bookworm") as s:
    with s.cache("/var/cache/apt", lock=True), s.cache("/var/lib/apt", lock=True), s.run() as r:
        r.apt_install("build-essential")
    with s.run() as r:
        r.apt_install("python3")
        r.apt_install("python3-venv")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm", "base"),
    (
        "RUN",
        ["apt-get update -y", "apt-get install -y --no-install-recommends build-essential"],
        ["type=cache,target=/var/cache/apt,sharing=locked", "type=cache,target=/var/lib/apt,sharing=locked"],
    ),
    (
        "RUN",
        [
            "apt-get update -y",
            "apt-get install -y --no-install-recommends python3",
            "apt-get install -y --no-install-recommends python3-venv",
        ],
    ),
]
