"""docs/reference.md: every recipe renders to exactly the Dockerfile shown after it,
and BuildKit's parser accepts it."""

import re
import subprocess
import sys
from pathlib import Path

import dockerfile
import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).with_name("docker-dsl")
PAIR = re.compile(r"```python\n(.*?)```\n\n```dockerfile\n(.*?)```", re.DOTALL)
EXAMPLES = PAIR.findall((ROOT / "docs" / "reference.md").read_text())


def test_reference_has_examples():
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize(("recipe", "expected"), EXAMPLES, ids=[f"example{i}" for i in range(len(EXAMPLES))])
def test_reference_example_renders_as_shown(tmp_path, recipe, expected):
    path = tmp_path / "recipe.py"
    path.write_text(recipe)
    result = subprocess.run(
        [str(CLI), str(path), "--syntax", "none"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
    assert dockerfile.parse_string(result.stdout)
