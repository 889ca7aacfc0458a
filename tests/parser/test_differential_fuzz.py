"""Random Dockerfile-like texts through both parsers: ours must split, reject
and number every one of them exactly like BuildKit's (PyPI ``dockerfile``)."""

from __future__ import annotations

import corpus
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

# Pieces that reach every branch: keywords, directives, continuations with
# both escape characters, heredoc words and terminators, flags, quotes, JSON,
# CR, and the Unicode blanks BuildKit's byte-wise loops treat specially.
FRAGMENTS = [
    "FROM ", "RUN ", "COPY ", "ADD ", "ENV ", "ONBUILD ", "HEALTHCHECK ", "ARG ", "LABEL ",
    "CMD ", "ENTRYPOINT ", "SHELL ", "EXPOSE ", "MAINTAINER ", "foo ",
    "# escape=`\n", "# syntax=x\n", "#", "# c\n", "\\\n", "`\n", "\\", "`",
    "\n", "\n", "\n", " ", "  ", "\t",
    "<<EOF", "<<-'E'", '2<<"X"', "<<", "EOF\n", "\tE\n", "X\n", "E\n",
    "--mount=type=cache,target=/x", "--", "--a=b", "=", "a=b", '"', "'", "[", "]",
    '"a"', '["a", "b"]', "[1]", ",", "1", "a", "é", "\r\n", "\r", "$", "${x}", "{", "}",
    "NONE", "CMD", "AS", "\u00a0", "\u0085", "\u2003",
]  # fmt: skip


@settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40))
def test_random_texts_parse_like_buildkit(parts):
    text = "".join(parts)
    try:
        problem = corpus.disagreement(text)
    except UnicodeDecodeError:
        # BuildKit cut a multi-byte character in a flag; its wrapper cannot
        # hand that string to Python, so there is nothing to compare.
        assume(False)
    assert problem is None, f"{text!r}: {problem}"
