"""COPY from the build context: dst omitted (or empty) means dst = src; link on and off."""

from docker_dsl import Stage

with Stage("python:3.13-slim") as s:
    s.workdir("/app")
    s.copy("requirements.txt")
    s.copy("src/", "/app/src/")
    s.copy("pyproject.toml", "/app/")
    s.copy("bin/tool", "/usr/local/bin/tool", link=True)
    s.copy("static", "/srv/static", link=False)
    s.copy("README.md", "")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "python:3.13-slim", "base"),
    ("WORKDIR", "/app"),
    ("COPY", "requirements.txt", "requirements.txt"),
    ("COPY", "src/", "/app/src/"),
    ("COPY", "pyproject.toml", "/app/"),
    ("COPY", "bin/tool", "/usr/local/bin/tool", "link"),
    ("COPY", "static", "/srv/static"),
    ("COPY", "README.md", "README.md"),
]
