"""An explicit name= wins over the with-target; a derived stage with no as-target."""

from docker_dsl import Stage

with Stage("node:20-bookworm-slim", name="toolchain") as toolchain:
    toolchain.run("corepack", "enable")

with toolchain.stage(name="compile") as build:
    build.run("pnpm", "build")

with toolchain.stage(name="lint"):
    pass

with build.stage(name="bundle") as bundle:
    bundle.run("pnpm", "pack")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "node:20-bookworm-slim", "toolchain"),
    ("RUN", ["corepack enable"]),
    ("FROM", "toolchain", "compile"),
    ("RUN", ["pnpm build"]),
    ("FROM", "toolchain", "lint"),
    ("FROM", "compile", "bundle"),
    ("RUN", ["pnpm pack"]),
]
