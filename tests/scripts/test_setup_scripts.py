"""scripts/find_python.sh: finds a Python 3.10 by itself, or says what to install."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "find_python.sh"


def run(env):
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True)


def test_uses_an_explicit_python_310():
    assert sys.version_info[:2] == (3, 10)
    result = run({"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "PYTHON": sys.executable})
    assert result.returncode == 0 and result.stdout.strip() == sys.executable


def test_a_broken_python310_shim_is_skipped_and_the_user_told_what_to_install(tmp_path):
    shim = tmp_path / "python3.10"
    shim.write_text("#!/bin/sh\necho 'pyenv: python3.10: command not found' >&2\nexit 127\n")
    shim.chmod(0o755)
    result = run({"PATH": f"{tmp_path}:/usr/bin:/bin", "HOME": "/nonexistent"})
    if result.returncode == 0:  # this machine has a real 3.10 in a standard place
        assert result.stdout.strip() != str(shim)
    else:
        assert "pyenv install 3.10" in result.stderr and "python3.10" in result.stderr


def test_a_real_python310_on_the_path_is_found(tmp_path):
    link = tmp_path / "python3.10"
    link.symlink_to(sys.executable)
    result = run({"PATH": f"{tmp_path}:/usr/bin:/bin", "HOME": "/nonexistent"})
    assert result.returncode == 0 and result.stdout.strip() == str(link)
