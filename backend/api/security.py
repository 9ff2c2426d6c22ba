"""The one guard every request passes: which callers may use the studio, spend its money or read its work.

The studio runs on its owner's machine, next to their browser. What it defends against:
- a web page open in that browser (a cross-site form, a script, a sandboxed iframe whose Origin is
  `null`): it may not change anything or read anything of the owner's;
- a DNS name rebound to 127.0.0.1: only the studio's own host names are served;
- a neighbour on the network, when the studio listens beyond loopback: every call needs ADMIN_TOKEN.

`decide()` is a plain function of the request's facts, so every entry point (Flask hooks today)
applies the same rules, and tests can call it directly.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from flask import Flask, Response, g, request

from backend.config import StudioSettings
from utils.downloader import save_bytes

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
ANY_ADDRESS = {"0.0.0.0", "::", ""}
# Paths anyone who reaches the studio may GET: nothing in them is the owner's.
PUBLIC_PATHS = {"/health", "/api/openapi.json"}
GUARDED_PREFIXES = ("/api/", "/v1/", "/metrics")  # metrics count the owner's jobs and spend
TOKEN_FILE = "studio-token"
TRUSTED_FETCH_SITES = {"same-origin", "none"}  # the page itself, or the owner typing an address

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@dataclass(frozen=True)
class Policy:
    """Who the studio serves, read once from the settings."""

    hosts: frozenset[str]  # Host names (no port) it answers to
    any_ip_host: bool  # listening on every interface: any IP-literal Host is fine (rebinding sends names)
    trusted_origins: frozenset[str]  # CORS_ORIGINS beyond the studio's own; never "null"
    studio_token: str
    admin_token: str | None
    exposed: bool  # beyond loopback without ALLOW_UNAUTHENTICATED: every guarded call needs a token
    open_network: bool = False  # beyond loopback with ALLOW_UNAUTHENTICATED: any address may call

    def tokens(self) -> tuple[str, ...]:
        return tuple(token for token in (self.studio_token, self.admin_token) if token)


@dataclass(frozen=True)
class Call:
    """The facts of one request the guard decides on."""

    method: str
    path: str
    host: str
    remote_addr: str | None
    origin: str | None = None
    fetch_site: str | None = None  # Sec-Fetch-Site: every modern browser sends it, curl does not
    bearer: str | None = None
    query_token: str | None = None


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str


def is_loopback(address: str | None) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


def host_name(host: str) -> str:
    """'127.0.0.1:8080' -> '127.0.0.1', '[::1]:8080' -> '::1', 'Studio.LAN' -> 'studio.lan'."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def build_policy(settings: StudioSettings) -> Policy:
    """Read the guard's rules from the studio's settings."""
    listen = settings.host.strip().lower()
    hosts = set(LOOPBACK_NAMES)
    if listen not in ANY_ADDRESS:
        hosts.add(host_name(listen))
    hosts |= {host_name(name) for name in settings.allowed_hosts}
    origins = {origin.rstrip("/") for origin in settings.cors_origins}
    beyond_loopback = listen in ANY_ADDRESS or (not is_loopback(listen) and listen != "localhost")
    return Policy(
        hosts=frozenset(hosts),
        any_ip_host=listen in ANY_ADDRESS,
        trusted_origins=frozenset(origins - {"null"}),
        studio_token=settings.secret("studio_token"),
        admin_token=settings.secret("admin_token"),
        exposed=beyond_loopback and not settings.allow_unauthenticated,
        open_network=beyond_loopback and settings.allow_unauthenticated,
    )


def host_allowed(policy: Policy, host: str) -> bool:
    name = host_name(host)
    return name in policy.hosts or (policy.any_ip_host and _is_ip(name))


def same_origin(origin: str, host: str) -> bool:
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.strip().lower()


def token_valid(policy: Policy, call: Call) -> bool:
    """A bearer token, or (for a GET a browser cannot add headers to: media, EventSource) ?token=."""
    offered = [call.bearer]
    if call.method in ("GET", "HEAD"):
        offered.append(call.query_token)
    return any(
        hmac.compare_digest(given.encode(), token.encode()) for given in offered if given for token in policy.tokens()
    )


def is_guarded(call: Call) -> bool:
    if call.method in ("GET", "HEAD") and call.path in PUBLIC_PATHS:
        return False
    return call.path.startswith(GUARDED_PREFIXES) or call.method not in ("GET", "HEAD", "OPTIONS")


def decide(policy: Policy, call: Call) -> Refusal | None:
    """Return why the call is refused, or None when it may go on."""
    if not host_allowed(policy, call.host):
        return Refusal(
            421,
            "host_not_allowed",
            f"This studio does not answer to the name {host_name(call.host)!r}. "
            "Use http://127.0.0.1 or add the name to ALLOWED_HOSTS.",
        )
    if call.method == "OPTIONS" or not is_guarded(call):
        return None  # a CORS preflight changes nothing and reads nothing; the page itself is public
    if token_valid(policy, call):
        return None
    if policy.exposed:
        return Refusal(
            401,
            "sign_in_required",
            "This studio is shared on the network: sign in with its admin token (ADMIN_TOKEN).",
        )
    if call.origin is not None:
        if same_origin(call.origin, call.host) or call.origin.rstrip("/") in policy.trusted_origins:
            return None
        return Refusal(
            403,
            "pairing_required",
            "Only the studio's own page may use it. A page opened from a file must be paired once with the "
            "studio token (printed when the studio started, shown under Provider settings in the studio's page).",
        )
    if call.fetch_site is not None:  # a browser that sent no Origin: a plain GET, a link, a <video>
        if call.fetch_site in TRUSTED_FETCH_SITES:
            return None
        return Refusal(403, "pairing_required", "This request came from another site; it needs the studio token.")
    if is_loopback(call.remote_addr) or policy.open_network:
        return None  # curl and scripts on this machine, as the README shows
    return Refusal(403, "forbidden", "Only this machine may use the studio (or a caller with the admin token).")


def cors_headers(policy: Policy, call: Call, allowed: bool) -> dict[str, str]:
    """Let a trusted or paired page read the answer, and a page opened from disk read why it was refused.

    Exposing answers to `Origin: null` is safe because the guard never lets null through on its own:
    what it can read is a refusal, a public answer, or an answer to a request that carried the token.
    """
    origin = call.origin
    if origin is None or same_origin(origin, call.host):
        return {}
    trusted = origin.rstrip("/") in policy.trusted_origins
    if not (trusted or origin == "null" or (allowed and token_valid(policy, call))):
        return {}
    headers = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
    if call.method == "OPTIONS":
        headers.update(
            {
                "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
                "Access-Control-Allow-Headers": "Authorization, Content-Type",
                "Access-Control-Max-Age": "600",
            }
        )
    return headers


def studio_token(storage: Path) -> str:
    """Return the studio token kept beside the database, making it (owner-only) on first start."""
    path = storage / TOKEN_FILE
    if path.exists():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token
    token = secrets.token_urlsafe(18)
    save_bytes(token.encode("utf-8"), path)  # written through mkstemp: 0600 from the first byte
    return token


def call_of(req) -> Call:
    """Read the guard's facts from a Flask request (the path includes where the app is mounted)."""
    auth = req.headers.get("Authorization", "")
    return Call(
        method=req.method,
        path=req.script_root + req.path,
        host=req.host,
        remote_addr=req.remote_addr,
        origin=req.headers.get("Origin"),
        fetch_site=req.headers.get("Sec-Fetch-Site"),
        bearer=auth[7:].strip() if auth[:7].lower() == "bearer " else None,
        query_token=req.args.get("token"),
    )


def call_of_scope(scope: dict) -> Call:
    """Read the guard's facts from an ASGI request (the progress streams are served outside Flask)."""
    headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
    auth = headers.get("authorization", "")
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    client = scope.get("client")
    return Call(
        method=scope["method"],
        path=scope.get("root_path", "") + scope["path"],
        host=headers.get("host", ""),
        remote_addr=client[0] if client else None,
        origin=headers.get("origin"),
        fetch_site=headers.get("sec-fetch-site"),
        bearer=auth[7:].strip() if auth[:7].lower() == "bearer " else None,
        query_token=(query.get("token") or [None])[0],
    )


def install(app: Flask, policy: Policy, refuse: Callable[[Refusal], Response]) -> None:
    """Put the guard in front of every route of `app`; `refuse` answers in that app's error shape."""

    @app.before_request
    def guard() -> Response | None:
        call = call_of(request)
        refusal = decide(policy, call)
        g.guard_call, g.guard_allowed = call, refusal is None
        if refusal is not None:
            return refuse(refusal)
        if call.method == "OPTIONS":
            return Response(status=204)
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        call = g.get("guard_call")
        if call is not None:
            response.headers.update(cors_headers(policy, call, g.get("guard_allowed", False)))
        return response
