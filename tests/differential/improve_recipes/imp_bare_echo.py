"""`r.echo(text)` without a redirect is a command like any other (0.1.2 drops it)."""

from docker_dsl import Stage

with Stage("alpine:3.20") as s:
    with s.run() as r:
        r.echo("hello")
    with s.run() as r:
        r.ls()
        r.echo("after")
        r.echo("saved") > "/tmp/saved"

VARIANTS = [{}]
