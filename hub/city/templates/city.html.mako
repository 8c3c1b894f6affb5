## The city page (/city). Rendered with default_filters=["h"]: every ${...} is HTML-escaped.
<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>全市政务服务大厅 – city view</title>
<style>
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:4px 8px;text-align:left}
th{background:#eef3f8}td.n{text-align:right}.bad{color:#b00020;font-weight:bold}.ok{color:#1b5e20}
.muted{color:#777}form{margin:1em 0}
</style></head><body>
<h1>全市政务服务大厅与站点 <small class="muted">city view</small></h1>
<p>${today} · ${len(halls)} 个大厅/站点 (halls and stations)</p>
<form id="filters" method="get" action="/city">
<label>区县 district <select name="district"><option value="">全部 all</option>
% for d in choices["districts"]:
<option value="${d}" ${"selected" if d == district else ""}>${d}</option>
% endfor
</select></label>
<label>层级 level <select name="level"><option value="">全部 all</option>
% for lv in choices["levels"]:
<option value="${lv}" ${"selected" if lv == level else ""}>${level_names.get(lv, lv)}</option>
% endfor
</select></label>
<button>筛选 filter</button></form>
<table id="halls"><thead><tr>
<th>编码 code</th><th>名称 name</th><th>层级 level</th><th>区县 district</th><th>连接 link</th>
<th>终端 在线/离线 up/down</th><th>缺纸 paper low</th><th>事项库版本 catalog</th>
<th>等候 waiting</th><th>今日取号 tickets</th><th>今日办件 cases</th><th>今日评价 ratings</th>
<th>整改 未结/逾期 rectifications</th><th>待送平台 to platform</th>
</tr></thead><tbody>
% for h in halls:
<% f = h["figures"] %>
<tr data-code="${h['code']}">
<td>${h["code"]}</td><td>${h["name"]}</td><td>${level_names.get(h["level"], h["level"])}</td><td>${h["district"]}</td>
<td class="${'ok' if f['online'] else 'bad'}">${"在线 online" if f["online"] else ("离线 away" if h["linked"] else "未连接 not linked")}</td>
<td class="n">${f["terminals_up"]} / <span class="${'bad' if f['terminals_down'] else ''}">${f["terminals_down"]}</span></td>
<td class="n ${'bad' if f['paper_low'] else ''}">${f["paper_low"]}</td>
<td>${f["catalog_version"] if f["catalog_version"] is not None else "–"}\
% if f["catalog_refused"]:
 <span class="bad">拒收 refused v${f["catalog_refused"]["version"]}: ${f["catalog_refused"]["error"]}</span>\
% endif
</td>
<td class="n">${f["waiting"]}</td><td class="n">${f["tickets_today"]}</td><td class="n">${f["cases_today"]}</td>
<td class="n">${f["ratings_today"]}${" (%.2f)" % f["satisfaction_today"] if f["satisfaction_today"] is not None else ""}</td>
<td class="n">${h["rectifications"]["open"]} / <span class="${'bad' if h['rectifications']['overdue'] else ''}">${h["rectifications"]["overdue"]}</span></td>
<td class="n">${h["platform"]["pending"]}${" · 死信 %d dead" % h["platform"]["dead"] if h["platform"]["dead"] else ""}</td>
</tr>
% endfor
% if not halls:
<tr><td colspan="14">没有符合条件的大厅 (no hall matches)</td></tr>
% endif
</tbody></table>
<h2>报表 reports</h2>
<form id="report" method="get" action="/city/report">
<label>日 day <input name="date" type="date" value="${today}"></label>
<select name="format"><option value="html">HTML</option><option value="csv">CSV</option></select>
<button>生成 make</button></form>
<form method="get" action="/city/report">
<label>月 month <input name="month" type="month" value="${today[:7]}"></label>
<select name="format"><option value="html">HTML</option><option value="csv">CSV</option></select>
<button>生成 make</button></form>
</body></html>
