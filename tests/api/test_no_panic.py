"""No input may make the Rust side panic: random calls of the whole API with
values of every type end in a result or an ordinary Python exception, never
PyO3's PanicException."""

import pathlib

import docker_dsl
from docker_dsl import Stage
from docker_dsl._native import Session
from hypothesis import given, settings
from hypothesis import strategies as st

VALUES = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.binary(max_size=4),
    st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(
        st.text(max_size=3), st.one_of(st.text(max_size=3), st.none(), st.integers()), max_size=3
    ),
    st.just(pathlib.Path("/p")),
)

STAGE_METHODS = [
    "arg",
    "env",
    "add_to_path",
    "workdir",
    "copy",
    "add",
    "entrypoint",
    "cmd",
    "label",
    "user",
    "expose",
    "volume",
    "healthcheck",
    "shell",
    "stopsignal",
    "onbuild",
    "comment",
    "raw",
    "run",
    "cache",
    "secret",
    "ssh",
    "bind",
    "tmpfs",
    "stage",
]
KEYWORDS = [
    "target",
    "id",
    "env",
    "mode",
    "uid",
    "gid",
    "size",
    "sharing",
    "from_",
    "source",
    "rw",
    "link",
    "chmod",
    "chown",
    "exclude",
    "network",
    "security",
    "name",
    "shell",
    "required",
]
BUILDER_METHODS = [
    "git",
    "echo",
    "cd",
    "curl_bash",
    "install",
    "fetch_file",
    "apt_install",
    "add_apt_ppa",
    "add_apt_repo",
    "__call__",
]

CALL = st.tuples(
    st.sampled_from(STAGE_METHODS),
    st.lists(VALUES, max_size=3),
    st.dictionaries(st.sampled_from(KEYWORDS), VALUES, max_size=2),
)
BUILDER_CALL = st.tuples(
    st.sampled_from(BUILDER_METHODS),
    st.lists(VALUES, max_size=3),
    st.dictionaries(st.sampled_from(KEYWORDS + ["depth", "args", "fast", "strip"]), VALUES, max_size=2),
)

ORDINARY = (docker_dsl.DockerDslError, TypeError, ValueError, OverflowError, AttributeError, RuntimeError)


def attempt(function, *args, **kwargs):
    try:
        result = function(*args, **kwargs)
    except ORDINARY:
        return None
    return result


@settings(max_examples=300, deadline=None)
@given(calls=st.lists(CALL, max_size=6), builder_calls=st.lists(BUILDER_CALL, max_size=4), flags=VALUES)
def test_random_api_use_never_panics(calls, builder_calls, flags):
    raw_flags = [("x", flags if isinstance(flags, str) else None)]
    session = Session("fuzz.py", raw_flags, False, "docker/dockerfile:1")
    try:
        with session:
            attempt(docker_dsl.context.register, "x", str, default="d")
            with Stage("alpine") as s:
                for name, args, kwargs in calls:
                    scope = attempt(getattr(s, name), *args, **kwargs)
                    if hasattr(scope, "__enter__") and not isinstance(scope, Stage):
                        try:
                            with scope:
                                s.run("true")
                        except ORDINARY:
                            pass
                with s.run() as r:
                    for name, args, kwargs in builder_calls:
                        target = r if name == "__call__" else getattr(r, name)
                        result = attempt(target, *args, **kwargs)
                        if isinstance(result, docker_dsl.RedirectableCmd):
                            attempt(result.__gt__, "/tmp/x")
                    r.true()
        attempt(session.finish)
    except ORDINARY:
        pass
