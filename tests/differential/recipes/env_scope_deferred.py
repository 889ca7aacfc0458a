"""An env scope made early and entered later still becomes exports, not an ENV line."""

from docker_dsl import Stage

with Stage("debian:bookworm-slim") as s:
    proxy = s.env({"HTTP_PROXY": "http://proxy.internal:3128"})
    s.workdir("/src")
    with proxy:
        s.run("apt-get", "update")
    s.env({"KEEP": "1"})
    s.env({"KEEP": "1"})
    with s.env({"KEEP": "1"}):
        s.run("printenv", "KEEP")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm-slim", "base"),
    ("WORKDIR", "/src"),
    ("RUN", ['export HTTP_PROXY="http://proxy.internal:3128"', "apt-get update"]),
    ("ENV", "KEEP", "1"),
    ("ENV", "KEEP", "1"),
    ("RUN", ['export KEEP="1"', "printenv KEEP"]),
]
