"""Rate limits on the pages that cost the most (trends, summaries, search, exports, PDF
requests): per person when signed in, per address for the public.

One fixed window per group and caller, counted in the cache by django-ratelimit; pages and
the API count in the same windows. Over the limit, a page answers 429 with a page that says
when to try again, the API 429 with ``Retry-After``. When the cache cannot be reached the
limits are not applied (``RATELIMIT_FAIL_OPEN``): the platform stays up without Redis.
"""

from __future__ import annotations

import abc
import datetime as dt
import ipaddress
import time
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.core import get_usage
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest, HttpResponse, HttpResponseBase
    from rest_framework.request import Request
    from rest_framework.views import APIView

P = ParamSpec("P")

WHAT = {
    "trends": "trends and summaries",
    "search": "searches",
    "exports": "exports",
    "reports": "PDF reports",
}


def client_ip(request: HttpRequest) -> str:
    """The caller's address: the one the outermost trusted proxy saw (``X-Forwarded-For``,
    ``DJANGO_TRUSTED_PROXY_COUNT`` proxies deep), else the connection's."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if count and len(hops) >= count:
        try:
            return str(ipaddress.ip_address(hops[-count]))
        except ValueError:
            pass
    address: str = request.META.get("REMOTE_ADDR", "")
    return address


def address_key(address: str) -> str:
    """The key of an address for limits: an IPv6 address by its /64 network, which one
    subscriber usually holds whole."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def rate_for(group: str, signed_in: bool) -> str:
    if group == "reports":
        return settings.RATE_LIMIT_REPORTS
    return settings.RATE_LIMIT_MEMBER if signed_in else settings.RATE_LIMIT_PUBLIC


def seconds_to_wait(
    request: HttpRequest, group: str, user: AbstractBaseUser | AnonymousUser
) -> int | None:
    """Count this request in its window; the seconds until the window ends when it goes
    over the limit, else None."""
    signed_in = user is not None and user.is_authenticated
    caller = f"user:{user.pk}" if signed_in else f"ip:{address_key(client_ip(request))}"
    usage = get_usage(
        request,
        group=group,
        key=lambda _group, _request: caller,
        rate=rate_for(group, signed_in),
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    time_left: int = usage["time_left"]
    return max(1, time_left)


def in_words(seconds: int) -> str:
    """A wait as people say it: 40 seconds, 12 minutes, 2 hours."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size * 1.5 or (unit == "minute" and seconds >= 90):
            count = round(seconds / size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def too_many(request: HttpRequest, group: str, wait: int) -> HttpResponse:
    again = timezone.now() + dt.timedelta(seconds=wait)
    response = render(
        request,
        "429.html",
        {"what": WHAT[group], "wait": in_words(wait), "again": again},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def rate_limited(
    group: str, *, when: Callable[[HttpRequest], bool] | None = None
) -> Callable[
    [Callable[Concatenate[HttpRequest, P], HttpResponseBase]],
    Callable[Concatenate[HttpRequest, P], HttpResponseBase],
]:
    """Limit a page view; ``when(request)`` says which requests count (all, if not given)."""

    def decorator(
        view: Callable[Concatenate[HttpRequest, P], HttpResponseBase],
    ) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
        @wraps(view)
        def limited(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            if when is None or when(request):
                wait = seconds_to_wait(request, group, request.user)
                if wait is not None:
                    return too_many(request, group, wait)
            return view(request, *args, **kwargs)

        return limited

    return decorator


def searching(request: HttpRequest) -> bool:
    return bool(request.GET.get("q", "").strip())


class ExpensiveThrottle(BaseThrottle):
    """The same limits for API views: the view names its ``rate_limit_group`` and, if only
    some requests count, ``rate_limit_when(request)``."""

    _wait: int | None

    def allow_request(self, request: Request, view: APIView) -> bool:
        when = getattr(view, "rate_limit_when", None)
        if when is not None and not when(request):
            return True
        group: str = cast(Any, view).rate_limit_group
        self._wait = seconds_to_wait(request, group, request.user)
        return self._wait is None

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)


class WindowThrottle(BaseThrottle, abc.ABC):
    """The API's throttles (``DEFAULT_THROTTLE_RATES``), counted as the pages' limits are: a
    fixed window per caller whose count the cache increments in one step. DRF's own
    throttles read a list of times, add one and write it back, so requests that arrive
    together all pass (64 at once let some 1,400 requests a minute through a limit of 600)."""

    scope = ""
    _wait: int | None

    @abc.abstractmethod
    def caller(self, request: Request) -> str | None:
        """Who is counted, or None when this throttle does not count this caller."""

    def allow_request(self, request: Request, view: APIView) -> bool:
        self._wait = None
        caller = self.caller(request)
        if caller is None:
            return True
        rates = api_settings.DEFAULT_THROTTLE_RATES
        # parse_rate reads nothing of its throttle; DRF's stubs type the rates as numbers,
        # where they are "count/period" text.
        rate = SimpleRateThrottle.parse_rate(None, rates[self.scope])  # type: ignore[arg-type]
        usage = get_usage(
            request,
            group=f"api-{self.scope}",
            key=lambda _group, _request: caller,
            rate=rate,
            increment=True,
        )
        if usage is None or not usage["should_limit"]:
            return True
        time_left: int = usage["time_left"]
        self._wait = max(1, time_left)
        return False

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)


def _address(request: Request) -> str:
    return f"ip:{address_key(client_ip(request))}"


class AnonymousThrottle(WindowThrottle):
    """Callers without a token or session, per address (``API_ANON_RATE``)."""

    scope = "anon"

    def caller(self, request: Request) -> str | None:
        return None if request.user.is_authenticated else _address(request)


class SignedInThrottle(WindowThrottle):
    """Each account, whatever address it calls from (``API_USER_RATE``)."""

    scope = "user"

    def caller(self, request: Request) -> str | None:
        return f"user:{request.user.pk}" if request.user.is_authenticated else None


class MapThrottle(WindowThrottle):
    """The map, which asks again on every pan and zoom (``API_MAP_RATE``)."""

    scope = "map"

    def caller(self, request: Request) -> str:
        return f"user:{request.user.pk}" if request.user.is_authenticated else _address(request)


# The throttles of an API view that does expensive work: the API's own, and these limits.
EXPENSIVE_THROTTLES = [*api_settings.DEFAULT_THROTTLE_CLASSES, ExpensiveThrottle]


def counted(key: str, *, limit: int, seconds: int) -> int | None:
    """Count one more of something a person does (``key`` names what and who) in a window
    of ``seconds``: None while within ``limit``, else how long to wait (and the refused one
    is not counted). Counted in the cache (Redis), as every limit is."""
    window = int(time.time()) // seconds
    stored = f"limit:{key}:{window}"
    cache.add(stored, 0, seconds)
    if cache.incr(stored) > limit:
        cache.decr(stored)
        return seconds - int(time.time()) % seconds
    return None


def refuse_past(key: str, *, limit: int, seconds: int, what: str) -> None:
    """``counted``, refused with a ValidationError that says how many and when again."""
    wait = counted(key, limit=limit, seconds=seconds)
    if wait is not None:
        raise ValidationError(f"At most {limit} {what}: try again in {in_words(wait)}.")
