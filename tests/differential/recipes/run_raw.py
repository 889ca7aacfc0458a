"""r("raw line") appends a verbatim command, optionally with env."""

from docker_dsl import Stage

with Stage("debian:bookworm") as s:
    with s.run() as r:
        r("set -eux")
        r("./configure --prefix=/usr", env={"CFLAGS": "-O2 -pipe"})
        r("ls /usr/lib | wc -l")
        r("make", env={})

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm", "base"),
    ("RUN", ["set -eux", 'CFLAGS="-O2 -pipe" ./configure --prefix=/usr', "ls /usr/lib | wc -l", "make"]),
]
