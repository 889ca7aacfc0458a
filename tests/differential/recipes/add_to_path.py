"""add_to_path prepends directories ahead of $PATH."""

from docker_dsl import Stage

with Stage("python:3.13-slim") as s:
    s.run("python", "-m", "venv", "/opt/venv")
    s.add_to_path("/opt/venv/bin")
    s.add_to_path("/root/.cargo/bin", "/usr/local/go/bin")
    s.run("which", "python")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "python:3.13-slim", "base"),
    ("RUN", ["python -m venv /opt/venv"]),
    ("ENV", "PATH", "/opt/venv/bin:$PATH"),
    ("ENV", "PATH", "/root/.cargo/bin:/usr/local/go/bin:$PATH"),
    ("RUN", ["which python"]),
]
