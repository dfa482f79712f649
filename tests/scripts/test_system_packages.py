"""scripts/system_packages.sh: installs what the tests need as root, else says the one command."""

import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system_packages.sh"


def fake_bin(tmp_path, uid, installed):
    """dpkg-query, id and apt-get stand-ins: apt-get only records how it was called."""
    tools = {
        "dpkg-query": f"#!/bin/sh\n[ {str(installed).lower()} = true ] && "
        "echo 'install ok installed'\nexit 0\n",
        "id": f"#!/bin/sh\necho {uid}\n",
        "apt-get": f'#!/bin/sh\necho "$@" >> {tmp_path}/apt.log\n',
    }
    for name, body in tools.items():
        (tmp_path / name).write_text(body)
        (tmp_path / name).chmod(0o755)
    return {"PATH": f"{tmp_path}:/usr/bin:/bin"}


def run(env):
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True)


def test_nothing_to_do_when_everything_is_installed(tmp_path):
    result = run(fake_bin(tmp_path, 1000, installed=True))
    assert result.returncode == 0 and not (tmp_path / "apt.log").exists()


def test_without_root_it_stops_with_the_one_command(tmp_path):
    result = run(fake_bin(tmp_path, 1000, installed=False))
    assert result.returncode == 1
    assert "sudo apt-get install -y --no-install-recommends chromium" in result.stderr
    assert not (tmp_path / "apt.log").exists()


def test_as_root_it_installs_the_missing_packages(tmp_path):
    result = run(fake_bin(tmp_path, 0, installed=False))
    assert result.returncode == 0
    log = (tmp_path / "apt.log").read_text()
    assert "update" in log and "install" in log and "chromium" in log


def test_services_are_installed_but_not_started(tmp_path):
    """The multi-server tests start their own PostgreSQL, Redis and balancers: apt must not
    leave the system's instances running (policy-rc.d says "no" during the install)."""
    policy = tmp_path / "policy-rc.d"
    seen = tmp_path / "policy-seen"
    env = fake_bin(tmp_path, 0, installed=False)
    (tmp_path / "apt-get").write_text(
        f'#!/bin/sh\necho "$@" >> {tmp_path}/apt.log\n'
        f"[ -x {policy} ] && {policy} postgresql start; echo $? >> {seen}\n"
    )
    result = run({**env, "POLICY_RC_D": str(policy)})
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "apt.log").read_text()
    for package in ("postgresql", "redis-server", "haproxy", "nginx"):
        assert package in log
    assert seen.read_text().split()[-1] == "101", "services may start during the install"
    assert not policy.exists(), "the temporary policy is removed again"
