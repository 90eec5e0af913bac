"""Run by scripts/test.sh against a multi-worker Odoo: its websocket process (gevent, on
the port given) accepts a connection and a subscription. Prints WEBSOCKET-OK."""

import json
import sys
import time

import websocket

port = int(sys.argv[1])
url = f"ws://127.0.0.1:{port}/websocket?version=18.0-3"
deadline = time.monotonic() + 90
while True:
    try:
        ws = websocket.create_connection(
            url, header=[f"Origin: http://127.0.0.1:{port}"], timeout=10
        )
        break
    except (OSError, websocket.WebSocketException) as error:
        if time.monotonic() > deadline:
            sys.exit(f"no websocket on port {port}: {error}")
        time.sleep(1)
ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
ws.close()
print("WEBSOCKET-OK")
