#!/usr/bin/env bash
# Print the path of a Python >= 3.11 whose sqlite3 can load extensions
# (SpatiaLite needs that). pyenv builds usually cannot; Debian's can.
set -u
for candidate in "${OMZIEN_PYTHON:-}" /usr/bin/python3.11 /usr/bin/python3 python3.11 python3; do
    [ -n "$candidate" ] || continue
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if "$path" - <<'PY' 2>/dev/null; then
import sqlite3, sys
assert sys.version_info >= (3, 11)
sqlite3.connect(":memory:").enable_load_extension(True)
PY
        echo "$path"
        exit 0
    fi
done
cat >&2 <<'MSG'
No suitable Python found: SpatiaLite needs Python 3.11+ whose sqlite3 module
can load extensions (sqlite3.Connection.enable_load_extension).
On Debian/Ubuntu install it with:   apt-get install python3 python3-venv
or point OMZIEN_PYTHON at such an interpreter:   make setup OMZIEN_PYTHON=/path/to/python3
MSG
exit 1
