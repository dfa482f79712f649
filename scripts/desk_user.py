"""Make an advisor account for the desk: asks a name and a password, prints the entry for
WERELDWIJS_DESK_USERS (comma-separated when there are several). Only the hash is printed.

    make desk-user
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wereldwijs.desk.auth import hash_password  # noqa: E402

MIN_LENGTH = 10


def main() -> int:
    name = input("Advisor name (letters, digits, . _ -): ").strip()
    if not name or any(c in name for c in ":,$ "):
        print("A name without spaces, ':', ',' or '$', please.", file=sys.stderr)
        return 1
    password = getpass.getpass("Password: ")
    if len(password) < MIN_LENGTH:
        print(f"At least {MIN_LENGTH} characters, please.", file=sys.stderr)
        return 1
    if getpass.getpass("Again: ") != password:
        print("The two passwords differ.", file=sys.stderr)
        return 1
    print(f"{name}:{hash_password(password)}")
    print("Add it to WERELDWIJS_DESK_USERS (entries separated by commas).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
