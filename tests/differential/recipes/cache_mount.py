"""Cache mounts: sharing=shared by default, sharing=locked with lock=True; plain s.run inside picks them up."""

from docker_dsl import Stage

with Stage("python:3.13-slim") as s:
    with s.cache("/root/.cache/pip"):
        s.run("pip", "install", "wheel")
        with s.run() as r:
            r.pip("install", "numpy")
    with s.cache("/root/.cache/uv", lock=True):
        s.run("uv", "pip", "install", "-r", "requirements.txt")
    with s.cache("/tmp/build", lock=False):
        s.run("make")
    s.run("pip", "list")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "python:3.13-slim", "base"),
    ("RUN", ["pip install wheel"], ["type=cache,target=/root/.cache/pip,sharing=shared"]),
    ("RUN", ["pip install numpy"], ["type=cache,target=/root/.cache/pip,sharing=shared"]),
    ("RUN", ["uv pip install -r requirements.txt"], ["type=cache,target=/root/.cache/uv,sharing=locked"]),
    ("RUN", ["make"], ["type=cache,target=/tmp/build,sharing=shared"]),
    ("RUN", ["pip list"]),
]
