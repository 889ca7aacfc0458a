"""`docker-dsl render RECIPE --matrix ... --out-dir DIR`: one Dockerfile per combination of
flag values, each byte-identical to the single render with the same flags and to
docker-dsl 0.1.2's render of them; a bad value fails the call before anything is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CLI = Path(sys.executable).with_name("docker-dsl")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "differential"))

import dd_oracle

# The seed recipe with a second flag, `python` (the benchmark's recipe).
RECIPE = (REPO / "bench" / "matrix_recipe.py").read_text()

# 0.1.2 renders a module with keyword flags; prints {name: text} as JSON.
ORACLE_DRIVER = textwrap.dedent(
    """
    import importlib, json, sys
    from docker_dsl import Dockerfile
    sys.path.insert(0, sys.argv[1])
    module = importlib.import_module("variants_recipe")
    out = {}
    for name, flags in json.loads(sys.argv[2]).items():
        values = {k: (v == "true") if k == "private" else v for k, v in flags.items()}
        out[name] = Dockerfile(module).render(**values)
    print(json.dumps(out))
    """
)


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, cwd=cwd, check=False)


@pytest.fixture
def recipe(tmp_path: Path) -> Path:
    path = tmp_path / "variants_recipe.py"
    path.write_text(RECIPE)
    return path


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("docker-dsl: error: "), result.stderr
    return lines[0]


def test_every_combination_is_the_single_render_and_0_1_2s(recipe: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = cli(
        "render",
        str(recipe),
        "--matrix",
        "python=3.11,3.12",
        "--matrix",
        "private=true,false",
        "--out-dir",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    index = json.loads((out / "index.json").read_text())
    assert index["recipe"] == str(recipe)
    assert [(v["name"], v["flags"]) for v in index["variants"]] == [
        ("python-3-11_private-true", {"python": "3.11", "private": "true"}),
        ("python-3-11_private-false", {"python": "3.11", "private": "false"}),
        ("python-3-12_private-true", {"python": "3.12", "private": "true"}),
        ("python-3-12_private-false", {"python": "3.12", "private": "false"}),
    ]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["index.json", *(v["file"] for v in index["variants"])]
    )
    oracle = subprocess.run(
        [
            str(dd_oracle.oracle_python()),
            "-c",
            ORACLE_DRIVER,
            str(tmp_path),
            json.dumps({v["name"]: v["flags"] for v in index["variants"]}),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")},
    )
    by_oracle = json.loads(oracle.stdout)
    for variant in index["variants"]:
        text = (out / variant["file"]).read_text()
        flags = [f"--{k}={v}" for k, v in variant["flags"].items()]
        single = cli("render", str(recipe), *flags)
        assert single.returncode == 0, single.stderr
        assert text == single.stdout
        assert text == by_oracle[variant["name"]]
    assert "FROM python:3.12-slim" in (out / "python-3-12_private-true.Dockerfile").read_text()
    assert "secret" not in (out / "python-3-12_private-false.Dockerfile").read_text()


def test_fixed_flags_and_header_options_apply_to_every_variant(recipe: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = cli(
        "render",
        str(recipe),
        "--private=false",
        "--matrix",
        "python=3.10,3.13",
        "--syntax",
        "none",
        "--out-dir",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    index = json.loads((out / "index.json").read_text())
    assert [v["flags"] for v in index["variants"]] == [
        {"private": "false", "python": "3.10"},
        {"private": "false", "python": "3.13"},
    ]
    single = cli("render", str(recipe), "--private=false", "--python=3.13", "--syntax", "none")
    assert (out / "python-3-13.Dockerfile").read_text() == single.stdout
    assert not single.stdout.startswith("# syntax")


def test_a_value_of_the_wrong_type_writes_nothing(recipe: Path, tmp_path: Path):
    out = tmp_path / "out"
    line = one_error_line(
        cli(
            "render",
            str(recipe),
            "--matrix",
            "python=3.11,3.12",
            "--matrix",
            "private=true,maybe",
            "--out-dir",
            str(out),
        )
    )
    assert "variant python=3.11,private=maybe:" in line
    assert 'bad value "maybe" for flag --private' in line and "true/false" in line
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [recipe], "no staging directory is left behind"


def test_an_existing_directory_keeps_its_files_on_failure_and_gains_the_variants(
    recipe: Path, tmp_path: Path
):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    one_error_line(
        cli(
            "render",
            str(recipe),
            "--matrix",
            "python=3.11",
            "--matrix",
            "private=no,nope",
            "--out-dir",
            str(out),
        )
    )
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    result = cli(
        "render", str(recipe), "--matrix", "python=3.11", "--matrix", "private=no,yes", "--out-dir", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "index.json",
        "keep.txt",
        "python-3-11_private-no.Dockerfile",
        "python-3-11_private-yes.Dockerfile",
    ]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (
            ["--matrix", "python", "--out-dir", "o"],
            "--matrix \"python\": there is no '='; write it as --matrix name=value1,value2",
        ),
        (["--matrix", "python=3.11,,3.12", "--out-dir", "o"], "a value is empty"),
        (
            ["--matrix", "python=3.11", "--matrix", "python=3.12", "--out-dir", "o"],
            "--matrix names flag --python twice",
        ),
        (
            ["--matrix", "python=3.1,3-1", "--private=true", "--out-dir", "o"],
            'both get the name "python-3-1"',
        ),
        (
            ["--matrix", "python=3.11", "--python=3.12", "--out-dir", "o"],
            "--python is both a --matrix axis and a fixed flag",
        ),
        (["--matrix", "python=3.11"], "--matrix and --out-dir go together"),
        (["--out-dir", "o", "--private=true"], "--matrix and --out-dir go together"),
        (["--matrix", "python=3.11", "--out-dir", "o", "--out", "x"], "--out renders one file"),
        (
            ["--matrix", "python=3.11", "--matrix", "private=true", "--nope=1", "--out-dir", "o"],
            "unknown flag --nope",
        ),
    ],
)
def test_bad_matrix_requests_are_refused(recipe: Path, tmp_path: Path, args: list[str], fragment: str):
    line = one_error_line(cli("render", str(recipe), *args, cwd=tmp_path))
    assert fragment in line
    assert not (tmp_path / "o").exists()
