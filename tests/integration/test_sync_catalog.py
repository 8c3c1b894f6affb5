"""Catalog versions from a REAL hub to a terminal: publish v1 → full sync; publish v2
with a few changes → the terminal receives only those and applies them in one
transaction; a delta the terminal's checks refuse changes nothing."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk.catalog.service import CatalogService
from kiosk.config.settings import Settings
from kiosk.sync import SyncService
from offline_cache.sync import client as client_module
from offline_cache.sync.engine import Timing
from tests.rigs import hub as hub_rig
from tests.rigs.hub import REPO, HubProcess, _env

hub = hub_rig.hub  # the fixture: a fresh hub subprocess per test

DEMO = REPO / "offline_cache" / "data" / "xian_demo_catalog.json"
PULL = Timing(heartbeat_s=3600, updates_s=3600, catalog_s=0.0)


class Recording:
    """The real client; remembers what each catalog pull brought."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.pulls: list[Any] = []

    def catalog_changes(self, since: str | None) -> Any:
        changes = self.client.catalog_changes(since)
        self.pulls.append((since, changes))
        return changes

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)


def publish(hub: HubProcess, doc: dict, path: Path) -> subprocess.CompletedProcess[str]:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "hub", "catalog", "publish", str(path), "--db", hub.db_url],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=REPO,
        timeout=60,
    )


def publish_unchecked(hub: HubProcess, doc: dict) -> None:
    """Publish through the hub's own (shallow) check, as an older CLI did."""
    import time

    from hub import catalog as hub_catalog
    from hub.db import make_engine

    engine = make_engine(hub.db_url, pool_size=1)
    try:
        hub_catalog.publish(engine, doc, time.time())
    finally:
        engine.dispose()


# A fresh hub per test: each publishes catalog versions of its own and asserts which
# version and delta a terminal receives, which another test's publishing would change.


def test_full_sync_then_only_the_delta(hub: HubProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client_module, "CATALOG_PAGE", 25)  # the full sync comes in 6 pages
    v1 = json.loads(DEMO.read_text(encoding="utf-8"))
    out = publish(hub, v1, tmp_path / "v1.json")
    assert out.returncode == 0 and "127 items" in out.stdout
    catalog = CatalogService(tmp_path / "terminal" / "catalog.sqlite")
    client = hub.client("kiosk")
    transport = Recording(client)
    service = SyncService(Settings(data_dir=tmp_path / "terminal"), transport=transport, catalog=catalog, timing=PULL)
    try:
        service.engine.step()
        since, full = transport.pulls[-1]
        assert since is None and full.full and len(full.upserts) == 127
        assert catalog.version() == v1["catalog_version"] and catalog.stats().items == 127
        assert service.outbox.get_state("catalog_version") == str(v1["catalog_version"])

        v2 = copy.deepcopy(v1)
        v2["catalog_version"] = v1["catalog_version"] + 1
        in_bundles = {c for b in v2["bundles"] for c in b["item_codes"]}
        free = [i for i in v2["items"] if i["task_code"] not in in_bundles]
        for item in free[:3]:
            item["task_name"] += "（已更新）"
        gone = {free[3]["task_code"], free[4]["task_code"]}
        new = copy.deepcopy(free[5])
        new["task_code"] = "DELTA00000000000000000000000001"
        new["task_name"] = "增量同步演示事项"
        v2["items"] = [i for i in v2["items"] if i["task_code"] not in gone] + [new]
        out = publish(hub, v2, tmp_path / "v2.json")
        assert out.returncode == 0 and "4 new or changed, 2 removed" in out.stdout, out.stdout + out.stderr

        service.engine.step()
        since, delta = transport.pulls[-1]
        assert since == str(v1["catalog_version"]) and not delta.full
        assert sorted(i["task_code"] for i in delta.upserts) == sorted(
            [i["task_code"] for i in free[:3]] + [new["task_code"]]
        )
        assert sorted(delta.removals) == sorted(gone)
        assert catalog.version() == v2["catalog_version"] and catalog.stats().items == 126
        assert catalog.item(free[0]["task_code"]).task_name.endswith("（已更新）")
        assert catalog.search("增量同步演示")[0].task_code == new["task_code"]

        service.engine.step()  # nothing new: nothing applied
        assert transport.pulls[-1] == (str(v2["catalog_version"]), None)

        # A delta the terminal's full check refuses: the catalog stays as it was.
        v3 = copy.deepcopy(v2)
        v3["catalog_version"] = v2["catalog_version"] + 1
        v3["items"][0]["task_name"] = "名" * 5000
        v3["items"][1]["task_name"] = "这一项本来没问题"
        refused = publish(hub, v3, tmp_path / "v3.json")  # the CLI runs the import's checks first
        assert refused.returncode == 2 and "catalog.import.too_long" in refused.stderr, refused.stderr
        publish_unchecked(hub, v3)  # an older CLI, or the API's shallow check alone
        before = (catalog.version(), catalog.stats(), catalog.item(v3["items"][1]["task_code"]).task_name)
        service.engine.step()
        assert service.engine.state().last_error_key == "catalog.import.too_long"
        assert (catalog.version(), catalog.stats(), catalog.item(v3["items"][1]["task_code"]).task_name) == before
        assert service.outbox.get_state("catalog_version") == str(v2["catalog_version"])
    finally:
        service.stop()
        client.close()
        catalog.close()


def test_an_older_or_malformed_version_is_refused_with_one_line(hub: HubProcess, tmp_path: Path) -> None:
    v1 = json.loads(DEMO.read_text(encoding="utf-8"))
    assert publish(hub, v1, tmp_path / "v1.json").returncode == 0
    older = {**v1, "catalog_version": v1["catalog_version"] - 1}
    out = publish(hub, older, tmp_path / "old.json")
    assert out.returncode == 2 and out.stderr.strip().count("\n") == 0
    assert "catalog.version_not_newer" in out.stderr
    twice = {**v1, "catalog_version": v1["catalog_version"] + 1, "items": v1["items"] + v1["items"][:1]}
    out = publish(hub, twice, tmp_path / "dup.json")
    assert out.returncode == 2 and "duplicate" in out.stderr and "Traceback" not in out.stderr
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "hub", "catalog", "publish", str(tmp_path / "junk.json"), "--db", hub.db_url],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=REPO,
        timeout=60,
    )
    assert out.returncode == 2 and "catalog.publish.bad_json" in out.stderr
    with hub.client("kiosk") as client:  # still v1 on the hub
        assert client.catalog_changes(None).version == v1["catalog_version"]
        assert client.catalog_changes(str(v1["catalog_version"])) is None


def test_a_terminal_that_already_holds_the_version_asks_only_for_changes(hub: HubProcess, tmp_path: Path) -> None:
    v1 = json.loads(DEMO.read_text(encoding="utf-8"))
    catalog = CatalogService(tmp_path / "t" / "catalog.sqlite")
    catalog.import_file(DEMO)  # the bundled catalog
    with hub.client("kiosk") as client:
        assert client.catalog_changes(None) is None  # nothing published yet
        assert publish(hub, v1, tmp_path / "v1.json").returncode == 0
        transport = Recording(client)
        service = SyncService(Settings(data_dir=tmp_path / "t"), transport=transport, catalog=catalog, timing=PULL)
        try:
            service.engine.step()
            assert transport.pulls == [(str(v1["catalog_version"]), None)]
        finally:
            service.stop()
            catalog.close()


def catalog_status(hub: HubProcess) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "hub", "catalog", "status", "--db", hub.db_url],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=REPO,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.parametrize("keep", [0, 2])
def test_a_feed_that_drops_most_items_is_not_published_without_allow_shrink(
    hub: HubProcess, tmp_path: Path, keep: int
) -> None:
    v1 = json.loads(DEMO.read_text(encoding="utf-8"))
    assert publish(hub, v1, tmp_path / "v1.json").returncode == 0
    kept = v1["items"][:keep]
    small = {**v1, "catalog_version": v1["catalog_version"] + 1, "items": kept, "bundles": []}
    out = publish(hub, small, tmp_path / "small.json")
    assert out.returncode == 2 and out.stderr.strip().count("\n") == 0, out.stderr
    assert out.stderr.strip() == (
        f"kiosk hub: catalog.import.shrinks: the feed would remove {127 - keep} of the 127 published "
        f"items ({keep} left); nothing was published: pass --allow-shrink if that is intended"
    )
    assert "version" in catalog_status(hub) and f"version {small['catalog_version']}" not in catalog_status(hub)
    with hub.client("kiosk") as client:
        assert client.catalog_changes(None).version == v1["catalog_version"]


def test_an_allowed_shrink_reaches_the_terminals_and_a_refusal_reaches_the_publisher(
    hub: HubProcess, tmp_path: Path
) -> None:
    v1 = json.loads(DEMO.read_text(encoding="utf-8"))
    assert publish(hub, v1, tmp_path / "v1.json").returncode == 0
    catalog = CatalogService(tmp_path / "terminal" / "catalog.sqlite")
    client = hub.client("kiosk")
    timing = Timing(heartbeat_s=0.0, updates_s=3600, catalog_s=0.0)
    service = SyncService(Settings(data_dir=tmp_path / "terminal"), transport=client, catalog=catalog, timing=timing)
    try:
        service.engine.step()
        assert catalog.stats().items == 127
        v2 = {**v1, "catalog_version": v1["catalog_version"] + 1, "items": v1["items"][:2], "bundles": []}
        path = tmp_path / "v2.json"
        path.write_text(json.dumps(v2, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "kiosk",
                "hub",
                "catalog",
                "publish",
                str(path),
                "--db",
                hub.db_url,
                "--allow-shrink",
            ],
            capture_output=True,
            text=True,
            env=_env(),
            cwd=REPO,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        service.engine.step()
        assert catalog.version() == v2["catalog_version"] and catalog.stats().items == len(v2["items"])

        # A version the terminal refuses: its heartbeat tells the hub, the publisher reads it.
        v3 = copy.deepcopy(v2)
        v3["catalog_version"] = v2["catalog_version"] + 1
        v3["items"][0]["task_name"] = "名" * 5000
        publish_unchecked(hub, v3)
        service.engine.step()
        service.engine.step()  # the heartbeat after the refusal
        assert f"terminal test-kiosk refused catalog version {v3['catalog_version']}: catalog.import.too_long" in (
            catalog_status(hub)
        )
    finally:
        service.stop()
        client.close()
        catalog.close()
