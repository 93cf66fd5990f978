"""Every API error is JSON with a `detail` message."""

from django.http import JsonResponse
from django.urls import Resolver404, resolve
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

# Errors about several parameters together (issue_min after issue_max) name them in the message.
WHOLE_REQUEST = {"__all__", "non_field_errors", "request"}


def exception_handler(exc, context):
    """DRF's handler, with validation errors summed up in one `detail` line.

    The messages stay under `errors`, keyed by the parameter they are about.
    """
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"request": response.data}
        lines = [
            " ".join(_texts(messages))
            if name in WHOLE_REQUEST
            else f"Invalid {name}: {' '.join(_texts(messages))}"
            for name, messages in errors.items()
        ]
        response.data = {"detail": " ".join(lines), "errors": errors}
    return response


def _texts(messages) -> list[str]:
    return (
        [str(message) for message in messages] if isinstance(messages, list) else [str(messages)]
    )


def not_found(request, *args, **kwargs):
    """Unknown paths under /api/ answer in JSON too, pointing out a missing slash."""
    detail = f"No API endpoint at {request.path}."
    if not request.path.endswith("/"):
        match = resolve_or_none(request.path + "/")
        if match is not None and match.func is not not_found:
            detail += f" Did you mean {request.path}/?"
    return JsonResponse({"detail": detail}, status=404)


def resolve_or_none(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None
