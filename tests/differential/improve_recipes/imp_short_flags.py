"""One-letter keywords are short options: `q=True, c="c.txt"` is `-q -c c.txt` (0.1.2: `--q --c`)."""

from docker_dsl import Stage

with Stage("python:3.13-slim") as s:
    with s.run() as r:
        r.pip("install", "-r", "requirements.txt", q=True, c="constraints.txt", no_deps=True)

VARIANTS = [{}]
