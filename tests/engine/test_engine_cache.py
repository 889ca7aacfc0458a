"""Promise: a cache mount's contents survive a rebuild, never ship, and locking works."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from engine_harness import BuildResult, Engine
from engine_recipes import CACHE_LOCKED, CACHE_REBUILD


def test_cache_contents_survive_a_rebuild_that_invalidates_the_step(engine: Engine, base_image: str) -> None:
    cache = "/cache/" + engine.unique("rebuild")

    def build(stamp: str) -> BuildResult:
        # Not --no-cache: on this engine that also hands the RUN an empty cache mount.
        # The cache path is unique to the session and the stamp to the build, so the RUN
        # really runs each time.
        return engine.build(
            CACHE_REBUILD, base=base_image, flags={"cache": cache, "stamp": stamp}, no_cache=False
        ).check()

    first = build("first-build")
    assert engine.run(first.tag, "cat /seen.txt") == "first-build\n"

    second = build("second-build")
    # The step re-ran (new stamp) and found what the first build wrote.
    assert engine.run(second.tag, "cat /seen.txt") == "first-build\nsecond-build\n"

    # A RUN outside the block sees an empty directory, and no layer holds the cache's file.
    assert engine.run(second.tag, "cat /outside-count.txt").strip() == "0"
    for layer in engine.layers(second.tag):
        assert cache.lstrip("/") + "/log" not in layer.entries, f"cache file shipped in layer {layer.index}"


def test_two_concurrent_builds_on_one_locked_cache_both_succeed(engine: Engine, base_image: str) -> None:
    cache_id = engine.unique("locked")

    def build(name: str) -> BuildResult:
        return engine.build(
            CACHE_LOCKED, base=base_image, flags={"cache_id": cache_id, "name": name}, no_cache=False
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(build, ("one", "two")))
    for result in results:
        result.check()

    logs = [engine.run(r.tag, "cat /log.txt").split() for r in results]
    # The builds ran one after the other: the later one saw both entries, and neither
    # found the other's `busy` marker (that would have failed its RUN).
    shorter, longer = sorted(logs, key=lambda log: len(log))
    assert sorted(longer) == ["one", "two"], logs
    assert shorter in (["one"], ["two"]), logs
