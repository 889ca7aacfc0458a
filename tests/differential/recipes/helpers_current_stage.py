"""Helpers defined in the recipe itself, using current_stage()."""

from docker_dsl import Stage, current_stage


def pip_install(*packages):
    stage = current_stage()
    if stage is None:
        return
    with stage.cache("/root/.cache/pip"):
        stage.run("pip", "install", *packages)


def healthcheck_script(path):
    stage = current_stage()
    if stage is None:
        return
    with stage.run() as r:
        r.echo("#!/bin/sh") > path
        r.echo("exec curl -fsS http://localhost:8000/health") >> path
        r.chmod("+x", path)


with Stage("python:3.13-slim") as s:
    pip_install("fastapi", "uvicorn")
    healthcheck_script("/usr/local/bin/healthcheck")
    with s.stage() as test:
        pip_install("pytest")
    s.cmd("uvicorn", "app:app")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "python:3.13-slim", "base"),
    ("RUN", ["pip install fastapi uvicorn"], ["type=cache,target=/root/.cache/pip,sharing=shared"]),
    (
        "RUN",
        [
            'echo "#!/bin/sh" > /usr/local/bin/healthcheck',
            'echo "exec curl -fsS http://localhost:8000/health" >> /usr/local/bin/healthcheck',
            "chmod +x /usr/local/bin/healthcheck",
        ],
    ),
    ("CMD", ["uvicorn", "app:app"]),
    ("FROM", "base", "test"),
    ("RUN", ["pip install pytest"], ["type=cache,target=/root/.cache/pip,sharing=shared"]),
]
