#!/usr/bin/env bash
# Set-up and entry points of the CLEFOP dashboard.
#   bash manage.sh run    set everything up, then start the dashboard on http://localhost:8501
#   bash manage.sh test   set everything up, then run every test (browser tests included)
set -euo pipefail
cd "$(dirname "$0")"
VENV=.venv
PY="$VENV/bin/python"

as_root() { [ "$(id -u)" = 0 ]; }

ensure_venv() {
  if [ ! -x "$PY" ]; then
    if ! python3 -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      if as_root; then
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$VENV"
      else
        echo "Il manque le module venv de Python : sudo apt-get install python3-venv" >&2; exit 1
      fi
    fi
  fi
  local wanted="$1" stamp="$VENV/.installed-$1"
  if [ ! -f "$stamp" ] || [ "$wanted.txt" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
    "$PY" -m pip install -q --disable-pip-version-check -r "$wanted.txt"
    touch "$stamp"
  fi
}

ensure_chromium() {  # Debian's Chromium, headless build (same source package as `chromium`)
  command -v chromium-headless-shell >/dev/null 2>&1 && return 0
  if as_root; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null
  else
    echo "Les tests navigateur utilisent Chromium de Debian : sudo apt-get install chromium-headless-shell" >&2
    exit 1
  fi
}

ensure_office() {  # the deck tests render slides in LibreOffice Impress, then to images with pdftoppm
  command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && return 0
  if as_root; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-impress poppler-utils >/dev/null
  else
    echo "Les tests des diaporamas utilisent LibreOffice : sudo apt-get install libreoffice-impress poppler-utils" >&2
    exit 1
  fi
}

case "${1:-}" in
  run)
    ensure_venv requirements
    "$PY" -m loaders password --first-start
    "$PY" -m loaders demo --first-start
    exec "$VENV/bin/streamlit" run app.py --server.port "${PORT:-8501}" \
      --server.maxUploadSize "$((2 * ${CLEFOP_MAX_UPLOAD_MB:-50}))"
    ;;
  test)
    ensure_venv requirements-dev
    ensure_chromium
    ensure_office
    "$PY" -m ruff check .
    exec "$PY" -m pytest -n 2 --dist loadgroup -q tests "${@:2}"
    ;;
  *)
    echo "usage : bash manage.sh run | test" >&2; exit 2
    ;;
esac
