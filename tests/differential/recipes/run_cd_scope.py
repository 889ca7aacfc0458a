"""with r.cd(path): commands inside run there, then `cd -` returns (one level, twice in a row)."""

from docker_dsl import Stage

with Stage("gcc:14") as s:
    with s.run() as r:
        r.mkdir("-p", "/src/build")
        with r.cd("/src/build"):
            r.cmake("..")
            r.make("install")
        r.ls("-la")
        with r.cd("/src/docs"):
            r.make("html")
        r.pwd()

VARIANTS = [{}]
EXPECT = [
    ("FROM", "gcc:14", "base"),
    (
        "RUN",
        [
            "mkdir -p /src/build",
            "cd /src/build",
            "cmake ..",
            "make install",
            "cd -",
            "ls -la",
            "cd /src/docs",
            "make html",
            "cd -",
            "pwd",
        ],
    ),
]
