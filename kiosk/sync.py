"""The sync service the screens and the core call (no Qt): the outbox and its engine.

    service = SyncService(settings, transport=hub_client, health=devices.snapshot)
    service.listen(on_sync_state)      # online, last contact, waiting, dead, last error key
    service.start()
    record = service.put_case("1161...", values, applicant=person, images=[scan])
    ... print the receipt with record.id / record.seq ...
    service.stop()

``put_*`` returns once the record is durably stored (sealed); sending happens on the
sync thread, which is woken at once. Files live in ``settings.data_dir``:
``outbox.sqlite``, ``outbox.key``, ``blobs/``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from common.masking import mask_name
from kiosk.config.settings import Settings
from kiosk.hall_time import hall_local
from offline_cache.outbox import Outbox, Record
from offline_cache.sync.engine import (
    SyncEngine,
    SyncRunner,
    SyncState,
    Timing,
    Transport,
)
from offline_cache.wire import Evaluation, WireError
from offline_cache.wire.catalog import CatalogChanges


class CatalogTarget(Protocol):
    """What the engine's catalog pull needs of ``kiosk.catalog.service.CatalogService``."""

    def version(self) -> int: ...

    def apply_changes(
        self,
        version: int,
        upserts: list[dict[str, Any]],
        removals: list[str],
        rest: dict[str, Any] | None = None,
        *,
        full: bool = False,
    ) -> dict[str, int]: ...


def catalog_applier(catalog: CatalogTarget) -> Callable[[CatalogChanges], str]:
    """The engine's ``apply_catalog``: applies a :class:`CatalogChanges` in one
    transaction and returns the version now held (a bad batch raises, changing nothing)."""

    def apply(changes: CatalogChanges) -> str:
        catalog.apply_changes(changes.version, changes.upserts, changes.removals, changes.rest, full=changes.full)
        return str(changes.version)

    return apply


RETENTION_S = 30 * 86_400  # sent cases keep their personal data 30 days (configurable later)
# Evaluation fields that may name a person: sealed (as every body) and never summarised.
EVALUATION_PERSONAL = frozenset({"userName", "writingEvaluation", "proManager", "workNo"})
_PLACEHOLDER_ID = "0" * 32  # the record id is the Evaluation's id; the client fills it in


class SyncService:
    """One terminal's outbox and sync engine, built from the settings.

    Args:
        settings: the terminal's settings (``data_dir``, ``terminal_id``, ``hall``).
        transport: the hub (``offline_cache.sync.client.HubClient`` for ``settings.hub``).
        health: the device health snapshot sent with each heartbeat.
        apply_catalog: applies pulled catalog changes, returns the new version.
        catalog: the catalog service: when given (and ``apply_catalog`` is not), pulled
            changes are applied to it with :func:`catalog_applier`.
        clock: wall-clock seconds.
        retention_s: how long sent records keep their personal data.

    Raises:
        StorageError: the data folder cannot hold the outbox (see ``offline_cache.db``).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: Transport,
        health: Callable[[], dict[str, Any]] = dict,
        apply_catalog: Callable[[Any], str] | None = None,
        catalog: CatalogTarget | None = None,
        clock: Callable[[], float] = time.time,
        retention_s: float = RETENTION_S,
        timing: Timing | None = None,
    ) -> None:
        self.settings = settings
        self.retention_s = retention_s
        self.clock = clock
        self.outbox = Outbox(settings.data_dir, clock=clock)
        if catalog is not None and apply_catalog is None:
            apply_catalog = catalog_applier(catalog)
            # Ask the hub for what changed since the version the terminal already holds
            # (the bundled catalog, an import), not for the whole catalog again.
            if self.outbox.get_state("catalog_version") is None and catalog.version() > 0:
                self.outbox.set_state({"catalog_version": str(catalog.version())})
        self.engine = SyncEngine(
            self.outbox,
            transport,
            clock=clock,
            health=health,
            apply_catalog=apply_catalog,
            timing=timing,
            retention_s=retention_s,
        )
        self._runner = SyncRunner(self.engine)

    # ---- life ---------------------------------------------------------------------------
    def start(self) -> None:
        """Start the sync thread (it also purges expired personal data, at once and hourly)."""
        self._runner.start()

    def stop(self) -> None:
        """Stop the sync thread and close the outbox (records stay for the next start)."""
        self._runner.stop()
        self.outbox.close()

    def state(self) -> SyncState:
        return self.engine.state()

    def listen(self, callback: Callable[[SyncState], None]) -> None:
        """``callback(state)`` on every change, on the sync thread (the UI bridges it)."""
        self.engine.listen(callback)

    # ---- records ------------------------------------------------------------------------
    def put_case(
        self,
        task_code: str,
        values: dict[str, Any],
        *,
        applicant: dict[str, Any],
        images: Sequence[bytes] = (),
        personal: Iterable[str] = (),
    ) -> Record:
        """Store a case taken at this terminal (收件) durably; it is sent in order.

        Args:
            task_code: the item's implementation code (实施编码).
            values: the form's values.
            applicant: the person (``name``, ``id_number``, ``phone``, ``address``...).
            images: captured material images.
            personal: further field names of ``values`` that are personal.
        """
        body = {
            "task_code": task_code,
            "terminal_id": self.settings.terminal_id,
            "hall_code": self.settings.hall.code,
            "area_code": self.settings.hall.area_code,
            "applicant": dict(applicant),
            "values": dict(values),
        }
        record = self.outbox.put("case", body, blobs=images, personal={"applicant", "values", *applicant, *personal})
        self._runner.wake()
        return record

    def put_evaluation(self, fields: dict[str, Any]) -> Record:
        """Store a 好差评 record, checked now so that a bad one is refused on the screen.

        Args:
            fields: :class:`offline_cache.wire.Evaluation` fields without ``id`` (the
                outbox record's id is the evaluation's id, set by the client when it
                sends); ``pf`` 5, the hall's codes and ``assessTime`` (now) unless given;
                ``userName`` is masked here (the hub never sees a full name).

        Raises:
            WireError: the fields break the standard's rules (key ``wire.invalid``).
        """
        if "id" in fields:
            raise WireError("id", "set by the outbox, not by the caller")
        stamp = hall_local(self.clock(), self.settings.hall.timezone).isoformat(timespec="seconds")
        merged = {
            "pf": 5,
            "hallCode": self.settings.hall.code,
            "areaCode": self.settings.hall.area_code,
            "assessTime": stamp,
            **fields,
        }
        if merged.get("userName"):
            merged["userName"] = mask_name(str(merged["userName"]))
        body = Evaluation.from_dict({**merged, "id": _PLACEHOLDER_ID}).to_dict()
        del body["id"]
        record = self.outbox.put("evaluation", body, personal=EVALUATION_PERSONAL)
        self._runner.wake()
        return record

    def put_record(self, kind: str, body: dict[str, Any], *, personal: Iterable[str] = ()) -> Record:
        """Store any other record (``help_request``, ``audit_entry``, ``unresolved_report``)
        durably, sealed; it is sent in order like the rest."""
        record = self.outbox.put(kind, body, personal=personal)
        self._runner.wake()
        return record

    def case_status(self, case_number: str) -> list[dict[str, Any]]:
        """Status changes of a case the hub reported (办件查询), oldest first."""
        return self.outbox.case_status(case_number)

    def dead_letters(self) -> list[Record]:
        """Records the hub refused (maintenance screen)."""
        return self.outbox.dead_letters()
