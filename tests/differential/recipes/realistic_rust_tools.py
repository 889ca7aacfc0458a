"""A toolbox image: rustup via curl_bash, PATH, release tarballs, single files."""

from docker_dsl import Stage

with Stage("debian:bookworm-slim", name="tools") as s:
    with s.run() as r:
        r.apt_install("curl", "ca-certificates", "xz-utils")
        r.curl_bash("https://sh.rustup.rs", args=("-y", "--default-toolchain", "1.80.0"))
    s.add_to_path("/root/.cargo/bin")
    with s.cache("/root/.cargo/registry"), s.run() as r:
        r.cargo("install", "ripgrep", locked=True)
        r.install("https://example.com/just-1.36.0-x86_64-unknown-linux-musl.tar.gz", strip=0)
        r.fetch_file("https://example.com/completions/just.bash", "/etc/bash_completion.d/just")
    s.entrypoint("bash")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm-slim", "tools"),
    (
        "RUN",
        [
            "apt-get update -y",
            "apt-get install -y --no-install-recommends curl ca-certificates xz-utils",
            "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | bash -s -- -y --default-toolchain 1.80.0",
        ],
    ),
    ("ENV", "PATH", "/root/.cargo/bin:$PATH"),
    (
        "RUN",
        [
            "cargo install ripgrep --locked",
            (
                "curl -fL https://example.com/just-1.36.0-x86_64-unknown-linux-musl.tar.gz"
                " | tar xz -C /usr/local/bin --strip-components=0"
            ),
            "mkdir -p $(dirname /etc/bash_completion.d/just)",
            "curl -fsSL https://example.com/completions/just.bash -o /etc/bash_completion.d/just",
        ],
        ["type=cache,target=/root/.cargo/registry,sharing=shared"],
    ),
    ("ENTRYPOINT", ["bash"]),
]
