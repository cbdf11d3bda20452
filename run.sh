#!/usr/bin/env bash
# One entry point for a fresh machine (Python 3.11+, git, apt):
#   ./run.sh build   set up everything, then render every storyboard (offline defaults)
#   ./run.sh test    set up everything, then run the whole test suite
#   ./run.sh setup   only set up (.venv with all Python packages, system tools if missing)
#   ./run.sh bench   set up, then run the benchmarks (full-size renders)
set -euo pipefail
cd "$(dirname "$0")"
VENV="${MEDIA_VENV:-.venv}"
PY="${PYTHON:-python3}"

need_apt=()
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr tesseract-ocr-fas tesseract-ocr-eng)
command -v tesseract >/dev/null 2>&1 && ! tesseract --list-langs 2>/dev/null | grep -qx fas && need_apt+=(tesseract-ocr-fas)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
# Pillow lays out Persian with raqm, which needs libfribidi at run time.
ldconfig -p 2>/dev/null | grep -q libfribidi || need_apt+=(libfribidi0)

setup() {
  if [ ${#need_apt[@]} -gt 0 ] && [ "${1:-}" = test ]; then
    echo "run.sh: installing system packages: ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
  elif [ "${1:-}" = build ] && ! ldconfig -p 2>/dev/null | grep -q libfribidi; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libfribidi0 >/dev/null
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q -e ".[test]"
    touch "$stamp"
  fi
}

cmd="${1:-build}"; shift || true
case "$cmd" in
  setup) setup test ;;
  build) setup build; "$VENV/bin/media" build storyboards/*.yaml "$@" ;;
  test)  setup test;  "$VENV/bin/python" -m pytest -n 2 "$@" ;;
  bench) setup test;  "$VENV/bin/python" benchmarks/run.py "$@" ;;
  *) echo "usage: ./run.sh [build|test|setup|bench] [args...]" >&2; exit 2 ;;
esac
