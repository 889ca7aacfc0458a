"""`docker-dsl lint`, `rule` and `rules` as a user runs them: inputs, exit status,
output formats (SARIF checked against the SARIF 2.1.0 schema), ignore comments,
recipes reported at their own lines, and `build` refusing on secret errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import dockerfile
import jsonschema
import pytest
from lint_cli import docker_dsl

HERE = Path(__file__).resolve().parent


def test_a_leaky_dockerfile_exits_1_with_file_line_column_and_caret(fixtures: Path) -> None:
    path = fixtures / "leaky.Dockerfile"
    proc = docker_dsl("lint", str(path))
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert f"{path}:5:71: S001 [error] secret 'npm' is written to ~/.npmrc" in proc.stdout
    assert f"{path}:3:5: S003 [warning] ARG NPM_TOKEN" in proc.stdout
    assert (
        f'{path}:3:5: K014 [warning] Do not use ARG or ENV instructions for sensitive data (ARG "NPM_TOKEN")'
        in proc.stdout
    )
    caret = lines.index(
        '5 |     echo "//registry.npmjs.org/:_authToken=$(cat /run/secrets/npm)" > ~/.npmrc && \\'
    )
    assert lines[caret + 1].index("^") == lines[caret].index("~/.npmrc")
    # the ignore comment above the cache RUN silences C004, and only it
    assert "C004" not in proc.stdout
    assert lines[-1].startswith("Found 4 findings in 1 file: 1 error, 3 warning")


def test_a_clean_file_exits_0(fixtures: Path) -> None:
    proc = docker_dsl("lint", str(fixtures / "clean.Dockerfile"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == "No findings in 1 file.\n"


def test_fail_on_sets_the_threshold(fixtures: Path) -> None:
    path = str(fixtures / "only_warnings.Dockerfile")
    assert docker_dsl("lint", path).returncode == 1
    assert docker_dsl("lint", path, "--fail-on", "error").returncode == 0
    assert docker_dsl("lint", path, "--fail-on", "fatal").returncode == 2


def test_a_file_that_does_not_parse_is_one_error_line_and_exit_2(fixtures: Path) -> None:
    broken = fixtures / "broken.Dockerfile"
    proc = docker_dsl("lint", str(broken), str(fixtures / "leaky.Dockerfile"))
    assert proc.returncode == 2
    errors = proc.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"docker-dsl: error: {broken}:2: "), proc.stderr
    # BuildKit's parser rejects the file too
    with pytest.raises(dockerfile.GoParseError, match="ENV must have two arguments"):
        dockerfile.parse_file(str(broken))
    # the other file is still linted
    assert "S001" in proc.stdout


def test_select_and_ignore_take_codes_names_and_categories(fixtures: Path) -> None:
    path = str(fixtures / "leaky.Dockerfile")

    def codes(*options: str) -> set[str]:
        out = docker_dsl("lint", path, "--format", "json", *options).stdout
        return {f["code"] for f in json.loads(out)["findings"]}

    assert codes() == {"S001", "S003", "M002", "K014"}
    assert codes("--select", "secret") == {"S001", "S003"}
    assert codes("--select", "secret", "--ignore", "credential-named-arg-or-env") == {"S001"}
    assert codes("--ignore", "S001,mount,check") == {"S003"}
    proc = docker_dsl("lint", path, "--select", "nope")
    assert proc.returncode == 2 and "unknown rule or category 'nope'" in proc.stderr


def test_json_findings_have_the_documented_fields(fixtures: Path) -> None:
    out = json.loads(docker_dsl("lint", str(fixtures / "leaky.Dockerfile"), "--format", "json").stdout)
    first = out["findings"][0]
    assert set(first) >= {"path", "line", "column", "code", "category", "severity", "message"}
    assert (first["line"], first["code"], first["category"], first["severity"]) == (
        3,
        "S003",
        "secret",
        "warning",
    )


def test_sarif_output_is_valid_sarif_2_1_0(fixtures: Path) -> None:
    schema = json.loads((HERE / "sarif-schema-2.1.0.json").read_text())
    proc = docker_dsl("lint", str(fixtures / "leaky.Dockerfile"), "--format", "sarif")
    assert proc.returncode == 1
    log = json.loads(proc.stdout)
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    results = {(r["ruleId"], r["level"]) for r in run["results"]}
    assert ("S001", "error") in results
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rule_ids[run["results"][0]["ruleIndex"]] == run["results"][0]["ruleId"]
    # and a run without findings is valid too
    clean = json.loads(docker_dsl("lint", str(fixtures / "clean.Dockerfile"), "--format", "sarif").stdout)
    jsonschema.validate(clean, schema)


def test_github_annotations(fixtures: Path) -> None:
    path = fixtures / "leaky.Dockerfile"
    out = docker_dsl("lint", str(path), "--format", "github").stdout.splitlines()
    assert out[0].startswith(
        f"::warning file={path},line=3,col=5,title=S003 credential-named-arg-or-env::ARG NPM_TOKEN"
    )
    assert any(line.startswith("::error file=") and "S001" in line for line in out)


def test_directories_are_searched_for_dockerfile_names(fixtures: Path, tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    shutil.copy(fixtures / "leaky.Dockerfile", tmp_path / "svc" / "Dockerfile")
    shutil.copy(fixtures / "clean.Dockerfile", tmp_path / "Containerfile")
    shutil.copy(fixtures / "broken.Dockerfile", tmp_path / "notes.txt")
    proc = docker_dsl("lint", str(tmp_path), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    paths = {f["path"] for f in json.loads(proc.stdout)["findings"]}
    assert paths == {str(tmp_path / "svc" / "Dockerfile")}


def test_a_recipe_finding_points_at_the_recipe_line_and_the_rendered_line(fixtures: Path) -> None:
    recipe = fixtures / "leaky_recipe.py"
    assert docker_dsl("lint", str(recipe)).returncode == 0
    proc = docker_dsl("lint", str(recipe), "--private=true", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    (leak,) = [f for f in json.loads(proc.stdout)["findings"] if f["code"] == "S001"]
    assert (Path(leak["path"]).name, leak["line"]) == ("leaky_recipe.py", 7)
    rendered = docker_dsl(str(recipe), "--private=true").stdout.splitlines()
    assert rendered[leak["rendered"]["line"] - 1] == leak["rendered"]["text"]
    assert "> ~/.npmrc" in leak["rendered"]["text"]
    human = docker_dsl("lint", str(recipe), "--private=true").stdout
    assert "in the rendered Dockerfile, line" in human


def test_rule_prints_the_documentation_and_rules_lists_every_rule() -> None:
    proc = docker_dsl("rule", "S001")
    assert proc.returncode == 0
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in proc.stdout
    assert docker_dsl("rule", "secret-written-to-file").stdout == proc.stdout
    assert docker_dsl("rule", "X999").returncode == 2
    listed = docker_dsl("rules").stdout.splitlines()
    codes = [line.split()[0] for line in listed]
    assert codes[:4] == ["S001", "S002", "S003", "S004"] and len(codes) == len(set(codes)) >= 14


def test_build_refuses_on_secret_errors_unless_no_lint(fixtures: Path, tmp_path: Path) -> None:
    recipe = fixtures / "leaky_recipe.py"
    args = ["build", str(recipe), "--private=true", "-t", "lint-refused:1", "--syntax", "none"]
    proc = docker_dsl(*args, "--context", str(tmp_path))
    assert proc.returncode == 2
    assert "lint found secret errors" in proc.stderr and "S001" in proc.stderr
    assert "--no-lint" in proc.stderr


def test_the_linter_is_silent_on_the_bundled_example() -> None:
    example = HERE.parents[1] / "examples" / "seed_mounts.py"
    for private in ("false", "true"):
        proc = docker_dsl("lint", str(example), f"--private={private}", "--select", "secret,cache")
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_lock_file_that_cannot_be_read_is_one_error_line(fixtures: Path, tmp_path: Path) -> None:
    """`--lock-file` feeds InvalidBaseImagePlatform; a missing or broken one stops lint (exit 2)
    with the fix, rather than checking silently without it."""
    dockerfile = str(fixtures / "clean.Dockerfile")
    missing = docker_dsl("lint", dockerfile, "--lock-file", str(tmp_path / "none.lock"))
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr == (
        f"docker-dsl: error: cannot read {tmp_path / 'none.lock'}: No such file or directory (os error 2); "
        "create it with `docker-dsl lock`\n"
    )
    (tmp_path / "bad.lock").write_text("{bad")
    broken = docker_dsl("lint", dockerfile, "--lock-file", str(tmp_path / "bad.lock"))
    assert broken.returncode == 2 and "not a docker-dsl lock file" in broken.stderr
    assert "--update" in broken.stderr
