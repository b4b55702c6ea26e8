"""The installed ``studiobook`` script itself: what only a real process shows — its exit codes,
its streams, and a progress bar on a real terminal. (Everything else about the commands is in
tests/cli, which calls the same ``run`` in-process.)"""

from __future__ import annotations

import json
import os
import pty
import subprocess

import pytest

from tests.cli.support import (
    assert_error_contract,
    installed_env,
    studiobook_executable,
)


@pytest.fixture
def studiobook(run_installed_cli, sqlite_url):
    def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return run_installed_cli(*args, db=sqlite_url, env=env)

    return run


def test_success_exits_0_with_the_document_on_stdout(studiobook):
    assert studiobook("company", "add", "CrossFit Nord").returncode == 0
    added = studiobook("course", "add", "--title", "WOD 18:00", "--capacity", "10", "--json")
    assert (added.returncode, added.stderr) == (0, "")
    course = json.loads(added.stdout)
    listed = studiobook("course", "list", "--json")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert [c["id"] for c in json.loads(listed.stdout)] == [course["id"]]


def test_a_refused_operation_exits_1_and_a_usage_error_2(studiobook):
    assert "course 999" in assert_error_contract(studiobook("course", "show", "999"), codes=(1,))
    assert "--title" in assert_error_contract(studiobook("course", "add", "--capacity", "3"), codes=(2,))
    assert "nope" in assert_error_contract(studiobook("nope"), codes=(2,))


def test_version_and_help_exit_0(studiobook):
    version = studiobook("--version")
    assert version.returncode == 0 and "studiobook" in version.stdout
    shown = studiobook("--help")
    assert shown.returncode == 0 and "course" in shown.stdout and shown.stderr == ""


def test_a_bad_setting_is_one_error_line_naming_it(studiobook):
    broken = {"STUDIOBOOK_CLOCK": "nope"}  # an adapter name no plugin offers
    message = assert_error_contract(studiobook("course", "list", env=broken), codes=(1,))
    assert "nope" in message


def test_a_progress_bar_on_a_terminal_only(run_installed_cli, sqlite_url, tmp_path):
    plain = run_installed_cli("seed", "--industry", "doctor", db=sqlite_url)
    assert plain.returncode == 0 and plain.stderr == "", plain.stderr

    controller, terminal = pty.openpty()
    command = [studiobook_executable(), "--db", sqlite_url, "seed", "--industry", "hair"]
    shown = b""
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=terminal, text=True, cwd=tmp_path,
            env=installed_env(),
        )
        os.close(terminal)
        while chunk := _read(controller):  # read while it runs: a full terminal would block it
            shown += chunk
        out, _ = process.communicate(timeout=60)
    finally:
        os.close(controller)
    assert process.returncode == 0
    assert b"seeding" in shown and b"100%" in shown
    assert out.startswith("hair: ") and "seeding" not in out


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 4096)
    except OSError:  # the terminal's other end is closed
        return b""
