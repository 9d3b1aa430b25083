#!/usr/bin/env python3
"""A test fixture (Plugins/README.md, process protocol): answers "answer N" where N counts the calls
since this process started, so its answers change per call."""
import json
import sys

calls = 0
for line in sys.stdin:
    request = json.loads(line)
    calls += 1
    print(json.dumps({"id": request["id"], "output": f"answer {calls}"}), flush=True)
