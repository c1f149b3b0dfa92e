"""The README's Python examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def blocks() -> list[str]:
    if not README.is_file():
        return []
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)


@pytest.mark.skipif(not README.is_file(), reason="README.md not beside the tests")
@pytest.mark.parametrize("code", blocks(), ids=lambda c: c.splitlines()[0][:40])
def test_readme_example_runs(code, capsys):
    exec(compile(code, str(README), "exec"), {})
