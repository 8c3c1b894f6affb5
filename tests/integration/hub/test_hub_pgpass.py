"""PostgreSQL's password reaches the hub through a password file (PGPASSFILE, what the
packaged unit's ``LoadCredential=pgpass`` hands over), never on its command line, on a
real cluster that asks for passwords."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.rigs.hub import REPO, HubProcess, _env
from tests.rigs.postgres import PostgresCluster

pytestmark = pytest.mark.slow
PASSWORD = "s3cret-hall-pw"


@pytest.fixture
def password_cluster() -> Iterator[PostgresCluster]:
    """A cluster of its own whose TCP logins need a password (scram-sha-256)."""
    cluster = PostgresCluster().start()
    try:
        cluster._as_user(
            str(cluster.bin / "psql"), "-h", str(cluster.sock_dir), "-p", str(cluster.port), "-U", cluster.user,
            "-d", "hub", "-c", f"CREATE ROLE hallhub LOGIN PASSWORD '{PASSWORD}'; ALTER DATABASE hub OWNER TO hallhub;"
            " GRANT ALL ON SCHEMA public TO hallhub",
        )  # fmt: skip
        hba = cluster.data / "pg_hba.conf"
        hba.write_text(
            "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n"
        )
        cluster._as_user(str(cluster.bin / "pg_ctl"), "-D", str(cluster.data), "reload")
        yield cluster
    finally:
        cluster.stop()


def test_the_hub_takes_its_password_from_a_password_file(
    password_cluster: PostgresCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"postgresql+psycopg://hallhub@127.0.0.1:{password_cluster.port}/hub"
    hub = HubProcess(url, {}, tmp_path)
    # Without the file the database refuses: one line, exit 2 (and no password anywhere).
    env = {**_env(), "PGPASSFILE": str(tmp_path / "none")}
    out = subprocess.run(hub.command(), capture_output=True, text=True, env=env, cwd=REPO, timeout=60, check=False)
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{password_cluster.port}:hub:hallhub:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))  # the rig hands its environment to the hub
    hub.start()
    try:
        assert PASSWORD not in Path(f"/proc/{hub.proc.pid}/cmdline").read_text()
        assert hub.query("SELECT current_user") == [("hallhub",)]
    finally:
        hub.stop()
