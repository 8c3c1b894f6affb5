## The phone page of a queue ticket (/q/{id}; hub/public.py). Rendered with default_filters=["h"]:
## every ${...} is escaped. Chinese first, English under it (class en): the hub has no language of its own.
<%def name="both(key, **data)">${text(key, "zh_CN", **data)} <span class=en>${text(key, "en", **data)}</span></%def>\
<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${refresh_s}"><title>${title}</title>
<style>body{font-family:sans-serif;margin:1.5em;color:#1a1a1a;background:#fff}
.number{font-size:4em;font-weight:700;margin:.2em 0}.en{color:#4a5563}
dt{font-weight:600;margin-top:.6em}</style></head><body>\
% if ticket is None:
<h1>${text("public.missing", "zh_CN")}</h1><p class=en>${text("public.missing", "en")}</p>\
% else:
<p>${hall_name}</p><div class=number id=number>${ticket.number}</div><dl>\
<dt>${both("public.service")}</dt><dd id=service>${service_name}</dd>\
% for field, key, value_key, data in rows:
<dt>${both(key)}</dt><dd id=${field}>${both(value_key, **data)}</dd>\
% endfor
</dl><p class=en>${text("public.refresh", "zh_CN", seconds=refresh_s)} · ${text("public.refresh", "en", seconds=refresh_s)}</p>\
% endif
</body></html>
