"""r.echo(text) > path truncates, >> path appends; double quotes in the text are escaped."""

from docker_dsl import Stage

with Stage("debian:bookworm-slim") as s:
    with s.run() as r:
        r.echo(
            "deb http://deb.debian.org/debian bookworm-backports main"
        ) > "/etc/apt/sources.list.d/backports.list"
        r.echo("pillow>=11") >> "/root/overrides.txt"
        r.echo('alias ll="ls -la"') >> "/root/.bashrc"
        r.echo("") > "/etc/motd"

VARIANTS = [{}]
EXPECT = [
    ("FROM", "debian:bookworm-slim", "base"),
    (
        "RUN",
        [
            'echo "deb http://deb.debian.org/debian bookworm-backports main" > /etc/apt/sources.list.d/backports.list',
            'echo "pillow>=11" >> /root/overrides.txt',
            'echo "alias ll=\\"ls -la\\"" >> /root/.bashrc',
            'echo "" > /etc/motd',
        ],
    ),
]
