"""Rendering in-process for the quoting tests, and shared hypothesis settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from hypothesis import HealthCheck, settings


def render_body(
    body: Callable[[object], None],
    *,
    syntax: str | None = "docker/dockerfile:1",
    frontend: str | None = None,
    base: str = "busybox",
) -> str:
    """Runs ``body(stage)`` inside one render and returns the Dockerfile text.

    Drives the API the way ``docker_dsl.Dockerfile.render`` does: a
    ``Session`` as the current render, one ``Stage`` as a ``with`` block, then
    ``finish()``. ``syntax=None`` renders without the ``# syntax=`` line;
    ``frontend="1.2"`` targets the frontend built into Docker 20.10.
    """
    import docker_dsl
    from docker_dsl._native import Session

    session = Session("quoting_recipe.py", [], False, syntax, frontend)
    with session, docker_dsl.Stage(base, "base") as stage:
        body(stage)
    return session.finish()


def examples(n: int) -> settings:
    """Hypothesis settings for one property: ``n`` examples, no deadline."""
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class AllSet(Mapping[str, str]):
    """Every variable is set, to ``<NAME>``: any expansion shows in the result."""

    def __getitem__(self, key: str) -> str:
        return f"<{key}>"

    def __contains__(self, key: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0
