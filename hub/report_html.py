"""The day's report as one HTML page a hall manager reads at a glance: labels from the
hub's texts (``report.*`` in ``hub/texts/<lang>.json``; Chinese by default), inline SVG
bar charts drawn here (no JavaScript, no external file, no web font), laid out to print
on A4 portrait."""

from __future__ import annotations

import html
from collections.abc import Sequence

from hub.report import DayReport, Ratings, ServiceFigures
from hub.words import FALLBACK, hub_text

COLORS = ("#1f6fb2", "#e08a1e", "#2e9e5b", "#b23c3c", "#7a52a8", "#4b8c8c", "#a0892c")
WIDTH = 680  # px; A4 portrait at 96 dpi minus the margins is about 700
e = html.escape
DONE = ' class="done"'


def _t(lang: str, key: str, **data: object) -> str:
    """The text ``report.<key>`` in ``lang``, escaped for the page."""
    return e(hub_text(f"report.{key}", lang, **data))


def _duration(seconds: float | None, lang: str = FALLBACK) -> str:
    """Seconds as minutes and seconds (3分05秒, 3 min 05 s; ``—`` for none)."""
    if seconds is None:
        return "—"
    m, s = divmod(int(round(seconds)), 60)
    if m:
        return hub_text("report.minutes_seconds", lang, m=m, s=f"{s:02d}")
    return hub_text("report.seconds", lang, s=s)


def _fmt_s(seconds: float | None, lang: str = FALLBACK) -> str:
    """``_duration`` escaped for the page."""
    return e(_duration(seconds, lang))


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    stacked: bool = False,
    unit: str = "",
    height: int = 220,
) -> str:
    """A vertical bar chart as inline SVG: one group per category, one bar per series
    (or one stacked bar); each bar's value is written on it, so the chart reads in
    black and white too."""
    left, bottom, top = 44, 36, 28
    plot_w, plot_h = WIDTH - left - 10, height - bottom - top
    totals = [
        sum(vals[i] for _, vals in series) if stacked else max((vals[i] for _, vals in series), default=0)
        for i in range(len(categories))
    ]
    peak = max([*totals, 0]) or 1
    step = _nice_step(peak)
    peak = step * max(1, -(-peak // step))
    group_w = plot_w / max(1, len(categories))
    bar_w = group_w * 0.7 / (1 if stacked else max(1, len(series)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{e(title)}">',
        f'<text x="0" y="16" font-size="14" font-weight="bold">{e(title)}</text>',
    ]
    ticks = int(peak // step)
    for t in range(ticks + 1):
        v = t * step
        y = top + plot_h - plot_h * v / peak
        parts.append(
            f'<line x1="{left}" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">'
            f"{_short(v)}{e(unit)}</text>"
        )
    for i, cat in enumerate(categories):
        x0 = left + i * group_w + group_w * 0.15
        base = 0.0
        for j, (_, vals) in enumerate(series):
            v = vals[i]
            h = plot_h * v / peak
            x = x0 if stacked else x0 + j * bar_w
            y = top + plot_h - h - (plot_h * base / peak if stacked else 0)
            if v:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" '
                    f'fill="{COLORS[j % len(COLORS)]}"/>'
                )
                if not stacked or h > 12:
                    ty = y - 2 if not stacked else y + h / 2 + 4
                    fill = "#000" if not stacked else "#fff"
                    parts.append(
                        f'<text x="{x + bar_w / 2:.1f}" y="{ty:.1f}" font-size="10" '
                        f'text-anchor="middle" fill="{fill}">{_short(v)}</text>'
                    )
            if stacked:
                base += v
        parts.append(
            f'<text x="{left + (i + 0.5) * group_w:.1f}" y="{top + plot_h + 14}" font-size="11" '
            f'text-anchor="middle">{e(cat)}</text>'
        )
    parts.append(f'<line x1="{left}" x2="{WIDTH - 10}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#333"/>')
    lx = left
    for j, (label, _) in enumerate(series if len(series) > 1 else ()):
        parts.append(
            f'<rect x="{lx}" y="{height - 14}" width="10" height="10" fill="{COLORS[j % len(COLORS)]}"/>'
            f'<text x="{lx + 14}" y="{height - 5}" font-size="11">{e(label)}</text>'
        )
        lx += 24 + 12 * len(label)
    parts.append("</svg>")
    return "".join(parts)


def _nice_step(peak: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000):
        if peak / step <= 6:
            return step
    return 10 ** len(str(int(peak)))


def _short(v: float) -> str:
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}"


def _service_rows(figures: Sequence[ServiceFigures], lang: str) -> str:
    def t(seconds: float | None) -> str:
        return _fmt_s(seconds, lang)

    return "".join(
        f"<tr><td>{_t(lang, 'total') if f.code == 'ALL' else e(f'{f.code} {f.name}')}</td><td>{f.issued}</td>"
        f"<td>{f.called}</td><td>{f.finished}</td>"
        f"<td>{f.no_shows}</td><td>{t(f.waiting.median_s)}</td><td>{t(f.waiting.p90_s)}</td>"
        f"<td>{t(f.service.median_s)}</td><td>{t(f.service.p90_s)}</td></tr>"
        for f in figures
    )


def _rating_rows(label: str, groups: dict, name, lang: str) -> str:
    rows = []
    r: Ratings
    for key, r in groups.items():
        cells = "".join(f"<td>{r.counts[k]}</td>" for k in range(5, 0, -1))
        bad = ' class="bad"' if r.bad else ""
        rows.append(
            f"<tr><td>{e(name(key))}</td>{cells}<td>{r.n}</td>"
            f"<td>{'—' if r.mean is None else f'{r.mean:.2f}'}</td><td{bad}>{r.bad}</td></tr>"
        )
    head = "".join(f"<th>{_t(lang, 'stars', k=k)}</th>" for k in range(5, 0, -1))
    total, mean, bad_head = (_t(lang, k) for k in ("total", "mean", "bad"))
    return (
        f"<table><tr><th>{e(label)}</th>{head}<th>{total}</th><th>{mean}</th><th>{bad_head}</th></tr>"
        + ("".join(rows) or f'<tr><td colspan="9">{_t(lang, "no_ratings")}</td></tr>')
        + "</table>"
    )


def render(report: DayReport, lang: str = FALLBACK) -> str:
    """The whole page, its labels in ``lang`` (a language without a file reads Chinese)."""

    def t(key: str, **data: object) -> str:
        return _t(lang, key, **data)

    def text(key: str, **data: object) -> str:  # unescaped: bar_chart escapes its labels
        return hub_text(f"report.{key}", lang, **data)

    active = [f for f in report.services if f.issued] or report.services
    hours = report.hours
    hour_chart = (
        bar_chart(
            text("hour_chart"),
            [text("hour", h=h) for h in hours],
            [(f"{f.code} {f.name}", [report.by_hour.get(f.code, {}).get(h, 0) for h in hours]) for f in active],
            stacked=True,
        )
        if hours
        else f"<p>{t('no_tickets')}</p>"
    )
    wait_chart = bar_chart(
        text("wait_chart"),
        [f"{f.code} {f.name}" for f in active],
        [
            (text("median"), [round((f.waiting.median_s or 0) / 60, 1) for f in active]),
            (text("p90_within"), [round((f.waiting.p90_s or 0) / 60, 1) for f in active]),
        ],
    )
    all_ratings = Ratings()
    for r in report.ratings_by_window.values():
        for k, n in r.counts.items():
            all_ratings.counts[k] += n
    rating_chart = bar_chart(
        text("rating_chart"),
        [text(f"rating.{k}") for k in range(5, 0, -1)],
        [(text("ratings"), [all_ratings.counts[k] for k in range(5, 0, -1)])],
        height=180,
    )
    total = report.total
    pending = [b for b in report.bad if not b.followed_up]
    followup = (
        "".join(
            f"<tr{DONE if b.followed_up else ''}><td>{e(b.at[11:16])}</td><td>{b.satisfaction}</td>"
            f"<td>{'' if b.window is None else t('window_n', window=b.window)}</td>"
            f"<td>{e(b.service)}</td><td>{e(b.ticket)}</td>"
            f"<td>{e(' '.join(b.reasons))}</td><td>{e(b.comment)}</td><td>{e(b.deadline)}</td>"
            f"<td>{t('followed_up') if b.followed_up else t('to_follow_up')}</td></tr>"
            for b in report.bad
        )
        or f'<tr><td colspan="9">{t("no_bad")}</td></tr>'
    )
    extra = "".join(f"<tr><td>{t(f'extra.{k}')}</td><td>{n}</td></tr>" for k, n in report.extra.items())
    extra_html = f"<h2>{t('extra_title')}</h2><table>{extra}</table>" if extra else ""
    cols = "".join(
        f"<th>{t(f'col.{c}')}</th>"
        for c in ("service", "issued", "called", "finished", "noshows", "wait_median", "wait_p90")
    )

    def window_name(window: int | None) -> str:
        return text("no_window") if window is None else text("window_n", window=window)

    cols2 = f"<th>{t('col.serve_median')}</th><th>{t('col.serve_p90')}</th>"
    follow_cols = "".join(
        f"<th>{t(f'col.{c}')}</th>"
        for c in ("time", "score", "window", "service", "number", "reasons", "comment", "deadline", "state")
    )
    return f"""<!doctype html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">
<title>{t("title", hall=report.hall_name, day=report.day)}</title>
<style>
@page {{ size: A4 portrait; margin: 14mm 12mm; }}
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif;
       margin: 0 auto; max-width: {WIDTH + 20}px; color: #111; font-size: 13px; }}
h1 {{ font-size: 20px; margin: 0 0 4px; }} h2 {{ font-size: 15px; margin: 14px 0 6px;
   border-bottom: 2px solid #1f6fb2; padding-bottom: 2px; }}
.kpis {{ display: flex; gap: 8px; margin: 8px 0; }}
.kpi {{ flex: 1; border: 1px solid #bbb; border-radius: 4px; padding: 6px; text-align: center; }}
.kpi b {{ display: block; font-size: 22px; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 6px; }}
td, th {{ border: 1px solid #aaa; padding: 2px 5px; text-align: center; }}
th {{ background: #eef3f8; }} td.bad {{ color: #b23c3c; font-weight: bold; }}
tr.done td {{ color: #777; }} section {{ break-inside: avoid; }}
</style></head><body>
<h1>{t("heading", hall=report.hall_name)}</h1>
<p>{t("subtitle", day=report.day, code=report.hall_code)}</p>
<div class="kpis">
<div class="kpi">{t("kpi.issued")}<b id="kpi-issued">{total.issued}</b>{t("kpi.issued_unit")}</div>
<div class="kpi">{t("kpi.finished")}<b id="kpi-finished">{total.finished}</b>{t("kpi.finished_unit")}</div>
<div class="kpi">{t("kpi.noshows")}<b id="kpi-noshows">{total.no_shows}</b>{t("kpi.noshows_unit")}</div>
<div class="kpi">{t("kpi.wait")}<b id="kpi-wait">{_fmt_s(total.waiting.median_s, lang)}</b>\
{t("kpi.wait_p90", p90=_duration(total.waiting.p90_s, lang))}</div>
<div class="kpi">{t("kpi.pending")}<b id="kpi-pending">{len(pending)}</b>{t("kpi.pending_unit")}</div>
</div>
<section><h2>{t("queue_title")}</h2>{hour_chart}
<table id="services"><tr>{cols}
{cols2}</tr>
{_service_rows([*report.services, report.total], lang)}</table></section>
<section>{wait_chart}</section>
<section><h2>{t("ratings_title")}</h2>{rating_chart}
{_rating_rows(text("col.window"), report.ratings_by_window, window_name, lang)}
{_rating_rows(text("col.service"), report.ratings_by_service, str, lang)}</section>
<section><h2>{t("followup_title", days=report.followup_days)}</h2>
<table id="followups"><tr>{follow_cols}</tr>{followup}</table></section>
{extra_html}
<p style="color:#666;font-size:11px">{t("footnote")}</p>
</body></html>"""
