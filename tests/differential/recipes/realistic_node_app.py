"""A Node app: deps, build and a slim runtime stage copying from both."""

from docker_dsl import Stage

with Stage("node:20-bookworm-slim") as base:
    base.workdir("/app")
    base.env({"NEXT_TELEMETRY_DISABLED": "1"})

with base.stage() as deps:
    with (
        deps.bind(source="package.json", target="package.json"),
        deps.bind(source="package-lock.json", target="package-lock.json"),
        deps.cache("/root/.npm"),
        deps.secret("npmrc", target="/root/.npmrc"),
    ):
        deps.run("npm", "ci", "--omit=dev")

with base.stage() as build:
    build.copy(".", ".")
    with build.cache("/root/.npm"), build.run() as r:
        r.npm("ci")
        r.npm("run", "build")

with base.stage() as runtime:
    runtime.env({"NODE_ENV": "production"})
    runtime.copy("/app/node_modules", "./node_modules", stage=deps)
    runtime.copy("/app/.next", "./.next", stage=build)
    runtime.copy("public", "./public")
    runtime.cmd("npm", "start")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "node:20-bookworm-slim", "base"),
    ("WORKDIR", "/app"),
    ("ENV", "NEXT_TELEMETRY_DISABLED", "1"),
    ("FROM", "base", "deps"),
    (
        "RUN",
        ["npm ci --omit=dev"],
        [
            "type=bind,source=package.json,target=package.json",
            "type=bind,source=package-lock.json,target=package-lock.json",
            "type=cache,target=/root/.npm,sharing=shared",
            "type=secret,id=npmrc,target=/root/.npmrc",
        ],
    ),
    ("FROM", "base", "build"),
    ("COPY", ".", "."),
    ("RUN", ["npm ci", "npm run build"], ["type=cache,target=/root/.npm,sharing=shared"]),
    ("FROM", "base", "runtime"),
    ("ENV", "NODE_ENV", "production"),
    ("COPY", "/app/node_modules", "./node_modules", "from=deps", "link"),
    ("COPY", "/app/.next", "./.next", "from=build", "link"),
    ("COPY", "public", "./public"),
    ("CMD", ["npm", "start"]),
]
