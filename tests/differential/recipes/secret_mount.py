"""Secret mounts, for a plain RUN and a builder; nothing after the block."""

from docker_dsl import Stage

with Stage("node:20-bookworm-slim") as s:
    s.workdir("/app")
    with s.secret("npmrc", target="/root/.npmrc"):
        s.run("npm", "ci")
        with s.run() as r:
            r.npm("run", "build")
            r.npm("prune", "--omit=dev")
    s.run("npm", "ls")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "node:20-bookworm-slim", "base"),
    ("WORKDIR", "/app"),
    ("RUN", ["npm ci"], ["type=secret,id=npmrc,target=/root/.npmrc"]),
    ("RUN", ["npm run build", "npm prune --omit=dev"], ["type=secret,id=npmrc,target=/root/.npmrc"]),
    ("RUN", ["npm ls"]),
]
