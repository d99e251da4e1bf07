"""The fleet page at ``/``: server-rendered HTML, no external assets, refreshes by itself.

Three views, chosen by the query string: the overview (``/``, ``/?page=N``: the counts, the
chargers not connected and why, the failing hubs, the queue, the last errors), a search
(``/?q=TEXT&page=N``: chargers by serial or charge box id; an empty query lists all), and one
charger (``/?charger=ID``). Lists are cut into pages of :data:`PAGE_SIZE` rows, so a page
costs the same at 10,000 chargers as at 10. Every value is escaped: charge box ids are chosen
by the Central System's operator and may hold any character.
"""

from __future__ import annotations

import html
import time
import urllib.parse
from collections.abc import Iterable, Sequence

from .error_ring import LoggedError
from .fleet import ChargerDetail, ChargerRow, FleetView
from .outbox_reads import queue_totals

__all__ = ["PAGE_SIZE", "render_page"]

PAGE_SIZE = 50
#: failing hubs and errors shown on the overview at most
_SHORT_LIST = 25
_REFRESH_S = 10

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ccc;padding:.2em .6em;
text-align:left;vertical-align:top}th{background:#f2f2f2}.num{text-align:right}
.bad{color:#a00}.ok{color:#070}.muted{color:#777}nav a{margin-right:.8em}
code{font-size:12px;white-space:pre-wrap;word-break:break-all}
"""
# Reload on a timer, except while someone is typing in the search box.
_SCRIPT = f"""setInterval(function(){{var q=document.getElementById('q');
if(!q||document.activeElement!==q)location.reload();}},{_REFRESH_S * 1000});"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _href(**params: object) -> str:
    return "/?" + urllib.parse.urlencode({k: str(v) for k, v in params.items()})


def _when(at: float | None, now: float) -> str:
    if at is None:
        return '<span class="muted">never</span>'
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))
    return f'{_e(stamp)} <span class="muted">({max(0, int(now - at))} s ago)</span>'


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], table_id: str) -> str:
    """A table; cells are HTML already (escaped by the caller)."""
    header = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table id="{table_id}"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>'


def _charger_link(row: ChargerRow) -> str:
    href = _e(_href(charger=row.charge_box_id))
    return f'<a class="charger" href="{href}">{_e(row.charge_box_id)}</a>'


def _status_text(row: ChargerRow) -> str:
    if row.status is None:
        return '<span class="muted">none reported</span>'
    extra = [x for x in (row.status.error_code, row.status.info, row.status.vendor_error_code)
             if x and x != "NoError"]  # fmt: skip
    return _e(row.status.status) + (f" ({_e(', '.join(extra))})" if extra else "")


def _charger_rows(rows: Sequence[ChargerRow], now: float) -> str:
    cells = [
        [
            _charger_link(r),
            _e(r.serial),
            _e(r.hub or "?"),
            '<span class="ok">connected</span>' if r.accepted else _e(r.why_not_connected or ""),
            _when(r.since, now) if r.since is not None else "",
            _status_text(r),
        ]
        for r in rows
    ]
    return _table(["charge box", "serial", "hub", "connection", "since", "status"], cells,
                  "chargers")  # fmt: skip


def _pager(total: int, page: int, **params: object) -> str:
    pages = max(1, -(-total // PAGE_SIZE))
    links = []
    if page > 1:
        links.append(f'<a rel="prev" href="{_e(_href(**params, page=page - 1))}">previous</a>')
    links.append(f"page {page} of {pages} ({total} chargers)")
    if page < pages:
        links.append(f'<a rel="next" href="{_e(_href(**params, page=page + 1))}">next</a>')
    return f'<p class="pager">{" · ".join(links)}</p>'


def _page_of(items: Sequence[object], page: int) -> slice:
    start = (page - 1) * PAGE_SIZE
    return slice(start, start + PAGE_SIZE) if start < len(items) else slice(0, 0)


def _search_box(query: str) -> str:
    return (
        '<form method="get" action="/" role="search">'
        '<label for="q">Find a charger (serial or charge box id): </label>'
        f'<input id="q" name="q" type="search" value="{_e(query)}" autocomplete="off">'
        ' <button id="search" type="submit">Search</button></form>'
    )


def _overview(view: FleetView, errors: Sequence[LoggedError], page: int, now: float) -> str:
    counts = view.counts()
    depth, oldest = queue_totals(view.store)
    totals = _table(
        ["configured", "connected", "accepted", "queued messages", "oldest queued"],
        [[str(counts.configured), str(counts.connected), str(counts.accepted), str(depth),
          _when(oldest, now) if oldest is not None else "—"]],
        "totals",
    )  # fmt: skip
    statuses = _table(
        ["status", "chargers"],
        [[_e(s), f'<span class="num">{n}</span>'] for s, n in counts.by_status.items() if n],
        "statuses",
    )
    hub_states = _table(
        ["cloud state", "hubs"],
        [[_e(s), str(n)] for s, n in view.hubs.count_by_state().items() if n],
        "hub-states",
    )
    failing = view.hubs.failing()
    hubs = _table(
        ["hub", "cloud", "since", "last reply", "error"],
        [[_e(h.serial), f'<span class="bad">{_e(h.state)}</span>', _when(h.since, now),
          _when(h.last_reply, now), f"<code>{_e(h.error or '')}</code>"]
         for h in failing[:_SHORT_LIST]],
        "failing-hubs",
    )  # fmt: skip
    more_hubs = len(failing) - _SHORT_LIST
    offline = view.not_connected()
    rows = view.rows(offline[_page_of(offline, page)])
    return "".join([
        "<h2>Fleet</h2>", totals, statuses,
        "<h2>Hubs</h2>", hub_states,
        f"<h3>Failing hubs ({len(failing)})</h3>",
        hubs if failing else '<p class="ok">none</p>',
        f'<p class="muted">and {more_hubs} more</p>' if more_hubs > 0 else "",
        f"<h2>Chargers not connected ({len(offline)})</h2>",
        (_charger_rows(rows, now) + _pager(len(offline), page)) if offline
        else '<p class="ok">every charger is connected</p>',
        "<h2>Last errors</h2>", _errors(errors[:_SHORT_LIST], now),
    ])  # fmt: skip


def _errors(errors: Sequence[LoggedError], now: float) -> str:
    if not errors:
        return '<p class="ok">none</p>'
    return _table(
        ["time", "level", "event", "line"],
        [[_when(e.at, now), _e(e.level), _e(e.event), f"<code>{_e(e.line)}</code>"]
         for e in errors],
        "errors",
    )  # fmt: skip


def _search(view: FleetView, query: str, page: int, now: float) -> str:
    found = view.search(query)
    rows = view.rows(found[_page_of(found, page)])
    title = f"Chargers matching “{_e(query)}”" if query.strip() else "All chargers"
    if not found:
        return f"<h2>{title}</h2><p>no charger matches</p>"
    return f"<h2>{title}</h2>" + _charger_rows(rows, now) + _pager(len(found), page, q=query)


def _detail(detail: ChargerDetail, now: float) -> str:
    row = detail.row
    status = row.status
    tx = detail.transaction
    facts = [
        ("charge box id", _e(row.charge_box_id)),
        ("serial", _e(row.serial)),
        ("firmware", _e(detail.firmware or "not known yet")),
        ("hub", _e(row.hub or "not found yet")),
        ("connection", '<span class="ok">connected and accepted</span>' if row.accepted
         else f'<span class="bad">{_e(row.why_not_connected or "")}</span>'),
        ("since", _when(row.since, now) if row.since is not None else "—"),
        ("BootNotification", _e(detail.boot_status or "—")),
        ("connection attempts", str(detail.attempts)),
        ("last connection error", f"<code>{_e(detail.last_error)}</code> "
         + _when(detail.last_error_at, now) if detail.last_error else "—"),
        ("last status", _status_text(row)),
        ("status reason", _e(" / ".join(
            x for x in ((status.error_code, status.info or "", status.vendor_error_code or "")
                        if status else ()) if x)) or "—"),
        ("status sent", _when(status.at, now) if status else "—"),
        ("transaction", "none" if tx is None else _e(
            f"id {tx.transaction_id if tx.transaction_id is not None else '(not answered yet)'}"
            f", idTag {tx.id_tag}, started {tx.started_at}, meterStart {tx.meter_start_wh} Wh")),
        ("last myenergi reply", _when(detail.hub.last_reply if detail.hub else None, now)),
        ("hub cloud state", _e(detail.hub.state or "not polled yet") if detail.hub else "—"),
    ]  # fmt: skip
    queued = _table(
        ["action", "failed attempts", "queued", "next attempt"],
        [[_e(m.action), str(m.attempts), _when(m.enqueued_at, now),
          _when(m.not_before, now) if m.not_before else "now"] for m in detail.queued],
        "queued",
    )  # fmt: skip
    return "".join([
        f'<h2 id="detail">Charger {_e(row.charge_box_id)}</h2>',
        _table(["fact", "value"], [[_e(k), v] for k, v in facts], "facts"),
        f"<h3>Queued messages ({len(detail.queued)} shown)</h3>",
        queued if detail.queued else "<p>none</p>",
    ])  # fmt: skip


def render_page(
    view: FleetView,
    errors: Sequence[LoggedError],
    *,
    query: str | None,
    charger: str | None,
    page: int,
    now: float,
) -> tuple[int, str]:
    """(HTTP status, HTML) of the fleet page for these query parameters."""
    status = 200
    if charger is not None:
        detail = view.detail(charger)
        if detail is None:
            status, body = 404, f"<h2>No charger {_e(charger)}</h2>"
        else:
            body = _detail(detail, now)
    elif query is not None:
        body = _search(view, query, page, now)
    else:
        body = _overview(view, errors, page, now)
    document = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>zappi-ocpp fleet</title><style>{_STYLE}</style>"
        f'<noscript><meta http-equiv="refresh" content="{_REFRESH_S}"></noscript>'
        f"</head><body><h1>zappi-ocpp fleet</h1>"
        '<nav><a href="/">overview</a><a href="/?q=">all chargers</a>'
        '<a href="/metrics">metrics</a></nav>'
        f"{_search_box(query or '')}{body}"
        f'<p class="muted">rendered {_when(now, now)}</p>'
        f"<script>{_SCRIPT}</script></body></html>"
    )
    return status, document
