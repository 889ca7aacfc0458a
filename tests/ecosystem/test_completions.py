"""`docker-dsl completions bash|zsh|fish` and `docker-dsl man`, generated from the clap
definition: bash really completes with the script, the man page renders with man(1)."""

import shutil
import subprocess

import pytest


def complete_in_bash(script: str, line: str) -> list[str]:
    """What bash's programmable completion offers for the last word of `line`."""
    words = line.split(" ")
    program = f"""
{script}
COMP_WORDS=({" ".join(repr(w) for w in words)})
COMP_CWORD={len(words) - 1}
COMP_LINE={line!r}
COMP_POINT={len(line)}
"$(complete -p docker-dsl | sed -E 's/.*-F ([^ ]+) .*/\\1/')" docker-dsl {words[-1]!r} {words[-2]!r}
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    done = subprocess.run(["bash", "--norc", "-c", program], capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.fixture
def bash_script(docker_dsl) -> str:
    result = docker_dsl("completions", "bash")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_bash_completes_subcommands(bash_script):
    assert complete_in_bash(bash_script, "docker-dsl in") == ["init"]
    offered = complete_in_bash(bash_script, "docker-dsl ")
    for sub in ("render", "build", "verify", "stubs", "init", "completions"):
        assert sub in offered


def test_bash_completes_options_and_their_values(bash_script):
    assert "--python" in complete_in_bash(bash_script, "docker-dsl init --")
    assert complete_in_bash(bash_script, "docker-dsl init --python p") == ["pip", "poetry"]
    assert complete_in_bash(bash_script, "docker-dsl completions f") == ["fish"]


@pytest.mark.parametrize(
    ("shell", "marker"), [("zsh", "#compdef docker-dsl"), ("fish", "complete -c docker-dsl")]
)
def test_zsh_and_fish_scripts_cover_the_subcommands(docker_dsl, shell, marker):
    result = docker_dsl("completions", shell)
    assert result.returncode == 0, result.stderr
    assert marker in result.stdout
    assert "init" in result.stdout and "stubs" in result.stdout
    if shutil.which(shell):
        syntax = subprocess.run(
            [shell, "-n"], input=result.stdout, capture_output=True, text=True, check=False
        )
        assert syntax.returncode == 0, syntax.stderr


def test_an_unknown_shell_is_refused_with_the_choices(docker_dsl):
    result = docker_dsl("completions", "tcsh")
    assert result.returncode == 2
    assert "bash" in result.stderr and "zsh" in result.stderr and "fish" in result.stderr


def test_the_man_page_renders_with_man(docker_dsl, tmp_path):
    result = docker_dsl("man")
    assert result.returncode == 0, result.stderr
    if shutil.which("man") is None:
        pytest.skip("man(1) is not installed")
    page = tmp_path / "docker-dsl.1"
    page.write_text(result.stdout)
    shown = subprocess.run(
        ["man", "-l", str(page)],
        capture_output=True,
        text=True,
        env={"MANPAGER": "cat", "COLUMNS": "100"},
        check=True,
    ).stdout
    assert "docker-dsl" in shown.splitlines()[0]
    for sub in ("render", "build", "verify", "stubs", "init", "completions"):
        assert sub in shown
