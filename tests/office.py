"""LibreOffice for tests: convert a deck to PDF headless, with Vazirmatn visible to it (as a trainer who
installed the font from the bundle), in a private profile so parallel workers do not share one."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts" / "vazirmatn"


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.fail("LibreOffice is not installed: run ./run.sh test (it installs libreoffice-impress)")
    return exe


def to_pdf(pptx: Path, work: Path, timeout_s: float = 180) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    conf = work / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{FONTS}</dir><cachedir>{work / 'fc-cache'}</cachedir></fontconfig>", encoding="utf-8")
    env = {"FONTCONFIG_FILE": str(conf), "HOME": str(work), "PATH": "/usr/bin:/bin"}
    out = work / "pdf"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), str(pptx)],
                   check=True, capture_output=True, timeout=timeout_s, env=env)
    pdf = out / (pptx.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice made no PDF of {pptx}"
    return pdf
