"""The hub's HTML pages from Mako templates in ``hub/templates/``: every ``${...}`` is
escaped (``default_filters=["h"]``), since hall, terminal and service names and the
texts of reports come from operators and terminals, never trusted as markup."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from mako.lookup import TemplateLookup

TEMPLATES = Path(__file__).with_name("templates")


@cache
def _lookup() -> TemplateLookup:
    return TemplateLookup(
        directories=[str(TEMPLATES)], default_filters=["h"], input_encoding="utf-8", strict_undefined=True
    )


def render(name: str, **values: object) -> str:
    """The template ``hub/templates/<name>`` filled with ``values``."""
    return str(_lookup().get_template(name).render(**values))
