"""Scopes closed out of order (0.1.2 keeps the cache after its block and drops the secret)."""

from docker_dsl import Stage

with Stage("alpine:3.20") as s:
    cache = s.cache("/c")
    cache.__enter__()
    secret = s.secret("tok", target="/run/secrets/tok")
    secret.__enter__()
    cache.__exit__(None, None, None)  # MARK: the cache closes while the secret is open
    s.run("cat", "/run/secrets/tok")
    secret.__exit__(None, None, None)
    s.run("ls")

VARIANTS = [{}]
