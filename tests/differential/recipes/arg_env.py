"""ARG with env=True forwards the build argument into the image environment."""

from docker_dsl import Stage

with Stage("python:3.12-slim") as s:
    s.arg("APP_HOME", "/srv/app", env=True)
    s.arg("PORT", "8080", env=True)
    s.arg("BUILD_ONLY", "1", env=False)
    s.workdir("$APP_HOME")
    s.cmd("python", "-m", "http.server", "8080")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "python:3.12-slim", "base"),
    ("ARG", "APP_HOME", "/srv/app"),
    ("ENV", "APP_HOME", "${APP_HOME}"),
    ("ARG", "PORT", "8080"),
    ("ENV", "PORT", "${PORT}"),
    ("ARG", "BUILD_ONLY", "1"),
    ("WORKDIR", "$APP_HOME"),
    ("CMD", ["python", "-m", "http.server", "8080"]),
]
