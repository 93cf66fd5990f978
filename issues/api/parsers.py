from django.conf import settings
from rest_framework.parsers import BaseParser


class PlainTextParser(BaseParser):
    """A text/plain body as bytes, read up to one byte past the import size limit.

    The bytes go to parsing.decode, which owns the rules for text (UTF-8, BOM,
    no NUL); reading one byte more than the limit tells an oversized body
    without reading all of it.
    """

    media_type = "text/plain"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read(settings.IMPORT_MAX_BYTES + 1)
