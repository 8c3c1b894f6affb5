## The city's day/month report. Rendered with default_filters=["h"]: every ${...} is HTML-escaped.
<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>全市报表 ${label}</title>
<style>
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:1.5em}
table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:4px 8px}td.n{text-align:right}
tr.total td{font-weight:bold;background:#f4f4f4}
</style></head><body>
<h1>全市政务服务报表 ${label}</h1>
<p>${first} 至 ${last}（北京时间）· 办件按提交日计，评价与办不成事按市级收到日计；逾期整改为截至 ${today} 未结且过期者。</p>
<table id="report"><thead><tr>
% for _, title in columns:
<th>${title}</th>
% endfor
</tr></thead><tbody>
% for r in rows:
<tr class="${'total' if r['code'] == '*' else ''}">
% for key, _ in columns:
<td class="${'n' if key not in ('code', 'name', 'level', 'district') else ''}">${"" if r[key] is None else r[key]}</td>
% endfor
</tr>
% endfor
</tbody></table></body></html>
