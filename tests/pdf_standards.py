"""An independent check that a PDF declares PDF/A-2 and PDF/UA-1 in its XMP metadata and that qpdf finds no
structural fault (`qpdf --check`, Debian's qpdf). Shared by the document, guide and book tests."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

_XMP = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.S)


def xmp_parts(pdf: bytes) -> dict[str, str]:
    """pdfaid:part, pdfaid:conformance and pdfuaid:part from the XMP packet (element or attribute form)."""
    m = _XMP.search(pdf)
    if m is None:
        return {}
    xmp = m.group(0).decode("utf-8")
    out = {}
    for key in ("pdfaid:part", "pdfaid:conformance", "pdfuaid:part"):
        hit = re.search(rf"<{key}>\s*([^<\s]+)\s*</{key}>|{key}=\"([^\"]+)\"", xmp)
        if hit:
            out[key] = hit.group(1) or hit.group(2)
    return out


def problems(path: Path) -> list[str]:
    """What keeps `path` from declaring PDF/A-2 (a or u) and PDF/UA-1 or from passing `qpdf --check`."""
    if not shutil.which("qpdf"):
        pytest.fail("qpdf is missing: apt-get install qpdf (./run.sh test does)")
    found = []
    parts = xmp_parts(Path(path).read_bytes())
    if parts.get("pdfaid:part") != "2" or parts.get("pdfaid:conformance", "").upper() not in ("A", "U"):
        found.append(f"{path.name}: XMP declares no PDF/A-2a or -2u ({parts})")
    if parts.get("pdfuaid:part") != "1":
        found.append(f"{path.name}: XMP declares no PDF/UA-1 ({parts})")
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    if check.returncode != 0:  # 2 errors, 3 warnings
        found.append(f"{path.name}: qpdf --check exit {check.returncode}: {(check.stdout + check.stderr).strip()[-400:]}")
    return found


def assert_standards(*paths: Path) -> None:
    found = [p for path in paths for p in problems(Path(path))]
    assert not found, "\n".join(found)
