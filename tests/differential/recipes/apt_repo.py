"""add_apt_repo writes a signed-by source and makes the next apt_install update again."""

from docker_dsl import Stage

with Stage("debian:bookworm-slim") as s:
    with s.run() as r:
        r.apt_install("wget", "gpg")
        r.add_apt_repo(
            "https://packages.example.com/gpg.key",
            "https://packages.example.com/apt stable main",
            name="example",
        )
        r.apt_install("example-cli")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm-slim", "base"),
    (
        "RUN",
        [
            "apt-get update -y",
            "apt-get install -y --no-install-recommends wget gpg",
            (
                "wget -O- https://packages.example.com/gpg.key | gpg --dearmor"
                " | tee /usr/share/keyrings/example.gpg > /dev/null"
            ),
            (
                'echo "deb [signed-by=/usr/share/keyrings/example.gpg] https://packages.example.com/apt stable main"'
                " | tee /etc/apt/sources.list.d/example.list"
            ),
            "apt-get update -y",
            "apt-get install -y --no-install-recommends example-cli",
        ],
    ),
]
