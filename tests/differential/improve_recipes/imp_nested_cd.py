"""Nested cd scopes: every probe must run in the directory its block names."""

from docker_dsl import Stage

with Stage("alpine:3.20") as s:
    with s.run() as r:
        r.probe("top")
        with r.cd("a"):
            r.probe("in-a")
            with r.cd("b"):
                r.probe("in-a-b")
                with r.cd("c"):
                    r.probe("in-a-b-c")
                r.probe("back-in-a-b")
            r.probe("back-in-a")
        r.probe("back-at-top")
        with r.cd("a/b"):
            r.probe("in-a-b-again")
        r.probe("top-again")

VARIANTS = [{}]

# probe name -> directory, relative to where the RUN starts
WHERE = {
    "top": ".",
    "in-a": "a",
    "in-a-b": "a/b",
    "in-a-b-c": "a/b/c",
    "back-in-a-b": "a/b",
    "back-in-a": "a",
    "back-at-top": ".",
    "in-a-b-again": "a/b",
    "top-again": ".",
}
