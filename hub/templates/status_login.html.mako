## The status page's login form (hub/status_login.py). default_filters=["h"]: every ${...} is escaped.
<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>Hub status – sign in</title><style>body{font-family:sans-serif;margin:2em}</style></head><body>
<h1>${hall_name}</h1>
% if message:
<p id="message" role="alert">${message}</p>
% endif
<form id="login" method="post" action="/status/login">
<label>status password or admin token
<input name="password" type="password" required maxlength="200" autocomplete="current-password"></label>
<button>sign in</button></form></body></html>
