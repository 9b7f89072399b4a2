#!/usr/bin/env python3
"""A webhook receiver for Galley's tests, independent of Galley's code.

It checks each message's Standard Webhooks signature with the official
`standardwebhooks` package from PyPI (CI installs it and runs this script
with that Python: GALLEY_TEST_PYTHON); where the package is missing, and
only outside CI, with Python's own hmac (HMAC-SHA256 of
"id.timestamp.body", keyed with the base64 bytes after "whsec_"). It
answers 500 to the first --fail-first attempts of each message id and 200
after, and appends one JSON line per attempt to --log, saying which
verifier checked it. Prints "listening on PORT" when ready.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    from standardwebhooks import Webhook
except ImportError:
    if os.environ.get("CI"):
        sys.exit("the standardwebhooks package is required in CI (pip install standardwebhooks)")
    Webhook = None

parser = argparse.ArgumentParser()
parser.add_argument("--secret", required=True)
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--fail-first", type=int, default=0)
parser.add_argument("--log", required=True)
args = parser.parse_args()

key = base64.b64decode(args.secret.removeprefix("whsec_"))
attempts = {}
lock = threading.Lock()


VERIFIER = "standardwebhooks" if Webhook else "hmac"


def verified(msg_id, timestamp, body, header):
    if Webhook:
        try:
            Webhook(args.secret).verify(body, {
                "webhook-id": msg_id,
                "webhook-timestamp": timestamp,
                "webhook-signature": header,
            })
            return True
        except Exception:
            return False
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    fresh = abs(time.time() - int(timestamp)) < 300
    given = [s.split(",", 1)[1] for s in header.split() if s.startswith("v1,")]
    return fresh and any(hmac.compare_digest(expected, g) for g in given)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        msg_id = self.headers.get("webhook-id", "")
        ok = verified(
            msg_id,
            self.headers.get("webhook-timestamp", "0"),
            body,
            self.headers.get("webhook-signature", ""),
        )
        with lock:
            attempts[msg_id] = attempts.get(msg_id, 0) + 1
            attempt = attempts[msg_id]
            status = 500 if attempt <= args.fail_first or not ok else 200
            with open(args.log, "a", encoding="utf-8") as log:
                log.write(json.dumps({
                    "id": msg_id,
                    "attempt": attempt,
                    "verified": ok,
                    "verifier": VERIFIER,
                    "status": status,
                    "at": time.time(),
                    "body": json.loads(body),
                }) + "\n")
        self.send_response(status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *_):
        pass


server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
print(f"listening on {server.server_address[1]}", flush=True)
server.serve_forever()
