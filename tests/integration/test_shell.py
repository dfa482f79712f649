"""`rasa shell` in a pseudo-terminal: greet, see the welcome with numbered button choices, pick one.

The welcome is compared with what the same model says over REST, so the shell shows the real bot.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time

import pytest
import yaml

from tests.integration.servers import RASA, ROOT, RestClient, free_port, server_env, stop_process

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


class Terminal:
    """A process on a pseudo-terminal; ``expect`` waits for a regex in the ANSI-stripped output."""

    def __init__(self, cmd, env):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.fd, self.raw = master, ""

    @property
    def text(self) -> str:
        return ANSI.sub("", self.raw)

    def expect(self, pattern: str, timeout: float, since: int = 0) -> re.Match:
        deadline = time.time() + timeout
        while time.time() < deadline:
            match = re.search(pattern, self.text[since:])
            if match:
                return match
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if ready:
                try:
                    self.raw += os.read(self.fd, 65536).decode("utf-8", "replace")
                except OSError:  # the process closed the terminal
                    break
            elif self.proc.poll() is not None:
                break
        raise AssertionError(f"{pattern!r} not seen; terminal shows:\n{self.text[-3000:]}")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def close(self) -> None:
        stop_process(self.proc)
        os.close(self.fd)


@pytest.fixture()
def shell(tmp_path, model_path, action_server):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        yaml.safe_dump(
            {
                "action_endpoint": {"url": f"{action_server.url}/webhook"},
                "tracker_store": {
                    "type": "SQL",
                    "dialect": "sqlite",
                    "db": str(tmp_path / "shell.db"),
                },
            }
        )
    )
    env = server_env({"TERM": "xterm", "COLUMNS": "200", "LINES": "50"})
    terminal = Terminal(
        [
            RASA,
            "shell",
            "--model",
            str(model_path),
            "--endpoints",
            str(endpoints),
            "--port",
            str(free_port()),
        ],
        env,
    )
    yield terminal
    terminal.close()


def test_shell_greet_shows_welcome_and_numbered_buttons(shell, rasa_server):
    reference = [m for m in RestClient(rasa_server, "shell-reference").say("hallo")]
    with_buttons = next(m for m in reference if m.get("buttons"))

    shell.expect(r"Your input ->", timeout=240)
    start = len(shell.text)
    shell.send("hallo\r")
    first_line = with_buttons["text"].strip().splitlines()[0]
    shell.expect(re.escape(first_line[:60]), timeout=120, since=start)
    for number, button in enumerate(with_buttons["buttons"], start=1):
        shell.expect(
            re.escape(f"{number}: {button['title']} ({button['payload']})"), timeout=30, since=start
        )

    # Enter picks the highlighted first choice; the bot answers that payload.
    after_choice = len(shell.text)
    shell.send("\r")
    shell.expect(r"\S", timeout=5, since=after_choice)
    answer = RestClient(rasa_server, "shell-reference").say(with_buttons["buttons"][0]["payload"])
    expected = next(m for m in answer if m.get("text"))["text"].strip().splitlines()[0]
    shell.expect(re.escape(expected[:60]), timeout=120, since=after_choice)


def test_make_run_starts_quietly(tmp_path, model_path):
    """What `make run` shows (scripts/talk.sh): a starting line, the prompt, the bot; Rasa's and
    TensorFlow's notices go to the log file, not to the person."""
    port = free_port()
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        yaml.safe_dump(
            {
                "action_endpoint": {"url": f"http://127.0.0.1:{port}/webhook"},
                "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(tmp_path / "t.db")},
            }
        )
    )
    env = server_env(
        {"TERM": "xterm", "ACTIONS_PORT": str(port), "WERELDWIJS_ENDPOINTS": str(endpoints)}
    )
    terminal = Terminal(["bash", str(ROOT / "scripts" / "talk.sh")], env)
    try:
        terminal.expect(r"Your input ->", timeout=300)
        start = len(terminal.text)
        terminal.send("hallo\r")
        terminal.expect(r"Wereldwijs", timeout=120, since=start)
        shown = terminal.text
        assert shown.lstrip().startswith("Wereldwijs is starting")
        for noise in ("Warning", "WARNING", "tensorflow", "INFO", "Traceback", "oneDNN"):
            assert noise not in shown, f"{noise!r} reached the terminal:\n{shown[-2000:]}"
    finally:
        terminal.send("/stop\r")
        terminal.close()
