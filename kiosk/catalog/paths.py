"""Where the catalog lives: the one rule for the database path and the bundled demo feed."""

from __future__ import annotations

from pathlib import Path

DEMO_CATALOG = Path(__file__).resolve().parents[2] / "offline_cache" / "data" / "xian_demo_catalog.json"


def catalog_path(data_dir: Path) -> Path:
    """The offline catalog database inside a terminal's data folder."""
    return Path(data_dir) / "catalog.sqlite"


def demo_source() -> str:
    """The ``source`` field of the bundled demo feed (to tell whether it is imported)."""
    import json

    with DEMO_CATALOG.open(encoding="utf-8") as f:
        return str(json.load(f).get("source", ""))
