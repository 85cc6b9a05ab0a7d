"""Typed errors raised by the engine; the HTTP layer maps them to the API's error codes."""


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""

    error_code = "7"


class InvalidImage(EngineError):
    """Not a decodable image or PDF (zero bytes, truncated, encrypted, malformed): errorCode 3."""

    error_code = "3"


class TooLarge(EngineError):
    """Too many bytes, pixels or PDF pages: errorCode 3."""

    error_code = "3"


class NoDocumentFound(EngineError):
    """The image decodes but holds no supported document: errorCode 1."""

    error_code = "1"
