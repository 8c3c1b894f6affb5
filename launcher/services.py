"""Services the core offers, loaded after the first screen (their libraries are heavy:
sqlite-utils and pypinyin alone take longer to import than Qt shows a window)."""

from __future__ import annotations

from pathlib import Path

from kiosk.core import Core
from kiosk.logs import log_event

DEMO_CATALOG = Path(__file__).resolve().parent.parent / "offline_cache" / "data" / "xian_demo_catalog.json"


def catalog_path(core: Core) -> Path:
    return Path(core.settings.data_dir) / "catalog.sqlite"


def load_catalog(core: Core) -> None:
    """Open the offline catalog; in demo mode, import the bundled demo catalog first
    when the database does not hold it yet. A catalog that cannot be used (read-only or
    full disk, another program's file) or is empty becomes a ``catalog_problem`` the
    screens show, and one log line with its key."""
    from kiosk.catalog import CatalogError, CatalogImportError, CatalogService
    from kiosk.problems import ServiceProblem, problem_service_name

    path = catalog_path(core)
    try:
        service = CatalogService(path)  # makes the folder; a refusal changes nothing
    except CatalogError as exc:
        log_event("catalog_unavailable", key=exc.key, **exc.data)
        core.add_service(problem_service_name("catalog"), ServiceProblem("catalog", exc.key, exc.data))
        return
    if core.settings.demo and DEMO_CATALOG.exists() and service.stats().source != _demo_source():
        try:
            counts = service.import_file(DEMO_CATALOG, "feed", allow_shrink=True)  # the demo is replaced on purpose
            log_event("demo_catalog_imported", **counts)
        except CatalogImportError as exc:
            log_event("demo_catalog_rejected", error=str(exc))
        except CatalogError as exc:  # disk full or read-only: the import changed nothing
            log_event("demo_catalog_rejected", key=exc.key, **exc.data)
    if service.stats().items == 0:
        log_event("catalog_empty", path=str(path), hint="kiosk catalog import PATH")
        service.close()
        core.add_service(problem_service_name("catalog"), ServiceProblem("catalog", "catalog.missing",
                                                                          {"path": str(path)}))
        return
    core.add_service("catalog", service)
    log_event("service_ready", service="catalog", items=service.stats().items)


def _demo_source() -> str:
    import json

    with DEMO_CATALOG.open(encoding="utf-8") as f:
        return json.load(f).get("source", "")
