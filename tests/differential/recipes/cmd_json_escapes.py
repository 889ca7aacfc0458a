"""JSON form escapes: non-ASCII as \\uXXXX, quotes, backslashes, tabs; an empty CMD."""

from docker_dsl import Stage

with Stage("alpine:3.20") as s:
    s.entrypoint("sh", "-c", 'echo "$0" && exec "$@"')
    s.cmd("echo", "caf\u00e9 \u2603", 'say "hi"', "back\\slash", "tab\there")
    s.cmd()

VARIANTS = [{}]
EXPECT = [
    ("FROM", "alpine:3.20", "base"),
    ("ENTRYPOINT", ["sh", "-c", 'echo "$0" && exec "$@"']),
    ("CMD", ["echo", "caf\u00e9 \u2603", 'say "hi"', "back\\slash", "tab\there"]),
    ("CMD", []),
]
