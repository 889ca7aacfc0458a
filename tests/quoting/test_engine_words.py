"""The renderer and the oracle lexer agree with the real engines.

One image per engine (Docker 20.10, built-in frontend 1.2, and the modern engine of
scripts/engine/modern.sh, about 1.19) is built from a Dockerfile whose first part is
RENDERED by docker-dsl itself for that engine's frontend (no `# syntax=` line): ~30
tricky ENV values, LABELs, ARG defaults, a WORKDIR, COPY paths that take the JSON form,
and tmpfs mount targets holding `,` `"` `'` `\\` `=` and spaces. A few hand-written lines
follow, in other spellings (single quotes, `\\` outside quotes, the old `ENV K v` form),
to exercise the rest of the lexer.

Two checks. (1) The renderer's promise: every value without `$` comes back from the
engine exactly as it went in (`docker inspect` Env, Labels, WorkingDir; the COPY
destinations and mount points in the image's layers). (2) The oracle: the same file is
parsed with BuildKit's parser (PyPI `dockerfile`) and tests/oracle/buildkit_words.py
predicts, word by word, what the engine stores; any difference means the oracle is
wrong, so every other quoting test would be too.

It skips, with one loud line, only when an engine's `docker info` fails.
"""

from __future__ import annotations

import io
import json
import re
import tarfile
import tempfile
import uuid
from pathlib import Path

import buildkit_words as bw
import pytest
from quoting_helpers import render_body

# Unicode White_Space: what Rust's char::is_whitespace and Go's unicode.IsSpace accept.
_WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)


def lexer_escaped(word: str) -> str:
    """A word the lexer reads back literally: ``\\`` before each ``\\ " ' $``."""
    return "".join("\\" + c if c in "\\\"'$" else c for c in word)


# ENV values the renderer writes (s.env). `$` is left alone on purpose: it expands.
RENDERED_ENV = {
    "Q_PLAIN": "plain-value_1.0",
    "Q_SPACES": "two words  and three",
    "Q_DQUOTE": 'say "hi"',
    "Q_SQUOTE": "it's",
    "Q_BACKSLASH": "C:\\Program Files\\x",
    "Q_TRAILING_BS": "ends with \\",
    "Q_DOUBLE_BS": "\\\\server\\share",
    "Q_BS_QUOTE": 'a\\"b',
    "Q_EQUALS": "a=b=c",
    "Q_COMMA": "x,y,z",
    "Q_UNICODE": "naïve ünïcödé ☃ 𝄞 한국어",
    "Q_EMOJI": "👍🏽 👨\u200d👩\u200d👧",
    "Q_HASH": "#not-a-comment",
    "Q_HASH_SPACE": "# also not a comment",
    "Q_TAB": "tab\there",
    "Q_EMPTY": "",
    "Q_EDGES": "  padded  ",
    "Q_MIXED": "\\\"mixed' \\' \"",
    "Q_SHELL": "a;b&c|d>e<f(g)h`i`",
    "Q_GLOB": "* ? [x] {a,b} ~",
    "Q_NBSP": "non\u00a0breaking",
    "Q_VT_FF": "v\x0bt f\x0cf",
    "Q_LINESEP": "u2028\u2028u0085\u0085",
    "Q_CTRL": "bell\x07 esc\x1b del\x7f",
    "Q_BOM_BARE": "\ufeffbom-first",
    "Q_BOM_QUOTED": "\ufeff bom then space",
    "Q_DOLLAR_REF": "/opt/bin:$Q_PLAIN",
    "Q_DOLLAR_BRACES": "${Q_PLAIN}-x and $Q_UNSET_NAME.",
    "Q_DOLLAR_DEFAULT": "${Q_UNSET_NAME:-fallback value}",
    "Q_DOLLAR_ALT": "${Q_PLAIN:+alt}",
    "Q_DOLLAR_ALONE": "cost: 5$ and $ alone",
    # What `literal("x $HOME y")` gives: the renderer keeps `\$` whole, so `$` stays literal.
    "Q_LITERAL_HELPER": "x \\$HOME y",
}

# ENV words in other spellings (raw text after `KEY=`).
HAND_WRITTEN_ENV = {
    "L_LITERAL_DQ": r'"\$HOME and \${X}"',
    "L_LITERAL_BARE": r"\$HOME",
    "L_SINGLE": "'single $HOME \"q\" \\n'",
    "L_BS_OUTSIDE": r"a\ b\"c\\d",
    "L_CONCAT": "a\"b c\"d'e f'g",
    "L_DQ_OTHER_BS": r'"\n\t\a"',
    "L_FROM_ARG": '"${A_SPACE}"',
    "L_FROM_ARG2": "$A_DOLLAR",
    "L_BOM_BARE": "\ufeffbom-first",
    "L_BS_BS_DOLLAR": r'"x \\$HOME y"',
}

LABELS = {
    "com.example.plain": "v1",
    "key with space": "value with space",
    'quote"key': "it's",
    "ünï.kéy": "ünï",
    "label.dollar": "$Q_PLAIN",
    "comma,key": "a,b",
    "empty.value": "",
}

ARGS = {"A_SPACE": 'arg "value" \\ x', "A_DOLLAR": "$Q_PLAIN/x"}

WORKDIR = '/w d/it\'s "q"'

# (file in the context, how the source is written, destination as written)
COPIES = [
    ("file one", json.dumps("file one"), json.dumps("/c1/")),
    ("back\\slash", json.dumps(lexer_escaped("back\\slash")), json.dumps("/c2/")),
    ('it\'s "q" $x', json.dumps(lexer_escaped('it\'s "q" $x')), json.dumps("/c3/")),
    # The renderer's JSON form today: the lexer still eats the backslash.
    ("file one", json.dumps("file one"), json.dumps("/c4\\d/")),
]

# Files copied by the renderer (s.copy; each takes the JSON form or needs quoting).
RENDERED_COPIES = ["file one", "back\\slash", 'it\'s "q"', "a,b=c d"]

# tmpfs targets the renderer writes (s.tmpfs); mount points stay behind as directories.
RENDERED_MOUNTS = [
    "/r1/a,b",
    '/r2/say "hi"',
    "/r3/it's",
    "/r4/back\\slash",
    "/r5/k=v",
    "/r6/two words",
    "/r7/all ,\"'\\= x",
]

# What each mounting RUN runs: it records the tmpfs mount points it saw, since BuildKit
# 0.8 leaves mount points behind as directories but newer ones remove them.
RECORD_MOUNTS = "grep ' tmpfs ' /proc/mounts >> /tmpfs-mounts.txt"

# Hand-written RUN --mount flags (tmpfs mount points stay behind as directories).
MOUNTS = [
    "--mount=type=tmpfs,target=/m1/plain",
    '--mount=type=tmpfs,\\"target=/m2/a,b\\"',
    '--mount="type=tmpfs,target=/m3/s p"',
    "--mount=type=tmpfs,target=/m4/a\\\\b",
    "--mount=type=tmpfs,target=/m5/é",
    "--mount=type=tmpfs,target=/m6/x$y",
]


def _rendered(base: str, frontend: str) -> str:
    """The first part of the file, written by docker-dsl's renderer for `frontend`."""

    def body(stage) -> None:
        for name, value in ARGS.items():
            stage.arg(name, value)
        stage.env(RENDERED_ENV)
        stage.label(LABELS)
        stage.workdir(WORKDIR)
        for name in RENDERED_COPIES:
            stage.copy(name, "/rc/")
        for target in RENDERED_MOUNTS:
            with stage.tmpfs(target):
                stage.run(RECORD_MOUNTS)

    return render_body(body, syntax=None, frontend=frontend, base=base)


def _dockerfile(base: str, frontend: str) -> str:
    lines = [_rendered(base, frontend).rstrip("\n")]
    lines += [f"ENV {k}={v}" for k, v in HAND_WRITTEN_ENV.items()]
    lines.append("ENV L_OLD old  form 'value'")
    lines += [f"COPY [{src}, {dst}]" for _, src, dst in COPIES]
    lines += [f"RUN {flag} {RECORD_MOUNTS}" for flag in MOUNTS]
    return "\n".join(lines) + "\n"


def _predict(text: str, base_env: dict[str, str], lex_mounts: bool) -> dict:
    """What the oracle says the engine stores, walking the file as a build does."""
    env = dict(base_env)
    args: dict[str, str] = {}
    labels: dict[str, str] = {}
    workdir = "/"
    paths: list[str] = []
    for cmd in bw.parse(text):
        scope = {**args, **env}
        keyword = cmd.cmd.upper()
        if keyword == "ARG":
            for name, value in bw.arg_pairs(cmd, scope):
                if value is not None:
                    args[name] = value
        elif keyword == "ENV":
            env.update(bw.kv_pairs(cmd, scope))
        elif keyword == "LABEL":
            labels.update(bw.kv_pairs(cmd, scope))
        elif keyword == "WORKDIR":
            workdir = bw.workdir_path(cmd, scope)
        elif keyword == "COPY":
            sources, dest = bw.sources_and_dest(cmd, scope)
            paths += [dest.lstrip("/") + src.rsplit("/", 1)[-1] for src in sources]
        elif keyword == "RUN":
            for options in bw.run_mounts(cmd, lex=lex_mounts, env=scope):
                paths.append(dict(options)["target"].lstrip("/"))
    return {"env": env, "labels": labels, "workdir": workdir, "paths": paths}


def _inspect(engine, tag: str) -> dict:
    proc = engine.docker("image", "inspect", tag)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)[0]["Config"]


def _unescape_mount_path(field: str) -> str:
    """A /proc/mounts path field: the kernel writes space, tab, newline and `\\` as `\\ooo`."""
    raw = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), field.encode("latin-1"))
    return raw.decode("utf-8")


def _layer_paths(engine, tag: str) -> set[str]:
    """Every path in the image's layers, and every tmpfs mount point a RUN recorded."""
    proc = engine.docker("save", tag, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    found: set[str] = set()
    recorded = b""
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as image:
        for member in image.getmembers():
            if not member.isfile():
                continue
            data = image.extractfile(member).read()
            try:
                with tarfile.open(fileobj=io.BytesIO(data)) as layer:
                    for entry in layer.getmembers():
                        name = entry.name.removeprefix("./").rstrip("/")
                        found.add(name)
                        if name == "tmpfs-mounts.txt":
                            recorded = max(recorded, layer.extractfile(entry).read(), key=len)
            except tarfile.ReadError:
                continue  # a config or manifest, not a layer
    for line in recorded.decode("latin-1").splitlines():
        found.add(_unescape_mount_path(line.split(" ")[1]).lstrip("/"))
    return found


def test_renderer_and_oracle_agree_with_the_engine(engine, base_image: str) -> None:
    frontend = engine.target.frontend
    text = _dockerfile(base_image, frontend)
    assert not text.startswith("# syntax="), "built with the engine's own frontend: nothing is pulled"
    base_env = dict(e.split("=", 1) for e in (_inspect(engine, base_image).get("Env") or []))
    # BuildKit lexes mount values from Dockerfile frontend 1.3 on.
    expected = _predict(text, base_env, lex_mounts=tuple(map(int, frontend.split("."))) >= (1, 3))

    tag = f"docker-dsl-test/quoting-words:{uuid.uuid4().hex[:10]}"
    with tempfile.TemporaryDirectory(prefix="docker-dsl-quoting-") as tmp:
        context = Path(tmp)
        (context / "Dockerfile").write_text(text, encoding="utf-8")
        for name in {name for name, _, _ in COPIES} | set(RENDERED_COPIES):
            (context / name).write_text(name, encoding="utf-8")
        built = engine.build(context, tag)
        try:
            assert built.returncode == 0, f"{engine.describe} failed:\n{text}\n{built.stdout}\n{built.stderr}"
            config = _inspect(engine, tag)
            layer_paths = _layer_paths(engine, tag)
        finally:
            engine.docker("rmi", "-f", tag)

    engine_env = dict(e.split("=", 1) for e in config.get("Env") or [])
    problems = []
    for key, want in expected["env"].items():
        got = engine_env.get(key)
        if got != want:
            problems.append(f"ENV {key}: engine {got!r}, oracle {want!r}")
    extra = set(engine_env) - set(expected["env"])
    if extra:
        problems.append(f"ENV keys the oracle did not predict: {sorted(extra)}")
    engine_labels = config.get("Labels") or {}
    if engine_labels != expected["labels"]:
        for key in sorted(set(engine_labels) | set(expected["labels"])):
            if engine_labels.get(key) != expected["labels"].get(key):
                problems.append(
                    f"LABEL {key!r}: engine {engine_labels.get(key)!r}, oracle {expected['labels'].get(key)!r}"
                )
    if config.get("WorkingDir") != expected["workdir"]:
        problems.append(f"WORKDIR: engine {config.get('WorkingDir')!r}, oracle {expected['workdir']!r}")
    for path in expected["paths"]:
        if path not in layer_paths:
            near = sorted(p for p in layer_paths if p.split("/")[0] == path.split("/")[0])
            problems.append(f"path {path!r} (oracle) is not in the image; layers hold {near!r}")
    assert not problems, f"oracle and engine ({engine.describe}) disagree:\n" + "\n".join(problems)

    # The renderer's promise: what went in without `$` comes back unchanged.
    literal = {k: v for k, v in RENDERED_ENV.items() if "$" not in v}
    changed = {k: (v, engine_env.get(k)) for k, v in literal.items() if engine_env.get(k) != v}
    assert changed == {}, f"ENV values the engine ({engine.describe}) changed (sent, stored): {changed}"
    rendered_labels = {k: v for k, v in LABELS.items() if "$" not in v}
    assert {k: engine_labels.get(k) for k in rendered_labels} == rendered_labels
    assert config.get("WorkingDir") == WORKDIR
    missing = [
        p
        for p in [f"rc/{name}" for name in RENDERED_COPIES] + [t.lstrip("/") for t in RENDERED_MOUNTS]
        if p not in layer_paths
    ]
    assert missing == [], f"COPY destinations / mount points not in the image: {missing}"

    # Pin the facts docs/quoting.md cites, so a changed engine shows up here.
    assert engine_env["L_BOM_BARE"] == "bom-first"  # a leading BOM in a bare word is dropped
    assert engine_env["Q_BOM_BARE"] == RENDERED_ENV["Q_BOM_BARE"]  # which is why the renderer quotes it
    assert engine_env["Q_LITERAL_HELPER"] == "x $HOME y"  # literal() survives the renderer's quoting
    assert engine_env["L_BS_BS_DOLLAR"] == "x \\ y"  # an escaped `\` before `$`: `$HOME` expands
    assert engine_env["L_LITERAL_DQ"] == "$HOME and ${X}"
    assert "c4d/file one" in layer_paths  # JSON-form COPY paths are lexed too


@pytest.mark.parametrize(
    "flag",
    [
        '--mount=type=tmpfs,"target=/m/a,b"',  # the renderer's CSV quoting today
        "--mount=type=tmpfs,target=/m/é",
    ],
)
def test_flag_words_are_read_before_csv(flag: str) -> None:
    """Offline: the parser strips quotes and reads bytes in flags before CSV sees them.

    The first flag is what the renderer writes for a comma in a mount value;
    the engine refuses it (``invalid field 'b' must be a key=value pair``)
    because the quotes are gone by the time the CSV reader runs. The second
    shows a non-ASCII value turned into other characters.
    """
    (run,) = bw.instructions(bw.parse(f"FROM x\nRUN {flag} true\n"), "RUN")
    options = bw.run_mounts(run, lex=False)[0]
    if "a,b" in flag:
        assert ("b", None) in options
    else:
        assert dict(options)["target"] == "/m/\u00c3\u00a9"
