"""`okrtui ssh --me HANDLE`: one SSH key per person, allowing exactly the check-in screen,
the one-line check-in on that person's own KRs, and the vote."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.commands.ssh import Refused, Request, dispatch
from okrtui.store import Store, open_db
from tests.conftest import build_small_org


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        (None, Request("checkin", ())),
        ("", Request("checkin", ())),
        ("okrtui", Request("checkin", ())),
        ("okrtui checkin", Request("checkin", ())),
        ("checkin", Request("checkin", ())),
        ("/srv/okr/.venv/bin/okrtui checkin", Request("checkin", ())),
        (
            "okrtui checkin ENG-1.1 -c 6",
            Request("checkin", ("--confidence=6", "--", "ENG-1.1"), "ENG-1.1"),
        ),
        (
            'okrtui checkin ENG-1.1 --confidence=6 -v 42 -n "cache landed; --db x"',
            Request(
                "checkin",
                ("--confidence=6", "--value=42", "--note=cache landed; --db x", "--", "ENG-1.1"),
                "ENG-1.1",
            ),
        ),
        (
            "okrtui checkin ENG-1.2 -c7 --done",
            Request("checkin", ("--confidence=7", "--done", "--", "ENG-1.2"), "ENG-1.2"),
        ),
        ("okrtui checkin ENG-1.1 -c 5 -v -3", None),  # a negative value is a value
        ("okrtui vote", Request("vote", ())),
        ("okrtui vote 7", Request("vote", ("7",))),
    ],
)
def test_what_is_allowed(original: str | None, expected: Request | None) -> None:
    request = dispatch(original)
    if expected is not None:
        assert request == expected
    else:
        assert request.args == ("--confidence=5", "--value=-3", "--", "ENG-1.1")


@pytest.mark.parametrize(
    "original",
    [
        "bash",
        "sh -c 'okrtui checkin'",
        "okrtui timeline",
        "okrtui export -o /tmp/x",
        "okrtui --db /srv/other.db checkin",
        "okrtui checkin --db /srv/other.db",
        "okrtui checkin --me ben",
        "okrtui checkin ENG-1.1 -c 6 --me=ben",
        "okrtui checkin --help",
        "okrtui checkin ENG-1.1 -c 6; rm -rf ~",
        "okrtui checkin ENG-1.1 ENG-1.2 -c 6",
        "okrtui checkin -c 6",
        "okrtui checkin ENG-1.1 -c",
        "okrtui vote --me ben 7",
        "okrtui vote 7 8",
        "okrtui vote --help",
        "okrtui checkin 'unclosed",
        "scp -t /srv/okr/team.db",
    ],
)
def test_anything_else_is_refused(original: str) -> None:
    with pytest.raises(Refused):
        dispatch(original)


@pytest.fixture
def team_db(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    store = Store(open_db(path), actor="test")
    build_small_org(store)
    store.db.close()
    return path


def ssh(team_db: Path, handle: str, original: str | None) -> tuple[int, str, str]:
    env = {"SSH_ORIGINAL_COMMAND": original, "OKRTUI_USER": None}
    result = CliRunner().invoke(cli, ["--db", str(team_db), "ssh", "--me", handle], env=env)
    return result.exit_code, result.stdout, result.stderr


def checkins(path: Path) -> list[tuple[Any, ...]]:
    conn = open_db(path, create=False)
    try:
        rows = conn.execute("SELECT kr_id, confidence, author_id FROM checkins ORDER BY id")
        return [tuple(r) for r in rows.fetchall()]
    finally:
        conn.close()


def test_a_one_line_checkin_on_ones_own_kr(team_db: Path) -> None:
    code, out, err = ssh(team_db, "ana", "okrtui checkin ENG-1.1 -c 4")
    assert code == 0, err
    assert out.startswith("ENG-1.1 p95 latency: confidence")
    store = Store(open_db(team_db, create=False))
    ana = {p.handle: p.id for p in store.person_rows()}["ana"]
    kr = store.kr_by_ref("ENG-1.1")
    store.db.close()
    assert checkins(team_db)[-1] == (kr.id, 4, ana)


def test_someone_elses_kr_is_refused_and_nothing_written(team_db: Path) -> None:
    before = checkins(team_db)
    code, out, err = ssh(team_db, "ben", "okrtui checkin ENG-1.1 -c 4")
    assert (code, out) == (2, "")
    assert err == "okrtui: ENG-1.1 is not one of your KRs; this key checks in only on yours\n"
    assert checkins(team_db) == before


def test_the_key_owner_cannot_be_changed_from_the_client(team_db: Path) -> None:
    before = checkins(team_db)
    code, _, err = ssh(team_db, "ben", "okrtui checkin ENG-1.1 -c 4 --me ana")
    assert code == 2 and "'--me' is not allowed" in err
    assert checkins(team_db) == before


def test_an_unknown_person_is_refused(team_db: Path) -> None:
    code, _, err = ssh(team_db, "zed", "okrtui vote 7")
    assert code == 2 and "zed" in err


def test_no_command_opens_the_checkin_screen_as_that_person(
    team_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int] = []
    monkeypatch.setattr(
        "okrtui.tui.checkin_app.run_checkin",
        lambda env, store, me_id: opened.append(me_id),
    )
    code, _, err = ssh(team_db, "ben", None)
    assert code == 0, err
    store = Store(open_db(team_db, create=False))
    assert opened == [{p.handle: p.id for p in store.person_rows()}["ben"]]
    store.db.close()


def test_a_vote_is_cast_as_that_person(team_db: Path) -> None:
    from okrtui.agenda import AgendaLibrary
    from okrtui.meeting.session import MeetingSession
    from okrtui.meeting.vote import open_vote
    from okrtui.resources import builtin_agendas_dir

    store = Store(open_db(team_db), actor="test")
    people = {p.handle: p.id for p in store.person_rows()}
    session = MeetingSession.start(
        store,
        AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin"),
        cycle=store.cycle_by_slug("2026-Q4"),
        team_id=store.team_by_code("ENG").id,
        facilitator_id=people["ana"],
        attendee_ids=list(people.values()),
    )
    open_vote(store, session.meeting.id, store.kr_by_ref("ENG-1.1").id)
    store.db.close()
    code, out, err = ssh(team_db, "ben", "okrtui vote 8")
    assert code == 0, err
    assert "your vote 8 is in" in out
    conn = open_db(team_db, create=False)
    assert conn.execute("SELECT person_id, confidence FROM votes").fetchall() == [
        (people["ben"], 8)
    ]
    conn.close()


def test_non_utf8_bytes_in_the_command_are_refused(team_db: Path) -> None:
    before = checkins(team_db)
    original = b"okrtui checkin ENG-1.1 -c 4 -n caf\xe9".decode("utf-8", "surrogateescape")
    code, _, err = ssh(team_db, "ana", original)
    assert code == 2 and "not valid UTF-8" in err
    assert checkins(team_db) == before


# -- through a real sshd on loopback, where the machine has one ---------------------

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if os.path.exists("/usr/sbin/sshd") else None)


def _wait_for_port(server: subprocess.Popen[str], port: int) -> None:
    """Until sshd listens; a machine whose sshd cannot run here skips the test."""
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            assert server.stderr is not None
            pytest.skip(f"sshd does not run here: {server.stderr.read().strip()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.skip("sshd did not listen")


@pytest.mark.skipif(
    SSHD is None or shutil.which("ssh") is None or shutil.which("ssh-keygen") is None,
    reason="no sshd/ssh on this machine",
)
def test_through_a_real_sshd_on_loopback(team_db: Path, tmp_path: Path) -> None:
    assert SSHD is not None
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    for name in ("host", "client"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True
        )
    okrtui = f"{sys.executable} -m okrtui --db {team_db} ssh --me ana"
    client_key = (keys / "client.pub").read_text().strip()
    authorized = keys / "authorized_keys"
    authorized.write_text(f'command="{okrtui}",restrict {client_key}\n')
    authorized.chmod(0o600)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = keys / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host'}\n"
        f"AuthorizedKeysFile {authorized}\nPasswordAuthentication no\n"
        f"StrictModes no\nPidFile {keys / 'pid'}\nUsePAM no\n"
        f"SetEnv PYTHONPATH={Path(__file__).resolve().parents[2]}\n"
    )
    server = subprocess.Popen(
        [SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for_port(server, port)
        user = pwd.getpwuid(os.getuid()).pw_name
        base = [
            "ssh", "-p", str(port), "-i", str(keys / "client"), "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=no", "-o", f"UserKnownHostsFile={keys / 'known'}",
            f"{user}@127.0.0.1",
        ]  # fmt: skip
        before = checkins(team_db)
        done = subprocess.run(
            [*base, "okrtui checkin ENG-1.1 -c 3 -n 'over ssh'"], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("ENG-1.1 p95 latency: confidence")
        assert len(checkins(team_db)) == len(before) + 1
        for refused in ("okrtui timeline; id", "okrtui checkin ENG-1.1 -c 3 --me ben", "bash"):
            done = subprocess.run([*base, refused], capture_output=True, text=True)
            assert done.returncode == 2, (refused, done.stderr)
            assert done.stderr.startswith("okrtui: ") and "uid=" not in done.stdout
        assert len(checkins(team_db)) == len(before) + 1
    finally:
        server.terminate()
        server.wait()
