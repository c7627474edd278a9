"""NUL bytes in URLs, query strings and forms never give a 500 (PostgreSQL text cannot hold NUL).

Every named route of the project is walked from the resolver and requested over the live
server: routes with parameters get ``a%00b`` in each parameter; routes without get every
FilterSet field and the usual search parameters holding NUL, as a visitor, a member and a
superuser, by GET and (outside the admin) by POST.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request

import django_filters
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import _with_totp
from tests.factories.network import MemberFactory, UserFactory

NUL = "a\x00b"
PARAM = re.compile(r"<(?:\w+:)?\w+>")
SKIPPED = ("logout", "usersessions")  # would end the persona's session half-way
CSRF = "x" * 32
COMMON_FIELDS = {"q", "search", "page", "sort", "order", "date", "period", "next", "lang", "status"}


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name or ""


def _path(route: str) -> str:
    route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    return "/" + PARAM.sub(urllib.parse.quote(NUL), route)


def _filter_fields() -> set[str]:
    names: set[str] = set()
    stack = list(django_filters.FilterSet.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        names.update(getattr(cls, "base_filters", {}).keys())
    return names


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _request(url: str, *, cookie: str, data: bytes | None = None) -> int:
    headers = {"Cookie": f"csrftoken={CSRF}; {cookie}", "X-CSRFToken": CSRF}
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db(transaction=True)
def test_nul_in_any_route_or_field_never_gives_a_500(live_server):
    member = MemberFactory()
    superuser = _with_totp(UserFactory(is_staff=True, is_superuser=True))
    personas = {
        "visitor": "",
        "member": f"sessionid={_session_cookie(UserFactory(member=member))}",
        "superuser": f"sessionid={_session_cookie(superuser)}",
    }
    fields = sorted(_filter_fields() | COMMON_FIELDS)
    query = urllib.parse.urlencode(dict.fromkeys(fields, NUL))
    failures = []
    routes = sorted(set(_routes()))
    assert len(routes) > 100
    for route, name in routes:
        if any(word in name for word in SKIPPED):
            continue
        path = _path(route)
        with_params = PARAM.search(route) is not None
        admin = path.startswith("/admin/")
        for persona, cookie in personas.items():
            if with_params:
                urls = [(live_server.url + path, None)]
            elif admin:
                urls = [(f"{live_server.url}{path}?q={urllib.parse.quote(NUL)}", None)]
            else:
                urls = [(f"{live_server.url}{path}?{query}", None), (live_server.url + path, query.encode())]
            for url, data in urls:
                status = _request(url, cookie=cookie, data=data)
                if status >= 500:
                    method = "POST" if data else "GET"
                    failures.append((persona, method, url[len(live_server.url) :][:120], status))
    assert not failures, sorted({(method, url) for _p, method, url, _s in failures})


@pytest.mark.django_db
def test_nul_in_a_token_is_no_route(client):
    response = client.get("/ateliers/reservation/a%00b/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_nul_in_the_shop_search_is_removed(client):
    response = client.get("/boutique/", {"q": NUL})
    assert response.status_code == 200
