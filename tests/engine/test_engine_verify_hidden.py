"""`docker-dsl verify` on images the engine built with a secret in each hidden form.

One recipe leaves the build secret, one form per layer: inside a tar.gz a RUN creates,
inside a zip (a jar copied from the context), base64-wrapped at 76 columns (busybox
`base64`), URL-encoded inside a URL in a config file, and in a file written in one layer
and deleted in the next. verify must find every one, with its layer and path. The same
recipe built with near misses of the secret — a prefix of it, and it with one byte
changed — gives clean twins on which verify must stay silent.
"""

from __future__ import annotations

import base64
import io
import uuid
import zipfile

import pytest
from engine_harness import Engine
from engine_recipes import Recipe

# Each RUN reads the build secret `tok` and leaves it behind in one form.
HIDDEN = Recipe(
    "verify-hidden",
    """
with Stage(context.base) as s:
    with s.secret("tok"), s.run() as r:
        r("mkdir -p /srv/pkg && printf 'password=%s\\\\n' \\"$(cat /run/secrets/tok)\\" > /srv/pkg/creds.txt"
          " && tar -czf /srv/bundle.tar.gz -C /srv pkg && rm -rf /srv/pkg")
    s.copy("app.jar", "/app/lib/x.jar")
    with s.secret("tok"), s.run() as r:
        r("printf 'padding-padding-padding-padding-padding-padding:%s\\\\n' \\"$(cat /run/secrets/tok)\\""
          " | base64 > /etc/wrapped.b64")
    with s.secret("tok"), s.run() as r:
        r("printf 'url = https://deploy:%s@git.example.com/app.git\\\\n' \\"$(sed -e 's/%/%25/g'"
          " -e 's|/|%2F|g' -e 's/:/%3A/g' -e 's/@/%40/g' -e 's/+/%2B/g' /run/secrets/tok)\\""
          " > /etc/git.conf")
    with s.secret("tok"), s.run() as r:
        r("cat /run/secrets/tok > /tmp/leaked.txt")
    with s.run() as r:
        r("rm /tmp/leaked.txt")
""",
    runs=(
        ("--mount=type=secret,id=tok",),
        ("--mount=type=secret,id=tok",),
        ("--mount=type=secret,id=tok",),
        ("--mount=type=secret,id=tok",),
        (),
    ),
)

# The places verify must report, in layer order: (path, encoding).
EXPECTED = [
    ("/srv/bundle.tar.gz!/pkg/creds.txt", "raw"),
    ("/app/lib/x.jar!/META-INF/creds.properties", "raw"),
    ("/etc/wrapped.b64", "base64"),
    ("/etc/git.conf", "url-encoded"),
    ("/tmp/leaked.txt", "raw"),
]


def jar_holding(value: str) -> bytes:
    """A jar (zip, deflated) whose META-INF/creds.properties holds `value`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as jar:
        jar.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
        jar.writestr("META-INF/creds.properties", f"user=deploy\npassword={value}\n")
    return out.getvalue()


def build_hidden(engine: Engine, base_image: str, value: str) -> str:
    """Build HIDDEN with `value` as the secret (and in the jar); return the tag."""
    tag = f"issue12-{engine.unique('hidden')}:1"
    engine.tags.append(tag)
    # --no-lint: lint rightly refuses these deliberate leaks (S001); the point is what verify finds
    engine.build(
        HIDDEN,
        base=base_image,
        secrets={"tok": value},
        context={"app.jar": jar_holding(value)},
        tag=tag,
        options=["--no-lint"],
    ).check()
    return tag


@pytest.fixture(scope="module")
def secret() -> str:
    """A secret with the characters URLs escape, long enough to be wrapped by base64."""
    return f"tk/{uuid.uuid4().hex[:12]}:p@ss+{uuid.uuid4().hex[:12]}"


def test_verify_finds_the_secret_in_every_hidden_form_with_layer_and_path(
    engine: Engine, base_image: str, secret: str
) -> None:
    tag = build_hidden(engine, base_image, secret)
    wrapped = engine.run(tag, "cat /etc/wrapped.b64")
    lines = wrapped.splitlines()
    assert len(lines) > 1 and len(lines[0]) == 76, f"busybox base64 did not wrap at 76: {wrapped!r}"
    plain = base64.b64decode("".join(lines)).decode()
    # The secret starts at base64 column 64 and ends past 76: the line break is inside it.
    assert plain.index(secret) * 4 // 3 < 76 < (plain.index(secret) + len(secret)) * 4 // 3, plain

    verdict = engine.verify(tag, {"tok": secret})
    assert verdict.returncode == 1 and verdict.report is not None, verdict.describe()
    hits = verdict.report["hits"]
    places = [(h["path"], h["encoding"]) for h in hits]
    assert places == EXPECTED, verdict.describe()
    rootfs = engine.inspect(tag)["RootFS"]["Layers"]
    order = [rootfs.index(h["layer"]) for h in hits]
    assert order == sorted(order) and len(set(order)) == len(order), (order, rootfs)
    # The deleted file sits in the layer just before the one that removes it.
    assert order[-1] == len(rootfs) - 2, (order, rootfs)


@pytest.mark.parametrize("twin", ["prefix", "one byte changed"])
def test_verify_is_silent_on_clean_twins(engine: Engine, base_image: str, secret: str, twin: str) -> None:
    if twin == "prefix":
        near = secret[:-1]
    else:
        middle = len(secret) // 2
        near = secret[:middle] + ("X" if secret[middle] != "X" else "Y") + secret[middle + 1 :]
    tag = build_hidden(engine, base_image, near)
    leak = engine.verify(tag, {"tok": near})
    assert leak.returncode == 1 and leak.report is not None, leak.describe()
    assert [(h["path"], h["encoding"]) for h in leak.report["hits"]] == EXPECTED, leak.describe()
    verdict = engine.verify(tag, {"tok": secret})
    assert verdict.returncode == 0, verdict.describe()
    assert verdict.report is not None and verdict.report["clean"] is True, verdict.describe()
