"""The advisor desk: a small local web app (aiohttp) behind a login.

    make desk                      (http://localhost:8090; WERELDWIJS_DESK_USERS must be set)
    python -m wereldwijs.desk.app --port 8090 [--db-url URL]

Lists the hand-offs (summary, consent, contact), each firm's profile, classification and report
link, searchable and filterable by region, stage and positioning; and the analytics. Everything is
read from the conversations' database at request time. Without a valid session every route
answers with a redirect to the login page (GET) or 403 (POST), never with content.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import time
from typing import Dict, List, Mapping, Optional

from aiohttp import web

from wereldwijs import analytics
from wereldwijs.desk import auth, store
from wereldwijs.desk.profiles import conversation, conversations
from wereldwijs.report import links
from wereldwijs.report.charts import Bar, Chart, chart_svg
from wereldwijs.report.model import classification_rows
from wereldwijs.report.render import template
from wereldwijs.settings import advisor_language
from wereldwijs.vocabulary import HOME_REGIONS, POSITIONING, STAGE
from wereldwijs.wording.catalogue import text
from wereldwijs.wording.labels import cite, fmt, label
from wereldwijs.wording.report import profile_rows

logger = logging.getLogger(__name__)
SESSION_COOKIE, LOGIN_COOKIE = "desk_session", "desk_login"
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:",
}
FILTERS = {"region": HOME_REGIONS, "stage": STAGE, "positioning": POSITIONING}


class Desk:
    def __init__(self, env: Mapping[str, str], db_url: Optional[str] = None):
        self.env = dict(env)
        self.engine = store.engine_for(db_url or store.database_url(self.env))
        self.lang = advisor_language(self.env)
        self.users = auth.parse_users(self.env)
        self.secret = self.env.get(auth.SECRET_VAR) or store.shared_secret(
            self.engine, auth.SESSION_SECRET
        )

    # --- pages ---------------------------------------------------------------------------

    def page(self, name: str, advisor: Optional[str], status: int = 200, **values) -> web.Response:
        words = {key: text(key, self.lang) for key in DESK_WORDS}
        csrf = auth.csrf_token(values.pop("bound_to", ""), self.secret)
        html = template(name).render(t=words, advisor=advisor, csrf=csrf, lang=self.lang, **values)
        return web.Response(text=html, content_type="text/html", status=status, headers=HEADERS)

    def advisor(self, request: web.Request) -> Optional[str]:
        name = auth.read_session(request.cookies.get(SESSION_COOKIE), self.secret)
        return name if name in self.users else None

    def report_link(self, sender_id: str) -> Dict[str, str]:
        expires = int(time.time() + links.lifetime_hours(self.env) * 3600)
        secret = links.report_secret(self.env, self.engine)
        token = links.make_token(sender_id, expires, secret)
        return links.report_urls(links.public_url(self.env), token)

    def handoff_rows(self, query: Mapping[str, str]) -> List[dict]:
        found = conversations(self.engine)
        rows = []
        for handoff in store.list_handoffs(self.engine):
            conv = found.get(handoff["sender_id"])
            profile = conv.profile if conv else None
            c = conv.classification if conv else None
            row = {
                **handoff,
                "when": time.strftime("%Y-%m-%d %H:%M", time.localtime(handoff["created"])),
                "region": profile.home_region if profile else None,
                "stage": c.stage if c else None,
                "positioning": c.positioning if c else None,
            }
            row["shown"] = {
                key: label(slot, row[key], self.lang) if row[key] else "-"
                for key, slot in (
                    ("region", "home_region"),
                    ("stage", "stage"),
                    ("positioning", "positioning"),
                )
            }
            if any(query.get(key) and row[key] != query.get(key) for key in FILTERS):
                continue
            words = (query.get("q") or "").strip().lower()
            haystack = f"{handoff['summary']} {handoff['sender_id']} {handoff['contact'] or ''}"
            if words and not all(w in haystack.lower() for w in words.split()):
                continue
            rows.append(row)
        return rows

    # --- handlers ------------------------------------------------------------------------

    async def login_form(self, request: web.Request, error: Optional[str] = None) -> web.Response:
        nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(16)
        response = self.page(
            "desk_login.html.j2", None, 401 if error else 200, error=error, bound_to=nonce
        )
        response.set_cookie(LOGIN_COOKIE, nonce, httponly=True, samesite="Strict", path="/")
        return response

    async def login(self, request: web.Request) -> web.Response:
        form = await request.post()
        if not auth.csrf_ok(form.get("csrf"), request.cookies.get(LOGIN_COOKIE), self.secret):
            return web.Response(status=403, text="Forbidden", headers=HEADERS)
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        if not auth.check_login(self.users, name, password):
            logger.info("Desk: a login failed.")
            return await self.login_form(request, text("desk_login_failed", self.lang))
        response = web.HTTPFound("/", headers=HEADERS)
        response.set_cookie(
            SESSION_COOKIE,
            auth.make_session(name, self.secret),
            httponly=True,
            samesite="Strict",
            path="/",
            max_age=auth.SESSION_SECONDS,
        )
        response.del_cookie(LOGIN_COOKIE, path="/")
        return response

    async def logout(self, request: web.Request) -> web.Response:
        response = web.HTTPFound("/login", headers=HEADERS)
        response.del_cookie(SESSION_COOKIE, path="/")
        return response

    async def index(self, request: web.Request) -> web.Response:
        query = {k: request.query.get(k, "") for k in ("q", *FILTERS)}
        options = {
            key: [(v, label(slot, v, self.lang)) for v in values]
            for key, (slot, values) in {
                "region": ("home_region", HOME_REGIONS),
                "stage": ("stage", STAGE),
                "positioning": ("positioning", POSITIONING),
            }.items()
        }
        return self.page(
            "desk_list.html.j2",
            request["advisor"],
            rows=self.handoff_rows(query),
            query=query,
            options=options,
            bound_to=request.cookies.get(SESSION_COOKIE, ""),
        )

    async def handoff(self, request: web.Request) -> web.Response:
        try:
            handoff = store.get_handoff(self.engine, int(request.match_info["id"]))
        except ValueError:
            handoff = None
        if handoff is None:
            raise web.HTTPNotFound(headers=HEADERS)
        conv = conversation(self.engine, handoff["sender_id"])
        return self.page(
            "desk_handoff.html.j2",
            request["advisor"],
            handoff=handoff,
            profile=profile_rows(conv.profile, self.lang) if conv else [],
            classification=classification_rows(conv.classification, self.lang) if conv else [],
            report=self.report_link(handoff["sender_id"]) if conv else None,
            bound_to=request.cookies.get(SESSION_COOKIE, ""),
        )

    async def analytics_page(self, request: web.Request) -> web.Response:
        profiles = [c.profile for c in conversations(self.engine).values()]
        counts = analytics.intake_counts(profiles)
        items = []
        for comparison in analytics.comparisons(profiles):
            items.append(
                {
                    "c": comparison,
                    "title": text(f"desk_measure_{comparison.key}", self.lang),
                    "source": cite(comparison.source, self.lang),
                    "shown": {
                        side: {
                            s: fmt(v, self.lang) if v is not None else "-"
                            for s, v in values.items()
                        }
                        for side, values in (
                            ("ours", comparison.ours),
                            ("survey", comparison.survey),
                        )
                    },
                    "svg": chart_svg(self.chart(comparison), self.lang),
                }
            )
        return self.page(
            "desk_analytics.html.j2",
            request["advisor"],
            items=items,
            counts=counts,
            threshold=analytics.MIN_INTAKES,
            bound_to=request.cookies.get(SESSION_COOKIE, ""),
        )

    def chart(self, comparison: analytics.Comparison) -> Chart:
        bars = []
        for segment in analytics.SEGMENTS:
            name = text(f"firm_report_{segment}", self.lang)
            if comparison.ours[segment] is not None:
                bars.append(
                    Bar(f"{name}: {text('desk_ours', self.lang)}", comparison.ours[segment], True)
                )
            if comparison.survey[segment] is not None:
                bars.append(Bar(f"{name}: 2009", comparison.survey[segment]))
        unit = text(
            "firm_report_unit_pct" if comparison.kind == "pct" else "desk_unit_mean", self.lang
        )
        return Chart(comparison.key, "", unit, bars, comparison.source)

    # --- the app ---------------------------------------------------------------------------

    @web.middleware
    async def guard(self, request: web.Request, handler):
        """No session, no desk: a redirect to the login page (GET) or 403 (anything else); every
        POST but the login's carries the session's CSRF token."""
        if request.path == "/login":
            return await handler(request)
        advisor = self.advisor(request)
        if advisor is None:
            if request.method == "GET":
                raise web.HTTPFound("/login", headers=HEADERS)
            return web.Response(status=403, text="Forbidden", headers=HEADERS)
        if request.method == "POST":
            form = await request.post()
            if not auth.csrf_ok(form.get("csrf"), request.cookies.get(SESSION_COOKIE), self.secret):
                return web.Response(status=403, text="Forbidden", headers=HEADERS)
        request["advisor"] = advisor
        return await handler(request)

    def app(self) -> web.Application:
        application = web.Application(middlewares=[self.guard], client_max_size=64 * 1024)
        application.add_routes(
            [
                web.get("/login", self.login_form),
                web.post("/login", self.login),
                web.post("/logout", self.logout),
                web.get("/", self.index),
                web.get("/handoffs/{id}", self.handoff),
                web.get("/analytics", self.analytics_page),
            ]
        )
        return application


DESK_WORDS = (
    "desk_title",
    "desk_login",
    "desk_name",
    "desk_password",
    "desk_logout",
    "desk_handoffs",
    "desk_analytics",
    "desk_search",
    "desk_all",
    "desk_filter",
    "desk_when",
    "desk_reference",
    "desk_consent",
    "desk_contact",
    "desk_none",
    "desk_yes",
    "desk_no",
    "desk_open",
    "desk_summary",
    "desk_report_page",
    "desk_report_pdf",
    "desk_erased",
    "desk_no_handoffs",
    "desk_intakes",
    "desk_ours",
    "desk_survey",
    "desk_few",
    "desk_analytics_note",
    "firm_report_profile",
    "firm_report_classification",
    "firm_report_niche",
    "firm_report_mass",
    "slot_home_region",
    "slot_stage",
    "slot_positioning",
)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="The Wereldwijs advisor desk")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--db-url", help="SQLAlchemy URL of the tracker store")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    desk = Desk(os.environ, args.db_url)
    if not desk.users:
        print(f"No advisor accounts: set {auth.USERS_VAR} (make desk-user prints an entry).")
        return 1
    print(f"Advisor desk on http://{args.host}:{args.port}", flush=True)
    web.run_app(desk.app(), host=args.host, port=args.port, access_log=None, print=None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
