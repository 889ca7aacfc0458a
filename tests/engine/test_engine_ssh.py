"""Promise: an ssh mount forwards the agent socket to its RUN only."""

from __future__ import annotations

from engine_harness import Engine, SshAgent
from engine_recipes import SSH


def test_the_agent_socket_is_visible_inside_the_block_only(
    engine: Engine, base_image: str, ssh_agent: SshAgent
) -> None:
    assert ssh_agent.fingerprint.startswith("SHA256:"), "the agent holds the generated key"
    result = engine.build(SSH, base=base_image, ssh=[f"default={ssh_agent.socket}"]).check()
    assert engine.run(result.tag, "cat /ssh-sock.txt").strip() == "/run/buildkit/ssh_agent.0"
    assert engine.run(result.tag, "cat /after.txt").split() == ["no-socket", "[]"]
    for layer in engine.layers(result.tag):
        assert "run/buildkit/ssh_agent.0" not in layer.entries, f"layer {layer.index} has the socket"


# A required ssh mount with no --ssh: docker-dsl refuses before the engine is asked
# (test_engine_build.py); the engine's own refusal is recorded in docs/engine.md §2.
