"""Moderation pages: login (scrypt, lock-out), the queue of texts waiting for a decision, the
decision with its reason, and the export for analysts. The session cookie is Secure, HttpOnly
and SameSite=Strict; every form carries a token bound to the session (or to the login form)."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sociale_staat.core.errors import InputError
from sociale_staat.stem import export, moderation, reactions
from sociale_staat.web.stem import Services, form_fields, same_origin

COOKIE = "stem_sessie"
PREFIX = "/moderatie"


def router(s: Services) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    def login_page(status: int = 200, message: str = "") -> Response:
        return s.page(
            "stem/login.html",
            status=status,
            title="Inloggen voor moderatoren",
            csrf=s.signer.make("login", "login"),
            message=message,
        )

    @r.get(f"{PREFIX}/inloggen", response_class=HTMLResponse)
    async def login_form() -> Response:
        return login_page()

    @r.post(f"{PREFIX}/inloggen", response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        form = await form_fields(request)
        if form is None or not same_origin(request) or not s.signer.check(
            form.get("csrf", ""), "login", "login", 3600
        ):
            return login_page(403, "Het formulier is verlopen. Probeer het opnieuw.")
        try:
            cookie = moderation.login(s.db, form.get("naam", ""), form.get("wachtwoord", ""))
        except moderation.LoginFailed as err:
            return login_page(401, str(err).capitalize() + ".")
        response = RedirectResponse(PREFIX, status_code=303)
        response.set_cookie(
            COOKIE, cookie, max_age=moderation.SESSION_HOURS * 3600, path=PREFIX,
            secure=True, httponly=True, samesite="strict",
        )  # fmt: skip
        return response

    @r.get(PREFIX, response_class=HTMLResponse)
    async def queue(request: Request) -> Response:
        cookie = request.cookies.get(COOKIE)
        who = moderation.session(s.db, cookie)
        if who is None or cookie is None:
            return RedirectResponse(f"{PREFIX}/inloggen", status_code=303)
        return s.page(
            "stem/queue.html",
            title="Te beoordelen reacties",
            who=who,
            waiting=reactions.all_reactions(s.db, "te beoordelen"),
            reasons=moderation.REASONS,
            approve=moderation.APPROVE_REASONS,
            csrf=s.signer.make("moderatie", cookie),
        )

    @r.post(f"{PREFIX}/besluit", response_class=HTMLResponse)
    async def decide(request: Request) -> Response:
        cookie = request.cookies.get(COOKIE)
        who = moderation.session(s.db, cookie)
        form = await form_fields(request)
        if who is None or cookie is None or form is None or not same_origin(request):
            return RedirectResponse(f"{PREFIX}/inloggen", status_code=303)
        if not s.signer.check(form.get("csrf", ""), "moderatie", cookie, 8 * 3600):
            return s.page("stem/message.html", 403, title="Niet verwerkt",
                          message="Het formulier is verlopen. Open de wachtrij opnieuw.")  # fmt: skip
        try:
            moderation.decide(
                s.db, form.get("id", ""), form.get("besluit") == "goedkeuren",
                form.get("reden", ""), who.name, form.get("toelichting", ""),
            )  # fmt: skip
        except InputError as err:
            return s.page("stem/message.html", 400, title="Niet verwerkt", message=str(err))
        return RedirectResponse(PREFIX, status_code=303)

    @r.post(f"{PREFIX}/uitloggen")
    async def logout(request: Request) -> Response:
        cookie = request.cookies.get(COOKIE)
        form = await form_fields(request)
        if cookie and form and s.signer.check(form.get("csrf", ""), "moderatie", cookie, 8 * 3600):
            moderation.logout(s.db, cookie)
        response = RedirectResponse(f"{PREFIX}/inloggen", status_code=303)
        response.delete_cookie(COOKIE, path=PREFIX, secure=True, httponly=True, samesite="strict")
        return response

    @r.get(f"{PREFIX}/export.{{suffix}}")
    async def download(request: Request, suffix: str, deel: str = "reacties") -> Response:
        if moderation.session(s.db, request.cookies.get(COOKIE)) is None:
            return RedirectResponse(f"{PREFIX}/inloggen", status_code=303)
        data = export.collect(s.db)
        headers = {"Cache-Control": "no-store"}
        if suffix == "json":
            return Response(data.as_json(), media_type="application/json", headers=headers)
        if suffix != "csv" or deel not in ("reacties", "uitkomsten"):
            return s.page("stem/message.html", 404, title="Niet gevonden",
                          message="Kies export.csv of export.json.")  # fmt: skip
        body = data.reactions_csv() if deel == "reacties" else data.outcomes_csv()
        headers["Content-Disposition"] = f'attachment; filename="stem-{deel}.csv"'
        return Response(body, media_type="text/csv; charset=utf-8", headers=headers)

    return r
