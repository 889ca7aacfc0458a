"""Our parser against BuildKit's (PyPI ``dockerfile``) on the whole shared corpus.

Instruction by instruction: keyword, ONBUILD sub-keyword, JSON form, joined
text, first and last line, flags, raw words and heredoc bodies. Where BuildKit
rejects a file, ours must reject it too, naming a line. The only accepted
differences are listed in ``KNOWN`` and explained in docs/parser.md.
"""

from __future__ import annotations

import re

import corpus
import dockerfile
import pytest
from docker_dsl import _native

# File -> why ours differs from what the wrapper returns (docs/parser.md).
KNOWN = {
    "moby__buildkit/frontend__dockerfile__parser__testfiles__json__Dockerfile": (
        "a JSON string holding \\u0000: the Python wrapper cuts the string at the NUL "
        "(a C-string conversion), BuildKit itself and ours keep it"
    ),
}


@pytest.fixture(scope="module")
def files() -> list[corpus.CorpusFile]:
    return corpus.required_corpus_files()


def test_every_corpus_file_parses_like_buildkit(files):
    disagreements = {}
    for file in files:
        problem = corpus.disagreement(file.path.read_text(encoding="utf-8"))
        if problem is not None:
            disagreements[file.name] = problem
    unexpected = {name: why for name, why in disagreements.items() if name not in KNOWN}
    assert not unexpected, "\n".join(f"{name}: {why}" for name, why in unexpected.items())
    assert set(disagreements) == set(KNOWN), "a KNOWN difference went away: update KNOWN and docs/parser.md"
    assert len(files) - len(disagreements) >= 3606


def test_the_index_agrees_with_buildkit(files):
    for file in files:
        try:
            corpus.buildkit(file.path.read_text(encoding="utf-8"))
            accepted = True
        except dockerfile.GoParseError:
            accepted = False
        assert accepted == file.parses_with_buildkit, file.name


def test_rejections_name_a_line(files):
    rejected = [f for f in files if not f.parses_with_buildkit]
    assert rejected, "the corpus should hold files BuildKit rejects"
    for file in rejected:
        with pytest.raises(_native.DockerDslError) as error:
            corpus.ours(file.path.read_text(encoding="utf-8"))
        assert re.match(r"line [1-9][0-9]*: ", str(error.value)), str(error.value)


@pytest.mark.parametrize(
    "text",
    [
        "FROM a\nRUN a \\\n  # comment\n\n  b \\\\\nc\n",
        "# escape=`\nFROM a\nRUN a `\n b\nRUN dir c:\\\n",
        "#escape = ` \nFROM a\nRUN a `\n b\n",
        "\n# escape=`\nFROM a\nRUN a `\n b\n",
        "FROM a\nRUN <<A <<-'B' 3<<\"C\" cat\na\nA\n\tb\n\tB\nc\nC\n",
        "FROM a\nRUN echo it's <<EOF\nx\nEOF\n",
        "FROM a\nCOPY <<EOF /x\r\nhi\r\nEOF\r\n",
        "FROM a\nONBUILD COPY <<EOF /x\nhi\nEOF\nONBUILD ONBUILD x\nONBUILD\n",
        'FROM a\nENV a   b  c \nENV "a b" c\nLABEL "a b"="c d" e=\'f\'\n',
        "FROM a\nCOPY --chown='a b' --x=\"y z\" -- a b\nRUN --a\\ b c\nRUN --\n",
        'FROM a\nCMD ["a"] x\nCMD ["a",]\nHEALTHCHECK   NONE  x\nHEALTHCHECK\n',
        "\ufeffFROM a\nFOO bar\nmaintainer  me \n",
        "FROM a\nENV a\n",
        "FROM a\nENV a=1 b\n",
        "# syntax=a\n# syntax=b\nFROM a\n",
        "# escape=x\nFROM a\n",
        "FROM a\nRUN <<EOF\nx",
        'FROM a\nCMD ["a", 1]\n',
        "# only a comment\n",
        "",
    ],
)
def test_edge_cases_agree(text):
    assert corpus.disagreement(text) is None
