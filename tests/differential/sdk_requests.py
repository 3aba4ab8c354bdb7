"""Sends requests through Whop's official Python SDK, for the differential test.

Reads one JSON document on stdin:

    {"base_url": "http://127.0.0.1:PORT/api/v1",
     "api_key": "...",
     "sdk_version": "0.0.40",
     "tag_header": "X-Differential-Case",
     "cases": [{"name": "...", "call": "memberships.list", "args": [...], "kwargs": {...}}]}

and makes each call on a `whop_sdk.Whop` client with retries off, in order. `call` is the
attribute path of the SDK method from the client (`affiliates.overrides.list`), or `$get` for an
operation that the SDK has no method for: then `args[0]` is the path and `kwargs` the query
parameters, sent through the client's generic `get`, which encodes them with the SDK's own
query-string rules. A value
`{"$datetime": "2023-12-01T05:00:00.401+00:00"}` anywhere in `args` or `kwargs` becomes a
`datetime`, so the SDK spells the timestamp itself. Every call carries the case's name in the tag
header (through the SDK's own `extra_headers`), so the recording server can tell which case a
request belongs to.

Writes one JSON line per case to stdout: {"name": ..., "result": "returned" | "raised",
"error": "Type: message" | null}. What the SDK makes of the server's answer does not matter to the
test, which compares the requests as the server received them; an exception is reported, not
fatal. Exits non-zero only when the SDK cannot be used at all (missing, wrong version, bad input).
"""

import datetime
import json
import sys


def revive(value):
    """Turns {"$datetime": text} markers into datetime objects, recursively."""
    if isinstance(value, dict):
        if set(value) == {"$datetime"}:
            return datetime.datetime.fromisoformat(value["$datetime"])
        return {key: revive(member) for key, member in value.items()}
    if isinstance(value, list):
        return [revive(item) for item in value]
    return value


def main():
    try:
        import whop_sdk
    except ImportError as error:
        print(f"whop_sdk cannot be imported by {sys.executable}: {error}", file=sys.stderr)
        return 2

    request = json.load(sys.stdin)
    wanted = request["sdk_version"]
    if whop_sdk.__version__ != wanted:
        print(
            f"{sys.executable} has whop_sdk {whop_sdk.__version__}, the test needs {wanted}",
            file=sys.stderr,
        )
        return 2

    client = whop_sdk.Whop(
        api_key=request["api_key"],
        base_url=request["base_url"],
        max_retries=0,
        timeout=10.0,
    )
    for case in request["cases"]:
        args = revive(case.get("args", []))
        kwargs = revive(case.get("kwargs", {}))
        tag = {request["tag_header"]: case["name"]}
        if case["call"] == "$get":
            target = client.get
            options = {"params": kwargs, "headers": tag}
            kwargs = {"cast_to": object, "options": options}
        else:
            target = client
            for attribute in case["call"].split("."):
                target = getattr(target, attribute)
            kwargs["extra_headers"] = tag
        outcome = {"name": case["name"], "result": "returned", "error": None}
        try:
            target(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - every failure is reported per case
            outcome["result"] = "raised"
            outcome["error"] = f"{type(error).__name__}: {error}"[:300]
        print(json.dumps(outcome), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
