"""Hooks that django-axes calls for login throttling (see the security block in settings)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


def lockout_message() -> str:
    minutes = settings.LOGIN_COOLOFF_MINUTES
    return (
        f"Too many failed log-in attempts for this user name. Logging in is blocked for "
        f"{minutes} minute{'s' if minutes != 1 else ''}; an administrator can unlock it sooner."
    )


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page again, with the lockout explained, and 429 Too Many Requests."""
    messages.error(request, lockout_message())
    context = {
        "form": AuthenticationForm(request),
        "next": request.POST.get("next", ""),
    }
    response = render(request, "registration/login.html", context, status=429)
    add_never_cache_headers(response)
    return response


def client_ip(request: HttpRequest) -> str | None:
    """The address failed logins are counted against.

    Behind the TLS proxy every request comes from the proxy itself; the proxy
    appends the address it saw to X-Forwarded-For, so the last entry is the one
    a client cannot forge (earlier entries can be).
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")
