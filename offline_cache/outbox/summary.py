"""The readable part of a record: what the maintenance screen lists, nothing personal.

``{"kind": "case", "item": "<task_code>", "name": "张*"}`` — the kind, the service item's
code and the masked name. The rest of the body exists only sealed. A summary is checked
against every personal value of the body before it is stored: if some value (a name
typed into a field the summary copies) would show, that field is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from common.masking import mask_name

# Fields whose values are codes or numbers, never a person (copied when present).
_ITEM_FIELDS = ("task_code", "item_code", "service", "catalog_code")
_PLAIN_FIELDS = ("satisfaction", "pf", "window", "ticket_number", "status")


def personal_values(body: Any, personal: frozenset[str]) -> set[str]:
    """Every string value found under a personal key anywhere in ``body``."""
    out: set[str] = set()

    def walk(node: Any, under_personal: bool) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, under_personal or str(k) in personal)
        elif isinstance(node, (list, tuple)):
            for v in node:
                walk(v, under_personal)
        elif under_personal and node is not None and not isinstance(node, bool):
            text = str(node).strip()
            if len(text) >= 2:
                out.add(text)

    walk(body, False)
    return out


def make_summary(kind: str, body: dict[str, Any], personal: frozenset[str]) -> dict[str, Any]:
    """The non-personal summary of ``body`` (see the module docstring)."""
    summary: dict[str, Any] = {"kind": kind}
    for name in _ITEM_FIELDS:
        value = body.get(name)
        if isinstance(value, str) and value and name not in personal:
            summary["item"] = value[:64]
            break
    for name in _PLAIN_FIELDS:
        value = body.get(name)
        if name not in personal and isinstance(value, (str, int)) and not isinstance(value, bool):
            summary[name] = value if isinstance(value, int) else value[:32]
    name_value = _first_name(body.get("name"), body.get("applicant"))
    if name_value:
        summary["name"] = mask_name(name_value)
    secrets = personal_values(body, personal)
    return {k: v for k, v in summary.items() if k in ("kind", "name") or not _shows(v, secrets)}


def _first_name(*candidates: Any) -> str:
    for c in candidates:
        if isinstance(c, str) and c.strip():
            return c
        if isinstance(c, dict) and isinstance(c.get("name"), str):
            return c["name"]
    return ""


def _shows(value: Any, secrets: Iterable[str]) -> bool:
    text = str(value)
    return any(s in text for s in secrets)
