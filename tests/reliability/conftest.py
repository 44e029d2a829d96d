"""Fixtures of the reliability suite: the one hostile-text corpus, loaded from corpus.py.

Test modules do not import each other (pytest runs with `--import-mode=importlib`), so the
corpus reaches them through the `corpus` fixture.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).parent
DATA = HERE / "data"


def _load(name: str) -> ModuleType:
    qualified = f"okrtui_reliability_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def corpus() -> ModuleType:
    """The hostile-text corpus (see corpus.py)."""
    return _load("corpus")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
