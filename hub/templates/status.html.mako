## The technicians' status page (/status; hub/status.py). Rendered with default_filters=["h"]:
## every ${...} is HTML-escaped; only hub/alerts.py's section, escaped there, goes in as is (| n).
<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>Hub status – ${f.hall_name}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}
td,th{border:1px solid #999;padding:.3em .8em;text-align:left}</style></head><body>
<h1>${f.hall_name} (${f.hall_code})</h1>
<p>Service day ${f.day} · database ${f.database} · last event ${f.seq}</p>
${f.alerts_html | n}
<h2>Today</h2><table id="today"><tr><th>issued</th><th>called</th><th>finished</th><th>no-shows</th>
<th>evaluations</th></tr><tr><td>${issued}</td><td>${f.called}</td><td>${f.counts.get("finished", 0)}</td>
<td>${f.counts.get("skipped", 0)}</td><td>${f.rated}</td></tr></table>
<h2>Waiting</h2><table id="waiting"><tr><th>service</th><th>waiting</th></tr>
% for code, name, waiting in f.waiting:
<tr><td>${code} ${name}</td><td>${waiting}</td></tr>
% endfor
</table>
<h2>At the windows</h2><table id="windows"><tr><th>window</th><th>number</th><th>status</th></tr>
% for r in f.at_windows:
<tr><td>${r.window}</td><td>${r.number}</td><td>${r.status}</td></tr>
% endfor
% if not f.at_windows:
<tr><td colspan=3>none</td></tr>
% endif
</table>
<h2>Terminals</h2><table id="terminals"><tr><th>terminal</th><th>role</th><th>window</th>
<th>last contact</th><th>token</th></tr>
% for r in f.terminals:
<tr><td>${r.terminal}</td><td>${r.role}</td><td>${r.window or ""}</td><td>${ago(r.last_seen)}</td><td>${"revoked" if r.revoked_at else "live"}</td></tr>
% endfor
</table>
<h2>Terminal health</h2><table id="health"><tr><th>terminal</th><th>role</th><th>last heartbeat</th>
<th>devices</th><th>records waiting</th><th>dead letters</th></tr>
% for b in f.beats:
<tr><td>${b["terminal"]}</td><td>${b["role"]}</td><td>${ago(b["received_at"])}</td><td>${devices(b["devices"])}</td><td>${b["waiting"]}</td><td>${b["dead"]}</td></tr>
% endfor
% if not f.beats:
<tr><td colspan=6>no heartbeat yet</td></tr>
% endif
</table>
<h2>Help requests</h2><table id="help"><tr><th>at</th><th>terminal</th><th>screen</th></tr>
% for h in f.helps:
<tr><td>${h["at"]}</td><td>${h["terminal"]}</td><td>${h["screen"]}</td></tr>
% endfor
% if not f.helps:
<tr><td colspan=3>none</td></tr>
% endif
</table>
<h2>办不成事 reports</h2><table id="unresolved"><tr><th>reference</th><th>reported</th><th>terminal</th>
<th>tried</th><th>reasons</th><th>text</th><th>phone</th></tr>
% for r in f.reports:
<tr><td>${r["reference"]}</td><td>${r["reported_at"]}</td><td>${r["terminal"]}</td><td>${r["tried"]}</td><td>${", ".join(r["reasons"])}</td><td>${r["text"]}</td><td>${r["phone"]}</td></tr>
% endfor
% if not f.reports:
<tr><td colspan=7>none</td></tr>
% endif
</table>
<h2>Helper audit (帮办留痕)</h2><table id="audit"><tr><th>at</th><th>terminal</th><th>helper</th><th>visit</th>
<th>screen</th><th>action</th><th>details</th></tr>
% for s in f.steps:
<tr><td>${s["at"]}</td><td>${s["terminal"]}</td><td>${s["helper"]}</td><td>${s["visit"]}</td><td>${s["screen"]}</td><td>${s["action"]}</td><td>${"; ".join(f"{k}={v}" for k, v in s["details"].items())}</td></tr>
% endfor
% if not f.steps:
<tr><td colspan=7>none</td></tr>
% endif
</table>
<h2>Cases</h2><table id="cases"><tr><th>case number</th><th>item</th><th>terminal</th><th>status</th>
<th>changed</th></tr>
% for c in f.recent_cases:
<tr><td>${c["case_number"]}</td><td>${c["task_name"]}</td><td>${c["terminal"]}</td><td>${c["status"]}</td><td>${c["updated_at"] or ""}</td></tr>
% endfor
% if not f.recent_cases:
<tr><td colspan=5>none</td></tr>
% endif
</table>
<form id="case-status" method="post" action="/status/case-status">
<label>case number <input name="case_number" required maxlength="64"></label>
<label>status <select name="status">
% for s in case_statuses:
<option>${s}</option>
% endfor
</select></label>
<label>note <input name="note" maxlength="500"></label> <button>change</button></form>
<p>"Last contact" is the terminal's last authenticated request; "last heartbeat" its last
health report (every 30 s while its sync runs).</p>
<form id="logout" method="post" action="/status/logout"><button>sign out</button></form></body></html>
