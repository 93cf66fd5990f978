from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonThrottle(AnonRateThrottle):
    """Anonymous requests per client address, at settings.API_ANON_RATE.

    The rate is read on each request rather than once at import, so a test (or
    a settings override) can change it; "none" turns throttling off.
    """

    def get_rate(self):
        rate = settings.API_ANON_RATE.strip().lower()
        return None if rate == "none" else rate
