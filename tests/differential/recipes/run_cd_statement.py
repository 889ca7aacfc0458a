"""r.cd(path) as a statement: later commands run from there."""

from docker_dsl import Stage

with Stage("gcc:14") as s:
    with s.run() as r:
        r.cd("/src")
        r.make()
        r.cd("build")
        r.make("install")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "gcc:14", "base"),
    ("RUN", ["cd /src", "make", "cd build", "make install"]),
]
