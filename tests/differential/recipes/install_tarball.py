"""r.install(url, target=, strip=) extracts a tarball into a directory."""

from docker_dsl import Stage

with Stage("debian:bookworm-slim") as s:
    with s.run() as r:
        r.install("https://example.com/tool-1.0-linux-amd64.tar.gz")
        r.install("https://example.com/sdk.tar.gz", target="/opt/sdk", strip=0)
        r.install("https://example.com/deep.tar.gz", target="/opt/deep", strip=2)

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm-slim", "base"),
    (
        "RUN",
        [
            "curl -fL https://example.com/tool-1.0-linux-amd64.tar.gz | tar xz -C /usr/local/bin --strip-components=1",
            "curl -fL https://example.com/sdk.tar.gz | tar xz -C /opt/sdk --strip-components=0",
            "curl -fL https://example.com/deep.tar.gz | tar xz -C /opt/deep --strip-components=2",
        ],
    ),
]
