#!/usr/bin/env python3
"""A test fixture (Plugins/README.md, process protocol): exits with status 3 on the input "crash",
else answers "ok: <input>"."""
import json
import sys

for line in sys.stdin:
    request = json.loads(line)
    text = request.get("input", request.get("input_hex", ""))
    if text == "crash":
        print("crashing on purpose", file=sys.stderr, flush=True)
        sys.exit(3)
    print(json.dumps({"id": request["id"], "output": "ok: " + text}), flush=True)
