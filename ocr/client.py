"""A client for the OCR API wire format (ours, or the original cloud service's).

    client = OcrClient("https://ocr.example.vn", api_key, api_secret)
    envelope = client.front(image_bytes)      # the JSON envelope, errorCode "0"
    envelope["data"]["id"]

Every method returns the envelope of a successful read and raises a typed ``OcrError`` for
any other errorCode. errorCode 7 / HTTP 503 and network errors are retried with exponential
backoff (honouring Retry-After up to ``max_backoff``); nothing else is retried.
"""

from __future__ import annotations

import logging
import time

import requests

logger = logging.getLogger("ocr.client")

OCR_PATH = "/backend/api/v1/request/ocr"


class OcrError(Exception):
    """The API answered an error; ``code`` is its errorCode ("" when it gave none)."""

    def __init__(self, code: str, message: str, *, http_status: int | None, request_id: str = ""):
        super().__init__(f"errorCode {code or '?'} (HTTP {http_status}): {message}")
        self.code = code
        self.message = message
        self.http_status = http_status
        self.request_id = request_id


class OcrNoDocument(OcrError):
    """errorCode 1: no supported document in the image."""


class OcrBadInput(OcrError):
    """errorCode 2 (URL unusable), 3 (not an image, too large) or 6 (bad parameter)."""


class OcrQuotaError(OcrError):
    """errorCode 4: the key's quota or rate limit is spent."""


class OcrAuthError(OcrError):
    """errorCode 5: wrong, unknown or revoked credentials."""


class OcrUnavailable(OcrError):
    """errorCode 7, HTTP 5xx or network failure, after every retry."""


ERROR_CLASSES = {
    "1": OcrNoDocument,
    "2": OcrBadInput,
    "3": OcrBadInput,
    "4": OcrQuotaError,
    "5": OcrAuthError,
    "6": OcrBadInput,
    "7": OcrUnavailable,
}
_RETRYABLE_NETWORK = (requests.ConnectionError, requests.Timeout)


class OcrClient:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        api_secret: str,
        *,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 10.0,
        session: requests.Session | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.session = session or requests.Session()
        self.session.auth = (api_key, api_secret)

    @classmethod
    def from_settings(cls) -> OcrClient:
        """The client of settings.OCR_API_URL with OCR_API_KEY / OCR_API_SECRET."""
        from django.conf import settings

        if not settings.OCR_API_URL:
            raise ValueError("settings.OCR_API_URL is not set")
        return cls(settings.OCR_API_URL, settings.OCR_API_KEY, settings.OCR_API_SECRET)

    # --- endpoint families ------------------------------------------------------------------

    def front(self, image: bytes) -> dict:
        """A front side (cmt/get_mattruoc)."""
        return self._post("cmt/get_mattruoc", files={"image": ("front.jpg", image)})

    def back(self, image: bytes) -> dict:
        """A back side (cmt/get_matsau)."""
        return self._post("cmt/get_matsau", files={"image": ("back.jpg", image)})

    def both(self, front: bytes, back: bytes) -> dict:
        """Both sides of one card with the cross-side checks (cmt/get_haimat)."""
        files = {"mattruoc": ("front.jpg", front), "matsau": ("back.jpg", back)}
        return self._post("cmt/get_haimat", files=files)

    def any_side(self, image: bytes) -> dict:
        """Any one supported side or passport (cmt/get_infor_all)."""
        return self._post("cmt/get_infor_all", files={"image": ("image.jpg", image)})

    def pdf(self, data: bytes) -> dict:
        """Every side in a PDF or image (v1/get_infor); ``data`` is a list of sides."""
        return self._post("v1/get_infor", files={"file": ("document.pdf", data)})

    def from_url(self, url: str, *, side: str = "any") -> dict:
        """An image the server downloads: side "front", "back" or "any"."""
        endpoint = {"front": "get_mattruoc", "back": "get_matsau", "any": "get_infor_all"}[side]
        return self._request("GET", f"cmt/{endpoint}", params={"url": url})

    def both_from_urls(self, front_url: str, back_url: str) -> dict:
        params = {"mattruoc": front_url, "matsau": back_url}
        return self._request("GET", "cmt/get_haimat", params=params)

    # --- transport ----------------------------------------------------------------------------

    def _post(self, endpoint: str, **kwargs) -> dict:
        return self._request("POST", endpoint, **kwargs)

    def _request(self, method: str, endpoint: str, **kwargs) -> dict:
        url = f"{self.base_url}{OCR_PATH}/{endpoint}"
        attempt = 0
        while True:
            try:
                response = self.session.request(method, url, timeout=self.timeout, **kwargs)
            except _RETRYABLE_NETWORK as exc:
                if attempt >= self.retries:
                    raise OcrUnavailable(
                        "", f"network error: {type(exc).__name__}", http_status=None
                    ) from exc
                self._sleep(attempt, None)
                attempt += 1
                continue
            body = self._json(response)
            code = str(body.get("errorCode", "")) if body is not None else ""
            retryable = code == "7" or response.status_code in (502, 503, 504)
            if retryable and attempt < self.retries:
                logger.info("ocr api busy (HTTP %s), retrying", response.status_code)
                self._sleep(attempt, response.headers.get("Retry-After"))
                attempt += 1
                continue
            if body is not None and code == "0":
                return body
            raise self._error(response, body, code)

    @staticmethod
    def _json(response: requests.Response) -> dict | None:
        try:
            body = response.json()
        except ValueError:
            return None
        return body if isinstance(body, dict) else None

    @staticmethod
    def _error(response: requests.Response, body: dict | None, code: str) -> OcrError:
        message = (body or {}).get("errorMessage", "") or response.reason or ""
        cls = ERROR_CLASSES.get(code)
        if cls is None:
            cls = OcrUnavailable if response.status_code >= 500 else OcrError
        return cls(
            code,
            message,
            http_status=response.status_code,
            request_id=(body or {}).get("request_id", ""),
        )

    def _sleep(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * (2**attempt)
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, float(retry_after))
        time.sleep(min(delay, self.max_backoff))


def extract_side(data: bytes) -> dict:
    """Read one side of any kind through the configured API (the onboarding backend when
    settings.OCR_BACKEND == "api"); returns the envelope, whose type/card_type/valid/
    invalidCode/data/checks keys are those of the engine's SIDE.

    Answers that will not change on retry are raised as the engine's errors, so that callers
    handle both backends alike: errorCode 1 -> NoDocumentFound, 3 -> InvalidImage, any
    other refusal (credentials, quota, parameters) -> EngineError. ``OcrUnavailable``
    (overload, network) is left to propagate: the caller's task retries it.
    """
    from ocr.engine import EngineError, InvalidImage, NoDocumentFound

    try:
        return OcrClient.from_settings().any_side(data)
    except OcrUnavailable:
        raise
    except OcrNoDocument as exc:
        raise NoDocumentFound("no supported document (OCR API)") from exc
    except OcrBadInput as exc:
        if exc.code == "3":
            raise InvalidImage("not a decodable image (OCR API)") from exc
        raise EngineError(f"OCR API refused the request: errorCode {exc.code}") from exc
    except OcrError as exc:
        raise EngineError(f"OCR API refused the request: errorCode {exc.code}") from exc
