"""The response envelope shared by every endpoint, and the API's errors."""

from __future__ import annotations

from django.http import JsonResponse

# errorCode -> (HTTP status, errorMessage), from the contract (spec/ocr-api.md "Errors").
ERRORS: dict[str, tuple[int, str]] = {
    "0": (200, "Thành công"),
    "1": (422, "Ảnh không chứa nội dung"),
    "2": (400, "Url của ảnh không khả dụng"),
    "3": (400, "Ảnh sai format"),
    "4": (429, "Hết số lượng request hữu dụng"),
    "5": (401, "Api_key hoặc api_secret không đúng"),
    "6": (400, "Tham số không hợp lệ"),
    "7": (503, "Hệ thống đang bận"),
}
# Seconds a client should wait before retrying an errorCode 7.
RETRY_AFTER_SECONDS = 5


class ApiError(Exception):
    """An error answered with the envelope. ``detail`` is for logs and must hold no personal
    data; it is never sent to the client."""

    def __init__(self, code: str, detail: str = "", *, http_status: int | None = None):
        super().__init__(detail or code)
        self.code = code
        self.detail = detail
        self.http_status = http_status or ERRORS[code][0]


def envelope(
    *,
    error_code: str = "0",
    side: dict | None = None,
    data=None,
    fields=None,
    checks: list | None = None,
    request_id: str = "",
    elapsed_ms: int = 0,
) -> dict:
    """The body of every answer. ``side`` is an engine SIDE (``SideResult.to_api()``) whose
    type/card_type/valid/invalid* keys lead the envelope."""
    side = side or {}
    return {
        "errorCode": error_code,
        "errorMessage": ERRORS[error_code][1],
        "type": side.get("type", ""),
        "card_type": side.get("card_type", ""),
        "valid": side.get("valid", "False" if error_code != "0" else "True"),
        "invalidCode": side.get("invalidCode", "0"),
        "invalidMessage": side.get("invalidMessage", ""),
        "data": data if data is not None else {},
        "fields": fields if fields is not None else {},
        "checks": checks if checks is not None else [],
        "request_id": request_id,
        "elapsed_ms": int(elapsed_ms),
    }


def envelope_response(body: dict, *, http_status: int | None = None) -> JsonResponse:
    status = http_status or ERRORS[body["errorCode"]][0]
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    if body["errorCode"] == "5":
        response["WWW-Authenticate"] = 'Basic realm="ocr-api", charset="UTF-8"'
    if body["errorCode"] == "7":
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
