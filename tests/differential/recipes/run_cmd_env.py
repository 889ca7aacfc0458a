"""env= on a builder command prefixes that one command."""

from docker_dsl import Stage

with Stage("node:20-bookworm") as s:
    with s.run() as r:
        r.make("install", env={"DESTDIR": "/out", "PREFIX": "/usr"})
        r.npm("test", env={"CI": "true"}, silent=True)
        r.npm("run", "lint", env={})

VARIANTS = [{}]
EXPECT = [
    ("FROM", "node:20-bookworm", "base"),
    (
        "RUN",
        ['DESTDIR="/out" PREFIX="/usr" make install', 'CI="true" npm test --silent', "npm run lint"],
    ),
]
