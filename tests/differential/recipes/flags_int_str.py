"""str and int flags in image tags and command arguments."""

from docker_dsl import Stage
from docker_dsl import context as ctx

ctx.register("python_version", str)
ctx.register("jobs", int)

with Stage(f"python:{ctx.python_version}-slim") as s:
    with s.run() as r:
        r.make(f"-j{ctx.jobs}")
        if (ctx.jobs or 0) > 4:  # flags are None during 0.1.2's discovery import
            r.echo(f"parallel build with {ctx.jobs} jobs") >> "/build.log"
    s.env({"PYTHON_VERSION": ctx.python_version})

VARIANTS = [
    {"python_version": "3.13", "jobs": 8},
    {"python_version": "3.12", "jobs": 1},
    {"python_version": "3.11.9", "jobs": 16},
]


def EXPECT(python_version, jobs):
    commands = [f"make -j{jobs}"]
    if jobs > 4:
        commands.append(f'echo "parallel build with {jobs} jobs" >> /build.log')
    return [
        ("FROM", f"python:{python_version}-slim", "base"),
        ("RUN", commands),
        ("ENV", "PYTHON_VERSION", python_version),
    ]
