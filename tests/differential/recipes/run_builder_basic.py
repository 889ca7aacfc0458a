"""with s.run() as r: attribute commands joined into one RUN; an empty block emits nothing."""

from docker_dsl import Stage

with Stage("buildpack-deps:bookworm") as s:
    with s.run() as r:
        r.git("clone", "https://github.com/example/project.git", "/src/project")
        r.make("-C", "/src/project", "-j$(nproc)")
        r.make("-C", "/src/project", "install")
    with s.run() as r:
        r.ldconfig()
    with s.run() as r:
        pass
    s.run("project", "--version")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "buildpack-deps:bookworm", "base"),
    (
        "RUN",
        [
            "git clone https://github.com/example/project.git /src/project",
            "make -C /src/project -j$(nproc)",
            "make -C /src/project install",
        ],
    ),
    ("RUN", ["ldconfig"]),
    ("RUN", ["project --version"]),
]
