"""bool, str and int flags choosing the base image, mounts and which stages exist."""

from docker_dsl import Stage
from docker_dsl import context as ctx

ctx.register("gpu", bool)
ctx.register("with_tests", bool)
ctx.register("app", str)
ctx.register("workers", int)

base_image = "nvidia/cuda:12.4.1-runtime-ubuntu22.04" if ctx.gpu else "ubuntu:24.04"

with Stage(base_image) as base:
    with base.cache("/var/cache/apt", lock=True), base.run() as r:
        r.apt_install("python3", "python3-pip")
        if ctx.gpu:
            r.apt_install("libcudnn9-cuda-12")

with base.stage() as app:
    app.workdir(f"/srv/{ctx.app}")
    app.copy(".", f"/srv/{ctx.app}")
    app.cmd("gunicorn", "--workers", str(ctx.workers), f"{ctx.app}.wsgi")

if ctx.with_tests:
    with app.stage() as tests:
        with tests.cache("/root/.cache/pip"), tests.run() as r:
            r.pip("install", "pytest")
            r.pytest("-q", numprocesses=str(ctx.workers))

VARIANTS = [
    {"gpu": True, "with_tests": True, "app": "shop", "workers": 4},
    {"gpu": False, "with_tests": True, "app": "shop", "workers": 2},
    {"gpu": False, "with_tests": False, "app": "blog", "workers": 1},
    {"gpu": True, "with_tests": False, "app": "api", "workers": 8},
]


def EXPECT(gpu, with_tests, app, workers):
    apt = ["apt-get update -y", "apt-get install -y --no-install-recommends python3 python3-pip"]
    if gpu:
        apt.append("apt-get install -y --no-install-recommends libcudnn9-cuda-12")
    out = [
        ("FROM", "nvidia/cuda:12.4.1-runtime-ubuntu22.04" if gpu else "ubuntu:24.04", "base"),
        ("RUN", apt, ["type=cache,target=/var/cache/apt,sharing=locked"]),
        ("FROM", "base", "app"),
        ("WORKDIR", f"/srv/{app}"),
        ("COPY", ".", f"/srv/{app}"),
        ("CMD", ["gunicorn", "--workers", str(workers), f"{app}.wsgi"]),
    ]
    if with_tests:
        out += [
            ("FROM", "app", "tests"),
            (
                "RUN",
                ["pip install pytest", f"pytest -q --numprocesses {workers}"],
                ["type=cache,target=/root/.cache/pip,sharing=shared"],
            ),
        ]
    return out
