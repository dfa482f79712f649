#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 does not install on 3.11+).
# Tries plain python3.10, then pyenv's versions; explains what to install when there is none.
set -u
works() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }
if [ -n "${PYTHON:-}" ] && works "$PYTHON"; then echo "$PYTHON"; exit 0; fi
if command -v python3.10 >/dev/null 2>&1 && works python3.10; then command -v python3.10; exit 0; fi
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for candidate in $(ls -d "$root"/versions/3.10.* 2>/dev/null | sort -V -r); do
    if works "$candidate/bin/python3.10"; then echo "$candidate/bin/python3.10"; exit 0; fi
  done
fi
for candidate in /usr/bin/python3.10 /usr/local/bin/python3.10 "$HOME"/.pyenv/versions/3.10.*/bin/python3.10; do
  if [ -x "$candidate" ] && works "$candidate"; then echo "$candidate"; exit 0; fi
done
cat >&2 <<'MSG'
Wereldwijs needs Python 3.10 (Rasa Open Source 3.6 does not install on 3.11 or newer).
Install one of:
  - pyenv:   pyenv install 3.10.13
  - Debian/Ubuntu: sudo apt-get install python3.10 python3.10-venv   (deadsnakes PPA on Ubuntu)
  - macOS:   brew install python@3.10
or point PYTHON at an existing 3.10 interpreter: PYTHON=/path/to/python3.10 make run
MSG
exit 1
