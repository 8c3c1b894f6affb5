"""common.safe_write: the one helper every command's write goes through (issue 17)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from common.safe_write import UnsafeWrite, check_target, new_file, new_store_file, write_file


def test_a_new_file_appears_whole_with_its_mode_and_no_temporary_left(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_file(target, "数据\n", mode=0o600)
    assert target.read_text(encoding="utf-8") == "数据\n" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_an_existing_file_needs_overwrite_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "config.toml"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o640)
    with pytest.raises(UnsafeWrite) as exc:
        write_file(target, "new\n")
    assert exc.value.key == "write.exists" and target.read_text(encoding="utf-8") == "old\n"
    write_file(target, "new\n", overwrite=True, mode=0o600)
    assert target.read_text(encoding="utf-8") == "new\n" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_database_is_never_overwritten_unless_it_is_ours(tmp_path: Path) -> None:
    target = tmp_path / "theirs.sqlite"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = target.read_bytes()
    with pytest.raises(UnsafeWrite) as exc:
        write_file(target, b"x", overwrite=True)
    assert exc.value.key == "write.foreign_database" and target.read_bytes() == before
    write_file(target, b"x", overwrite=True, ours=lambda p: p == target)
    assert target.read_bytes() == b"x"


def test_a_failing_writer_leaves_the_target_and_only_removes_its_own_temporary(tmp_path: Path) -> None:
    target = tmp_path / "backup.sqlite"
    theirs = tmp_path / "backup.sqlite.part"
    theirs.write_text("someone's\n", encoding="utf-8")
    with pytest.raises(RuntimeError), new_file(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("the copy failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.sqlite.part"]
    assert theirs.read_text(encoding="utf-8") == "someone's\n"


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    with pytest.raises(UnsafeWrite) as exc, new_file(target) as tmp:
        tmp.write_text("mine\n", encoding="utf-8")
        target.write_text("another process's\n", encoding="utf-8")
    assert exc.value.key == "write.exists" and target.read_text(encoding="utf-8") == "another process's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


@pytest.mark.parametrize("kind", ["folder", "fifo", "missing folder"])
def test_what_is_not_a_file_is_refused(tmp_path: Path, kind: str) -> None:
    if kind == "folder":
        target, key = tmp_path / "dir", "write.folder"
        target.mkdir()
    elif kind == "fifo":
        target, key = tmp_path / "pipe", "write.fifo"
        os.mkfifo(target)
    else:
        target, key = tmp_path / "no" / "file", "write.no_folder"
    with pytest.raises(UnsafeWrite) as exc:
        write_file(target, b"x", overwrite=True)
    assert exc.value.key == key and str(target) in str(exc.value)


def test_a_store_file_is_made_once_and_never_over_an_existing_one(tmp_path: Path) -> None:
    target = tmp_path / "hub.sqlite"
    new_store_file(target, 0o640)
    assert target.stat().st_size == 0 and stat.S_IMODE(target.stat().st_mode) == 0o640
    target.write_bytes(b"data")
    with pytest.raises(FileExistsError):
        new_store_file(target)
    assert target.read_bytes() == b"data"


def test_a_missing_folder_is_refused_unless_the_writer_makes_it(tmp_path: Path) -> None:
    # A first `kiosk setup` writes into ~/.config/hall-kiosk/, which does not exist yet.
    target = tmp_path / "config" / "hall-kiosk" / "config.toml"
    with pytest.raises(UnsafeWrite) as refused:
        check_target(target)
    assert refused.value.key == "write.no_folder"
    check_target(target, folder_made=True)
    assert not target.parent.exists()  # checking makes nothing
