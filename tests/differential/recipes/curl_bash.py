"""curl_bash pipes a pinned-TLS download into bash, with and without script arguments."""

from docker_dsl import Stage

with Stage("debian:bookworm-slim") as s:
    with s.run() as r:
        r.curl_bash("https://sh.rustup.rs", args=("-y", "--profile", "minimal"))
        r.curl_bash("https://get.example.com/install.sh")
        r.curl_bash("https://get.example.com/other.sh", args=())

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm-slim", "base"),
    (
        "RUN",
        [
            "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | bash -s -- -y --profile minimal",
            "curl --proto '=https' --tlsv1.2 -sSf https://get.example.com/install.sh | bash -s",
            "curl --proto '=https' --tlsv1.2 -sSf https://get.example.com/other.sh | bash -s",
        ],
    ),
]
