"""Shared fixtures: fixture projects under tests/roots/<name>/ copied to a temp folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite golden images/files instead of comparing with them.")


@pytest.fixture
def update_golden(request) -> bool:
    import os

    return bool(request.config.getoption("--update-golden") or os.environ.get("MEDIA_UPDATE_GOLDEN"))


@pytest.fixture
def project(tmp_path):
    """Copy a fixture project (tests/roots/<name>) into tmp_path; returns a function name -> path."""

    def make(name: str) -> Path:
        dest = tmp_path / name
        shutil.copytree(ROOTS / name, dest)
        return dest

    return make
