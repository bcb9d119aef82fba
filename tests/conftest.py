"""Fixtures every test can use: a cast of users in two organisations, a real Celery worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django.test
import pytest
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache

from members.access import viewer_for
from members.models import Organisation, User

from .factories import OrganisationFactory, member

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The authenticator's code now, made at least two seconds before its 30-second window
    closes (waiting those seconds, at most), so that the server checks it in its window."""
    left = 30 - time.time() % 30
    if left < 2:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


class Client(django.test.Client):
    """``force_login`` stands for a whole sign-in: for a person with an authenticator, the
    session records the password and the code, as the login page's two steps do. With
    ``mfa=False`` the session has passed the password alone."""

    def force_login(self, user, backend=None, *, mfa: bool = True):
        super().force_login(user, backend)
        if not mfa or not Authenticator.objects.filter(user=user, type="totp").exists():
            return
        session = self.session
        now = time.time()
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": now, "email": user.email},
            {"method": "mfa", "at": now, "type": "totp"},
        ]
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
        session.save()


@pytest.fixture
def client() -> Client:
    return Client()


def api_auth(client: Client, user) -> dict:
    """Sign in to the API as partner systems do, with a token; editors and staff, whose
    tokens the API refuses, through a session that passed MFA. The headers to send."""

    from members.mfa import mfa_required
    from tests.tokens import key_for

    if mfa_required(viewer_for(user)):
        client.force_login(user)
        return {}
    return {"HTTP_AUTHORIZATION": f"Token {key_for(user)}"}


def sign_in(client: Client, user) -> dict:
    """Sign a role's user in to the pages and the API (nobody, for the public): the headers
    the API's requests send."""
    if user is None:
        return {}
    headers = api_auth(client, user)
    client.force_login(user)
    return headers


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and used TOTP codes live in Redis: each test starts with none."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The ports and anchorages, and the founding groups, are reference data that migrations
    load. A transactional test (a real worker, a browser) empties every table when it ends,
    so each test that finds them gone loads them again first, whatever ran before it."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    in_database = transactional or marker is not None or "db" in request.fixturenames
    if in_database:
        # A test in a transaction of its own that runs after a transactional one (the test
        # processes share the tests out as they go) loads them in its transaction.
        request.getfixturevalue("transactional_db" if transactional else "db")
        from groups.founding import found
        from groups.models import Group
        from incidents.models import Port
        from incidents.ports import load_ports

        if not Port.objects.exists():
            load_ports(Port)
        if not Group.objects.filter(slug="west-africa").exists():
            found(Group)  # the founding groups, which a migration makes too
    yield


@dataclass
class Cast:
    """The standard cast: two shipping companies A and B, and the platform's own people."""

    org_a: Organisation
    org_b: Organisation
    org_platform: Organisation
    member_a: User
    admin_a: User
    pending_a: User
    member_b: User
    admin_b: User
    editor: User
    staff: User

    def user(self, role: str) -> User | None:
        return None if role == "public" else getattr(self, role)

    def viewer(self, role: str):
        return viewer_for(self.user(role))


ROLES = ["public", "pending_a", "member_a", "admin_a", "member_b", "admin_b", "editor", "staff"]


@pytest.fixture
def cast(db) -> Cast:
    org_a = OrganisationFactory(name="Alpha Tankers", slug="alpha", email_domains=["alpha.example"])
    org_b = OrganisationFactory(name="Bravo Lines", slug="bravo", email_domains=["bravo.example"])
    platform = OrganisationFactory(
        name="CSOA", slug="csoa", kind="industry_body", email_domains=["csoa.example"]
    )
    editor = member(platform, "editor")
    staff = member(platform, "staff")
    for user in (editor, staff):
        TOTP.activate(user, TOTP_SECRET)
    return Cast(
        org_a=org_a,
        org_b=org_b,
        org_platform=platform,
        member_a=member(org_a),
        admin_a=member(org_a, "org_admin"),
        pending_a=member(org_a, status="pending"),
        member_b=member(org_b),
        admin_b=member(org_b, "org_admin"),
        editor=editor,
        staff=staff,
    )


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread of this process) consuming the real Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from csoa.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


def worker_process(**settings_env: str) -> subprocess.Popen:
    """A real Celery worker in a process of its own, on the test database, to be killed;
    ``settings_env`` adds settings from the environment (``NOTIFICATIONS_FAN_OUT_BATCH``)."""
    from django.conf import settings
    from django.db import connection

    database = urlsplit(os.environ["DATABASE_URL"])
    test_database = urlunsplit(database._replace(path="/" + connection.settings_dict["NAME"]))
    env = {
        **os.environ,
        "DATABASE_URL": test_database,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **settings_env,
    }
    command = [sys.executable, "-m", "celery", "-A", "csoa", "worker", "--pool", "solo",
               "--concurrency", "1", "--loglevel", "WARNING", "--without-heartbeat",
               "--without-mingle", "--without-gossip"]  # fmt: skip
    root = Path(__file__).resolve().parents[1]
    return subprocess.Popen(command, cwd=root, env=env)
