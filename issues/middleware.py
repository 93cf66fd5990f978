import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from psycopg.errors import QueryCanceled

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 fast while PostgreSQL is down, instead of a 500 and a traceback.

    Django drops a broken connection at the end of the request, and the
    connection health checks reconnect on the next one, so the site recovers
    by itself once the server is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # A statement past the statement timeout: the database is up, the request
        # asked too much of it (a search no bound covers), so say that instead.
        too_long = isinstance(exception.__cause__, QueryCanceled)
        logger.warning("%s: %s", "too slow" if too_long else "database unavailable", exception)
        if request.path.startswith("/api/"):
            detail = (
                "The request took too long; try a narrower query."
                if too_long
                else "The archive's database is unavailable; try again shortly."
            )
            response = JsonResponse({"detail": detail}, status=503)
        else:
            template = "timeout.html" if too_long else "503.html"
            response = HttpResponse(render_to_string(template), status=503)
        response["Retry-After"] = "5"
        return response
