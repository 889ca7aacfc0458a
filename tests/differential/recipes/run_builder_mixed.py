"""Every run-builder form in one RUN, under a mount and an env scope."""

from docker_dsl import Stage

with Stage("ubuntu:24.04") as s:
    with s.cache("/var/cache/apt", lock=True), s.env({"DEBIAN_FRONTEND": "noninteractive"}), s.run() as r:
        r("set -eux")
        r.apt_install("curl", "git")
        r.add_apt_ppa("ppa:git-core/ppa")
        r.apt_install("git", fast=False)
        r.echo('export PS1="\\u@\\h $ "') >> "/root/.bashrc"
        with r.cd("/opt"):
            r.git("clone", "https://github.com/example/tool.git", depth="1")
        r.curl_bash("https://example.com/setup.sh", args=("--yes",))
        r.install("https://example.com/bin.tar.gz", target="/usr/local/bin", strip=1)
        r.fetch_file("https://example.com/conf.toml", "/etc/tool/conf.toml")
        r.tool("init", env={"TOOL_HOME": "/opt/tool"}, force=True, dry_run=False, log_level="info")

VARIANTS = [{}]
EXPECT = [
    ("FROM", "ubuntu:24.04", "base"),
    (
        "RUN",
        [
            'export DEBIAN_FRONTEND="noninteractive"',
            "set -eux",
            "apt-get update -y",
            "apt-get install -y --no-install-recommends curl git",
            "add-apt-repository ppa:git-core/ppa -y",
            "apt-get update -y",
            "apt-get install -y --no-install-recommends git",
            'echo "export PS1=\\"\\u@\\h $ \\"" >> /root/.bashrc',
            "cd /opt",
            "git clone https://github.com/example/tool.git --depth 1",
            "cd -",
            "curl --proto '=https' --tlsv1.2 -sSf https://example.com/setup.sh | bash -s -- --yes",
            "curl -fL https://example.com/bin.tar.gz | tar xz -C /usr/local/bin --strip-components=1",
            "mkdir -p $(dirname /etc/tool/conf.toml)",
            "curl -fsSL https://example.com/conf.toml -o /etc/tool/conf.toml",
            'TOOL_HOME="/opt/tool" tool init --force --log-level info',
        ],
        ["type=cache,target=/var/cache/apt,sharing=locked"],
    ),
]
