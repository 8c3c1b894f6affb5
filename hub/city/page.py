"""The city page and the report as HTML, from Mako templates in ``templates/`` that
escape every ``${...}`` (``default_filters=["h"]``): hall names and refusal texts come
from halls and operators, never trusted as markup."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from mako.lookup import TemplateLookup

from hub.city import report

LEVEL_NAMES = {
    "city": "市级 city",
    "district": "区县 district",
    "street": "街道 street",
    "community": "社区 community",
    "post": "驿站 post",
}


@cache
def _lookup() -> TemplateLookup:
    return TemplateLookup(
        directories=[str(Path(__file__).with_name("templates"))],
        default_filters=["h"],
        input_encoding="utf-8",
        strict_undefined=True,
    )


def city_page(halls: list[dict[str, Any]], choices: dict[str, list[str]], today: str, district: str, level: str) -> str:
    """The page of every hall (``hub.city.view.halls``) with its filters."""
    return (
        _lookup()
        .get_template("city.html.mako")
        .render(halls=halls, choices=choices, today=today, district=district, level=level, level_names=LEVEL_NAMES)
    )


def report_page(rows: list[dict[str, Any]], p: report.Period, today: str) -> str:
    """A day's or month's report (``hub.city.report.build``) as a page."""
    return (
        _lookup()
        .get_template("report.html.mako")
        .render(
            rows=rows,
            columns=report.COLUMNS,
            label=p.label,
            first=p.first.isoformat(),
            last=p.last.isoformat(),
            today=today,
        )
    )


def login_page(message: str = "") -> str:
    """The form that posts the status password or an admin token to ``/city/login``."""
    return _lookup().get_template("login.html.mako").render(message=message)
