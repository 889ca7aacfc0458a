"""A Python web app: apt with locked caches, pip with cache + bind, private deps behind a secret."""

from docker_dsl import Stage
from docker_dsl import context as ctx

ctx.register("private", bool)
ctx.register("python", str)

with Stage(f"python:{ctx.python}-slim-bookworm") as base:
    base.env({"PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1", "PIP_INDEX_URL": None})
    with base.cache("/var/cache/apt", lock=True), base.cache("/var/lib/apt", lock=True), base.run() as r:
        r.apt_install("libpq5", "curl")
    base.workdir("/app")

with base.stage() as deps:
    with deps.cache("/root/.cache/pip"), deps.bind(source="requirements.txt", target="/tmp/req.txt"):
        deps.run("pip", "install", "--requirement", "/tmp/req.txt")
        if ctx.private:
            with deps.secret("pip_netrc", target="/root/.netrc"), deps.run() as r:
                r.pip(
                    "install", "--requirement", "/tmp/req.txt", extra_index_url="https://pypi.internal/simple"
                )

with deps.stage() as app:
    app.copy("src/", "/app/src/")
    with app.run() as r:
        r.useradd("--system", "--uid", "10001", "app")
        r.chown("-R", "app:app", "/app")
    app.cmd("python", "-m", "src.main")

VARIANTS = [{"private": False, "python": "3.13"}, {"private": True, "python": "3.12"}]


def EXPECT(private, python):
    pip_cache = "type=cache,target=/root/.cache/pip,sharing=shared"
    req = "type=bind,source=requirements.txt,target=/tmp/req.txt"
    out = [
        ("FROM", f"python:{python}-slim-bookworm", "base"),
        ("ENV", "PYTHONDONTWRITEBYTECODE", "1"),
        ("ENV", "PYTHONUNBUFFERED", "1"),
        (
            "RUN",
            ["apt-get update -y", "apt-get install -y --no-install-recommends libpq5 curl"],
            [
                "type=cache,target=/var/cache/apt,sharing=locked",
                "type=cache,target=/var/lib/apt,sharing=locked",
            ],
        ),
        ("WORKDIR", "/app"),
        ("FROM", "base", "deps"),
        ("RUN", ["pip install --requirement /tmp/req.txt"], [pip_cache, req]),
    ]
    if private:
        out.append(
            (
                "RUN",
                ["pip install --requirement /tmp/req.txt --extra-index-url https://pypi.internal/simple"],
                [pip_cache, req, "type=secret,id=pip_netrc,target=/root/.netrc"],
            )
        )
    out += [
        ("FROM", "deps", "app"),
        ("COPY", "src/", "/app/src/"),
        ("RUN", ["useradd --system --uid 10001 app", "chown -R app:app /app"]),
        ("CMD", ["python", "-m", "src.main"]),
    ]
    return out
