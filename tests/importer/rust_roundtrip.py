"""The round trip of ``docker-dsl import --lang rust``: import many Dockerfiles as Rust programs,
compile them all in one crate (one module a file, ``#![deny(warnings)]``), run it, and compare
each render with BuildKit's reading of the original (``roundtrip.normalized``) and, byte for
byte, with what the file's Python recipe renders.

One compile covers every program: the crate depends on ``crates/dsl`` and builds into the
repository's ``target/`` with its ``Cargo.lock``, so only the generated modules compile.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from docker_dsl import DockerDslError, _native
from roundtrip import Outcome, _syntax_of, normalized, render_recipe

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class RustRun:
    """What happened to a batch: each file's outcome; the files whose Python recipe renders, and
    among them those whose Rust render is the same text byte for byte, or the same with every
    run of blanks as one space; the files ``rustfmt --check`` would change; the step times."""

    outcomes: dict[str, Outcome] = field(default_factory=dict)
    python_rendered: set[str] = field(default_factory=set)
    python_equal: set[str] = field(default_factory=set)
    python_spaced: set[str] = field(default_factory=set)
    unformatted: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def _spaced(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text)


def _crate(folder: Path, programs: dict[str, str]) -> None:
    """A binary crate with one module a program; ``main`` writes each render to ``OUT/name``
    (or the problems to ``OUT/name.err``)."""
    src = folder / "src"
    src.mkdir(parents=True)
    (folder / "Cargo.toml").write_text(
        "[package]\n"
        'name = "imported_programs"\n'
        'version = "0.0.0"\n'
        'edition = "2021"\n'
        "publish = false\n\n"
        "[dependencies]\n"
        f'dsl = {{ path = "{ROOT / "crates" / "dsl"}" }}\n\n'
        "[workspace]\n"
    )
    shutil.copy(ROOT / "Cargo.lock", folder / "Cargo.lock")
    lines = ["#![deny(warnings)]", ""]
    table = []
    for name, program in programs.items():
        (src / f"{name}.rs").write_text(program)
        # Each program's own `main` is for running it alone.
        lines += ["#[allow(dead_code)]", f"mod {name};"]
        table.append(f'    ("{name}", {name}::dockerfile),')
    lines += [
        "",
        "type Build = fn() -> dsl::Dockerfile;",
        "",
        "const PROGRAMS: &[(&str, Build)] = &[",
        *table,
        "];",
        "",
        "fn main() {",
        '    let out = std::path::PathBuf::from(std::env::args().nth(1).expect("an output folder"));',
        "    for (name, build) in PROGRAMS {",
        "        let (file, text) = match build().render() {",
        "            Ok(text) => (name.to_string(), text),",
        '            Err(errors) => (format!("{name}.err"), errors.to_string()),',
        "        };",
        '        std::fs::write(out.join(file), text).expect("writes");',
        "    }",
        "}",
    ]
    (src / "main.rs").write_text("\n".join(lines) + "\n")


def rust_round_trip(texts: dict[str, str], folder: Path) -> RustRun:
    """Imports every text of ``texts`` (name → Dockerfile) as a Rust program, compiles and runs
    them, and compares; raises when the crate does not compile (a generated program that does
    not build, or builds with a warning, is a bug of the importer)."""
    run = RustRun()
    programs: dict[str, str] = {}
    originals: dict[str, list] = {}
    start = time.perf_counter()
    for i, (key, text) in enumerate(texts.items()):
        try:
            originals[key] = normalized(text)
        except Exception as error:  # noqa: BLE001 -- BuildKit rejects it: not a round-trip case
            run.outcomes[key] = Outcome("parse", str(error))
            continue
        try:
            programs[f"p{i}"] = _native.import_rust_program(text)
        except DockerDslError as error:
            run.outcomes[key] = Outcome("import", str(error))
    run.seconds["import"] = time.perf_counter() - start
    names = {f"p{i}": key for i, key in enumerate(texts)}
    crate = folder / "crate"
    _crate(crate, programs)
    env = dict(os.environ, CARGO_TARGET_DIR=str(ROOT / "target"))
    start = time.perf_counter()
    built = subprocess.run(
        ["cargo", "build", "--quiet", "--manifest-path", str(crate / "Cargo.toml")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    run.seconds["compile"] = time.perf_counter() - start
    if built.returncode != 0:
        raise AssertionError(f"the imported programs do not compile:\n{built.stderr[-4000:]}")
    checked = subprocess.run(
        [
            "rustfmt",
            "--check",
            "--edition",
            "2021",
            "-l",
            *sorted(str(p) for p in (crate / "src").glob("p*.rs")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    run.unformatted = [names[Path(line).stem] for line in checked.stdout.split() if Path(line).stem in names]
    out = folder / "out"
    out.mkdir()
    start = time.perf_counter()
    subprocess.run([str(ROOT / "target" / "debug" / "imported_programs"), str(out)], check=True)
    run.seconds["run"] = time.perf_counter() - start
    rust_renders: dict[str, str] = {}
    for name in programs:
        key = names[name]
        error = out / f"{name}.err"
        if error.exists():
            run.outcomes[key] = Outcome("render", error.read_text())
            continue
        rust_renders[key] = (out / name).read_text()
        same = normalized(rust_renders[key]) == originals[key]
        run.outcomes[key] = Outcome("ok") if same else Outcome("differs", "BuildKit reads another build")
    for i, key in enumerate(originals):
        try:
            python = render_recipe(_native.import_recipe(texts[key]), folder, f"r{i}", _syntax_of(texts[key]))
        except DockerDslError:
            continue
        run.python_rendered.add(key)
        rendered = rust_renders.get(key)
        if python == rendered:
            run.python_equal.add(key)
        elif rendered is not None and _spaced(python) == _spaced(rendered):
            run.python_spaced.add(key)
    return run
