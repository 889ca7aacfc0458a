"""Promise: an ssh mount forwards the agent socket to its RUN only."""

from __future__ import annotations

import re

from engine_harness import Engine, SshAgent, rendered

# busybox has no ssh-add, so the RUN proves the forwarded socket exists where
# SSH_AUTH_SOCK points; the RUN after the block records what it sees there.
SSH_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=ssh \\
  test -S "$SSH_AUTH_SOCK" \\
  && echo "$SSH_AUTH_SOCK" > /ssh-sock.txt
RUN if [ -S /run/buildkit/ssh_agent.0 ]; then echo socket; else echo no-socket; fi > /after.txt \\
  && echo "[$SSH_AUTH_SOCK]" >> /after.txt
"""


def test_the_agent_socket_is_visible_inside_the_block_only(
    engine: Engine, base_image: str, ssh_agent: SshAgent
) -> None:
    assert ssh_agent.fingerprint.startswith("SHA256:"), "the agent holds the generated key"
    result = engine.build(
        rendered(SSH_DOCKERFILE.format(base=base_image)), ssh=[f"default={ssh_agent.socket}"]
    ).check()
    assert engine.run(result.tag, "cat /ssh-sock.txt").strip() == "/run/buildkit/ssh_agent.0"
    assert engine.run(result.tag, "cat /after.txt").split() == ["no-socket", "[]"]
    for layer in engine.layers(result.tag):
        assert "run/buildkit/ssh_agent.0" not in layer.entries, f"layer {layer.index} has the socket"


REQUIRED_SSH_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=ssh,required=true \\
  test -S "$SSH_AUTH_SOCK"
"""


def test_a_required_ssh_mount_without_forwarding_fails_the_build(engine: Engine, base_image: str) -> None:
    result = engine.build(rendered(REQUIRED_SSH_DOCKERFILE.format(base=base_image)))
    assert not result.ok, "the build must fail without --ssh"
    # 20.10 client: `no SSH key "" forwarded from the client`; buildx: `unset ssh forward key default`.
    assert re.search(r"no SSH key .* forwarded|unset ssh forward key", result.log), result.log[-2000:]
