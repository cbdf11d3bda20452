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


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """The engine's records and the speech cache go to a folder of this test run, not ~/.cache/media.
    Shared by the xdist workers (the speech cache is content-addressed; records are per output folder)."""
    import os

    root = tmp_path_factory.getbasetemp().parent / "media-cache"
    os.environ["MEDIA_CACHE_DIR"] = str(root)
    yield root
