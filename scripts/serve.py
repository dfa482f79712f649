#!/usr/bin/env python3
"""`rasa run` with this project's safe defaults; every argument is passed on to `rasa run`.

    python scripts/serve.py --port 5005 --endpoints endpoints.yml --credentials FILE

- The HTTP API (`--enable-api`) stays off unless WERELDWIJS_ENABLE_API=1, and then only with
  RASA_AUTH_TOKEN or RASA_JWT_SECRET (RASA_JWT_METHOD, default HS256) set: without either the
  server refuses to start. The secret goes to Rasa inside this process, never on a command line
  (where `ps` would show it).
- CORS only for WERELDWIJS_ALLOWED_ORIGINS (rasa_plugins/channels/origins.py; socket.io checks
  the same list).
- Request bodies capped at SANIC_REQUEST_MAX_SIZE (default 1 MiB; Sanic's own is 100 MB).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Mapping, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasa_plugins.channels import origins  # noqa: E402

API_SWITCH = "WERELDWIJS_ENABLE_API"
DEFAULT_MAX_BODY = str(1024 * 1024)


class Refused(SystemExit):
    pass


def server_arguments(env: Mapping[str, str], passed: Sequence[str]) -> List[str]:
    """The `rasa run` arguments for this environment (Refused when the API lacks a secret)."""
    if "--enable-api" in passed or "--cors" in passed:
        raise Refused("serve.py sets --enable-api and --cors itself: use the variables instead.")
    args = ["run", *passed, "--cors", *[origins.pattern(e) for e in origins.configured(env)]]
    if env.get(API_SWITCH, "").strip().lower() in ("1", "true", "yes", "on"):
        token, jwt = env.get("RASA_AUTH_TOKEN", ""), env.get("RASA_JWT_SECRET", "")
        if not token and not jwt:
            raise Refused(
                f"{API_SWITCH}=1 needs RASA_AUTH_TOKEN or RASA_JWT_SECRET: the HTTP API can read "
                "and change every conversation. Not starting."
            )
        args.append("--enable-api")
        if token:
            args += ["--auth-token", token]
        if jwt:
            args += ["--jwt-secret", jwt, "--jwt-method", env.get("RASA_JWT_METHOD", "HS256")]
    return args


def main(argv: Sequence[str]) -> None:
    args = server_arguments(os.environ, argv)
    os.environ.setdefault("SANIC_REQUEST_MAX_SIZE", DEFAULT_MAX_BODY)
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
