"""Promise: a cache mount's contents survive a rebuild, never ship, and locking works."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from engine_harness import Engine, rendered

# {cache} is a path unique to the test session, so the cache starts cold every run;
# {stamp} changes between builds to invalidate the RUN step.
REBUILD_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=cache,target={cache},sharing=shared \\
  echo {stamp} >> {cache}/log \\
  && cp {cache}/log /seen.txt
RUN ls -A {cache} | wc -l > /outside-count.txt
"""


def test_cache_contents_survive_a_rebuild_that_invalidates_the_step(engine: Engine, base_image: str) -> None:
    cache = "/cache/" + engine.unique("rebuild")

    def build(stamp: str):
        text = rendered(REBUILD_DOCKERFILE.format(base=base_image, cache=cache, stamp=stamp))
        # Not --no-cache: on this engine that also hands the RUN an empty cache mount.
        # The text is unique to the session and to the stamp, so the RUN really runs.
        return engine.build(text, no_cache=False).check()

    first = build("first-build")
    assert engine.run(first.tag, "cat /seen.txt") == "first-build\n"

    second = build("second-build")
    # The step re-ran (new stamp) and found what the first build wrote.
    assert engine.run(second.tag, "cat /seen.txt") == "first-build\nsecond-build\n"

    # A RUN outside the block sees an empty directory, and no layer holds the cache's file.
    assert engine.run(second.tag, "cat /outside-count.txt").strip() == "0"
    for layer in engine.layers(second.tag):
        assert cache.lstrip("/") + "/log" not in layer.entries, f"cache file shipped in layer {layer.index}"


# Each build checks nobody else holds the cache while it does (a `busy` marker), and
# appends its name to a shared log. {name} differs so BuildKit cannot merge the two steps.
LOCKED_DOCKERFILE = """
FROM {base} AS base
RUN --mount=type=cache,target=/var/cache/shared,id={cache_id},sharing=locked \\
  test ! -e /var/cache/shared/busy \\
  && touch /var/cache/shared/busy \\
  && sleep 2 \\
  && echo {name} >> /var/cache/shared/log \\
  && rm /var/cache/shared/busy \\
  && cp /var/cache/shared/log /log.txt
"""


def test_two_concurrent_builds_on_one_locked_cache_both_succeed(engine: Engine, base_image: str) -> None:
    cache_id = engine.unique("locked")
    texts = [
        rendered(LOCKED_DOCKERFILE.format(base=base_image, cache_id=cache_id, name=n)) for n in ("one", "two")
    ]

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda text: engine.build(text, no_cache=False), texts))
    for result in results:
        result.check()

    logs = [engine.run(r.tag, "cat /log.txt").split() for r in results]
    # The builds ran one after the other: the later one saw both entries.
    assert sorted(max(logs, key=len)) == ["one", "two"], logs
    assert sorted(min(logs, key=len)) in (["one"], ["two"]), logs
