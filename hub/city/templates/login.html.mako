## The city page's sign-in form (plain HTML, no script). Every ${...} is HTML-escaped.
<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>全市大厅 – sign in</title><style>body{font-family:sans-serif;margin:2em}</style></head><body>
<h1>全市政务服务大厅与站点 <small>city view</small></h1>
% if message:
<p id="message" role="alert">${message}</p>
% endif
<form id="login" method="post" action="/city/login">
<label>status password or admin token
<input name="password" type="password" required maxlength="200" autocomplete="current-password"></label>
<button>登录 sign in</button></form></body></html>
