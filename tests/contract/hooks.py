"""Schemathesis hooks for the hub's contract test: every address it would
have the hub import is pointed at loopback first, where a hub that follows a
file may not reach (403, without a connection), so the run never leaves this
machine whatever addresses schemathesis makes up. Words that are no address
are sent as they are, to be refused as such (422)."""

from urllib.parse import urlsplit, urlunsplit

import schemathesis

LOOPBACK = "127.0.0.1:9"


def on_loopback(address):
    if not any(mark in address for mark in ":/."):
        return address
    try:
        parts = urlsplit(address.strip())
        path = parts.path or "/schedule.json"
        query = parts.query
    except ValueError:
        path, query = "/schedule.json", ""
    return urlunsplit(("http", LOOPBACK, path, query, ""))


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.path != "/api/import" or not isinstance(case.body, dict):
        return
    address = case.body.get("address")
    if isinstance(address, str):
        case.body["address"] = on_loopback(address)
        if isinstance(kwargs.get("json"), dict):
            kwargs["json"]["address"] = case.body["address"]
