"""The day's report as one HTML page a hall manager reads at a glance: Chinese labels,
inline SVG bar charts drawn here (no JavaScript, no external file, no web font), laid
out to print on A4 portrait."""

from __future__ import annotations

import html
from collections.abc import Sequence

from hub.report import DayReport, Ratings, ServiceFigures

COLORS = ("#1f6fb2", "#e08a1e", "#2e9e5b", "#b23c3c", "#7a52a8", "#4b8c8c", "#a0892c")
WIDTH = 680  # px; A4 portrait at 96 dpi minus the margins is about 700
e = html.escape
DONE = ' class="done"'


def _fmt_s(seconds: float | None) -> str:
    """Seconds as 分 and 秒 (``—`` for none)."""
    if seconds is None:
        return "—"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}分{s:02d}秒" if m else f"{s}秒"


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


def _service_rows(figures: Sequence[ServiceFigures]) -> str:
    return "".join(
        f"<tr><td>{e(f.name if f.code == 'ALL' else f'{f.code} {f.name}')}</td><td>{f.issued}</td>"
        f"<td>{f.called}</td><td>{f.finished}</td>"
        f"<td>{f.no_shows}</td><td>{_fmt_s(f.waiting.median_s)}</td><td>{_fmt_s(f.waiting.p90_s)}</td>"
        f"<td>{_fmt_s(f.service.median_s)}</td><td>{_fmt_s(f.service.p90_s)}</td></tr>"
        for f in figures
    )


def _rating_rows(label: str, groups: dict, name) -> str:
    rows = []
    r: Ratings
    for key, r in groups.items():
        cells = "".join(f"<td>{r.counts[k]}</td>" for k in range(5, 0, -1))
        bad = ' class="bad"' if r.bad else ""
        rows.append(
            f"<tr><td>{e(name(key))}</td>{cells}<td>{r.n}</td>"
            f"<td>{'—' if r.mean is None else f'{r.mean:.2f}'}</td><td{bad}>{r.bad}</td></tr>"
        )
    head = "".join(f"<th>{k}星</th>" for k in range(5, 0, -1))
    return (
        f"<table><tr><th>{e(label)}</th>{head}<th>合计</th><th>平均</th><th>差评</th></tr>"
        + ("".join(rows) or '<tr><td colspan="9">当日无评价</td></tr>')
        + "</table>"
    )


def render(report: DayReport) -> str:
    """The whole page."""
    active = [f for f in report.services if f.issued] or report.services
    hours = report.hours
    hour_chart = (
        bar_chart(
            "各时段取号（张）",
            [f"{h}时" for h in hours],
            [(f"{f.code} {f.name}", [report.by_hour.get(f.code, {}).get(h, 0) for h in hours]) for f in active],
            stacked=True,
        )
        if hours
        else "<p>当日无人取号。</p>"
    )
    wait_chart = bar_chart(
        "等候时间（分钟）",
        [f"{f.code} {f.name}" for f in active],
        [
            ("中位数", [round((f.waiting.median_s or 0) / 60, 1) for f in active]),
            ("90%的人不超过", [round((f.waiting.p90_s or 0) / 60, 1) for f in active]),
        ],
    )
    all_ratings = Ratings()
    for r in report.ratings_by_window.values():
        for k, n in r.counts.items():
            all_ratings.counts[k] += n
    rating_chart = bar_chart(
        "评价分布（条）",
        ["5 非常满意", "4 满意", "3 基本满意", "2 不满意", "1 非常不满意"],
        [("评价", [all_ratings.counts[k] for k in range(5, 0, -1)])],
        height=180,
    )
    t = report.total
    pending = [b for b in report.bad if not b.followed_up]
    followup = (
        "".join(
            f"<tr{DONE if b.followed_up else ''}><td>{e(b.at[11:16])}</td><td>{b.satisfaction}</td>"
            f"<td>{'' if b.window is None else f'{b.window}号窗口'}</td><td>{e(b.service)}</td><td>{e(b.ticket)}</td>"
            f"<td>{e(' '.join(b.reasons))}</td><td>{e(b.comment)}</td><td>{e(b.deadline)}</td>"
            f"<td>{'已回访' if b.followed_up else '待回访'}</td></tr>"
            for b in report.bad
        )
        or '<tr><td colspan="9">当日无差评</td></tr>'
    )
    extra_names = {"cases": "自助办件", "help_requests": "求助（帮办代办）", "unresolved_reports": "办不成事反映"}
    extra = "".join(f"<tr><td>{e(extra_names.get(k, k))}</td><td>{n}</td></tr>" for k, n in report.extra.items())
    extra_html = f"<h2>自助办件与求助</h2><table>{extra}</table>" if extra else ""
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{e(report.hall_name)} {e(report.day)} 日报</title>
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
<h1>{e(report.hall_name)} 业务日报</h1>
<p>服务日 {e(report.day)} · 大厅编码 {e(report.hall_code)}</p>
<div class="kpis">
<div class="kpi">取号<b id="kpi-issued">{t.issued}</b>张</div>
<div class="kpi">办结<b id="kpi-finished">{t.finished}</b>件</div>
<div class="kpi">过号未到<b id="kpi-noshows">{t.no_shows}</b>人</div>
<div class="kpi">等候中位数<b id="kpi-wait">{_fmt_s(t.waiting.median_s)}</b>90%不超过{_fmt_s(t.waiting.p90_s)}</div>
<div class="kpi">待回访差评<b id="kpi-pending">{len(pending)}</b>条</div>
</div>
<section><h2>取号与等候</h2>{hour_chart}
<table id="services"><tr><th>业务</th><th>取号</th><th>已叫</th><th>办结</th><th>过号</th>
<th>等候中位数</th><th>等候90%</th><th>办理中位数</th><th>办理90%</th></tr>
{_service_rows([*report.services, report.total])}</table></section>
<section>{wait_chart}</section>
<section><h2>好差评</h2>{rating_chart}
{_rating_rows("窗口", report.ratings_by_window, lambda w: "未注明窗口" if w is None else f"{w}号窗口")}
{_rating_rows("业务", report.ratings_by_service, str)}</section>
<section><h2>差评回访（{report.followup_days}个工作日内）</h2>
<table id="followups"><tr><th>时间</th><th>评分</th><th>窗口</th><th>业务</th><th>号码</th><th>原因</th>
<th>留言</th><th>回访期限</th><th>状态</th></tr>{followup}</table></section>
{extra_html}
<p style="color:#666;font-size:11px">等候时间＝叫号时间－取号时间；办理时间＝办结时间－叫号时间。
中位数：一半人少于此时间；90%：九成人不超过此时间。</p>
</body></html>"""
