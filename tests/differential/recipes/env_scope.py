"""ENV as a with-block: exported ahead of the RUNs inside, no ENV line, gone after."""

from docker_dsl import Stage

with Stage("node:20-bookworm-slim") as s:
    s.env({"NODE_ENV": "production"})
    with s.env({"npm_config_loglevel": "warn"}):
        s.run("npm", "ci")
        with s.run() as r:
            r.npm("run", "build")
            r.npm("prune", omit="dev")
    s.run("node", "--version")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "node:20-bookworm-slim", "base"),
    ("ENV", "NODE_ENV", "production"),
    ("RUN", ['export npm_config_loglevel="warn"', "npm ci"]),
    ("RUN", ['export npm_config_loglevel="warn"', "npm run build", "npm prune --omit dev"]),
    ("RUN", ["node --version"]),
]
