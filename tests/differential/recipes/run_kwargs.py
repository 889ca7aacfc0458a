"""Keyword flags: str -> --flag value, True -> --flag, False dropped, _ -> - in flag names.

The binary name itself is kept verbatim (underscores and all).
"""

from docker_dsl import Stage

with Stage("rust:1.80-bookworm") as s:
    with s.run() as r:
        r.git(
            "clone",
            "https://github.com/example/repo.git",
            "/src",
            depth="1",
            recurse_submodules=True,
            single_branch=False,
        )
        r.cargo("build", release=True, locked=True, offline=False, target_dir="/tmp/target")
        r.pip("install", "-r", "requirements.txt", no_cache_dir=True, index_url="https://pypi.org/simple")
        r.my_tool("--version")
        r.rustup(quiet=False)

VARIANTS = [{}]
EXPECT = [
    ("FROM", "rust:1.80-bookworm", "base"),
    (
        "RUN",
        [
            "git clone https://github.com/example/repo.git /src --depth 1 --recurse-submodules",
            "cargo build --release --locked --target-dir /tmp/target",
            "pip install -r requirements.txt --no-cache-dir --index-url https://pypi.org/simple",
            "my_tool --version",
            "rustup",
        ],
    ),
]
