"""GET /chat: a page whose script talks to the app's @ws functions in the browser.

The script opens a WebSocket, learns its connection id from @ws default (`{"say": ...}`
comes back with it, through `arc.ws.send`) and sends `{"tell": [id], "say": text}` to
another connection (`arc.ws.send_many`); every message received is listed on the page.
"""

from __future__ import annotations

import os
from typing import Any

import arc
from arc.http import HttpResponse, res

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Chat</title>
<link rel="stylesheet" href="{stylesheet}">
</head>
<body>
<h1>Chat</h1>
<p>This tab is <code id="me">connecting...</code></p>
<form id="tell">
<label>To <input id="to" size="24"></label>
<label>Say <input id="say"></label>
<button id="send">Send</button>
</form>
<ul id="messages"></ul>
<script>
const socket = new WebSocket({ws_url})
const me = document.getElementById("me")
socket.onopen = () => socket.send(JSON.stringify({{ say: "hello" }}))
socket.onmessage = (event) => {{
  const message = JSON.parse(event.data)
  if (message.connection && me.dataset.id === undefined) {{
    me.dataset.id = message.connection
    me.textContent = message.connection
    return
  }}
  const item = document.createElement("li")
  item.textContent = message.from ? `${{message.from}}: ${{message.say}}` : event.data
  document.getElementById("messages").append(item)
}}
document.getElementById("tell").onsubmit = (event) => {{
  event.preventDefault()
  const to = document.getElementById("to").value
  const say = document.getElementById("say").value
  socket.send(JSON.stringify({{ tell: [to], say }}))
}}
</script>
</body>
</html>
"""
# In the sandbox, WebSockets share the HTTP port: the page's own host. Deployed, the
# @ws API has a URL of its own, which the sandbox and AWS give as ARC_WSS_URL.
SAME_HOST = '(location.protocol === "https:" ? "wss://" : "ws://") + location.host'


def handler(req: dict[str, Any], context: dict[str, Any]) -> HttpResponse:
    sandbox = "ARC_SANDBOX" in os.environ
    ws_url = SAME_HOST if sandbox else f'"{os.environ.get("ARC_WSS_URL", "")}"'
    return res(req, {"html": PAGE.format(stylesheet=arc.static("app.css"), ws_url=ws_url)})
