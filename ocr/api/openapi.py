"""The OpenAPI 3 description of the API, served at /backend/api/v1/openapi.json and rendered
at /backend/api/v1/docs. It is what schemathesis checks the live server against."""

from __future__ import annotations

from functools import cache

from .envelope import ERRORS, RETRY_AFTER_SECONDS

PREFIX = "/backend/api/v1/request/ocr"

_WHEN = {
    "0": "Read.",
    "1": "No supported document found in the image.",
    "2": "The URL is unreachable, refused by policy (private address, scheme, redirects), "
    "too large or not an image.",
    "3": "Not a decodable image or PDF, too large (body, file, decoded base64), too many "
    "pixels or PDF pages.",
    "4": "The key's quota or per-minute rate limit is spent.",
    "5": "Missing or wrong credentials, or a revoked key.",
    "6": "Missing or malformed parameter, body, JSON or base64.",
    "7": "Overloaded (the OCR queue is full) or internal fault; safe to retry after Retry-After.",
}

_STRING_OR_LIST = {
    "oneOf": [
        {"type": "string"},
        {"type": "array", "items": {"type": "string"}},
        {"type": "number"},
    ]
}
_FIELD = {
    "type": "object",
    "required": ["confidence", "box", "source"],
    "properties": {
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "box": {
            "oneOf": [
                {"type": "array", "items": {"type": "integer"}, "minItems": 4, "maxItems": 4},
                {"type": "null"},
            ]
        },
        "source": {"type": "string", "enum": ["ocr", "qr", "mrz", "derived"]},
    },
}
_CHECK = {
    "type": "object",
    "required": ["code", "result", "message"],
    "properties": {
        "code": {"type": "string"},
        "result": {"type": "string", "enum": ["pass", "fail", "skip"]},
        "message": {"type": "string"},
    },
}
_VALID = {"type": "string", "enum": ["True", "False"]}
_INVALID_CODE = {"type": "string", "enum": [str(n) for n in range(8)]}
_SIDE = {
    "type": "object",
    "description": "One document side as read.",
    "required": ["type", "card_type", "valid", "invalidCode", "invalidMessage", "data"],
    "properties": {
        "type": {
            "type": "string",
            "description": "Coarse class: cmt, matsaucmt, tcc, "
            "matsautcc, cancuoc, matsaucancuoc, passport.",
        },  # fmt: skip
        "card_type": {"type": "string", "description": "Fine class, e.g. chip_id_card_front."},
        "valid": _VALID,
        "invalidCode": _INVALID_CODE,
        "invalidMessage": {"type": "string"},
        "data": {
            "type": "object",
            "description": "Field values (strings; `mrz` is a list of lines; `*_confidence` "
            "are numbers 0-1). Missing fields are empty strings.",
            "additionalProperties": _STRING_OR_LIST,
        },
        "fields": {
            "type": "object",
            "additionalProperties": {"$ref": "#/components/schemas/Field"},
        },
        "checks": {"type": "array", "items": {"$ref": "#/components/schemas/Check"}},
        "page": {"type": "integer", "minimum": 1, "description": "v1/get_infor: 1-based page."},
    },
}
_EMPTY = {"type": "object", "maxProperties": 0}


def _envelope(data_schema: dict, fields_schema: dict, description: str) -> dict:
    return {
        "type": "object",
        "description": description,
        "required": [
            "errorCode",
            "errorMessage",
            "type",
            "card_type",
            "valid",
            "invalidCode",
            "invalidMessage",
            "data",
            "fields",
            "checks",
            "request_id",
            "elapsed_ms",
        ],  # fmt: skip
        "properties": {
            "errorCode": {"type": "string", "enum": list(ERRORS)},
            "errorMessage": {"type": "string"},
            "type": {"type": "string"},
            "card_type": {"type": "string"},
            "valid": _VALID,
            "invalidCode": _INVALID_CODE,
            "invalidMessage": {"type": "string"},
            "data": data_schema,
            "fields": fields_schema,
            "checks": {"type": "array", "items": {"$ref": "#/components/schemas/Check"}},
            "request_id": {"type": "string"},
            "elapsed_ms": {"type": "integer", "minimum": 0},
        },
    }


_SCHEMAS = {
    "Field": _FIELD,
    "Check": _CHECK,
    "Side": _SIDE,
    "SideEnvelope": _envelope(
        {"type": "object", "additionalProperties": _STRING_OR_LIST},
        {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Field"}},
        "One side: `data` holds its fields; `{}` on error.",
    ),
    "TwoSidesEnvelope": _envelope(
        {
            "type": "object",
            "properties": {
                "mattruoc": {"$ref": "#/components/schemas/Side"},
                "matsau": {"$ref": "#/components/schemas/Side"},
            },
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {
                side: {
                    "type": "object",
                    "additionalProperties": {"$ref": "#/components/schemas/Field"},
                }
                for side in ("mattruoc", "matsau")
            },
            "additionalProperties": False,
        },
        "Front and back: `data` is {mattruoc: Side, matsau: Side}; `checks` includes the "
        "cross-side checks; `{}` on error.",
    ),
    "FileEnvelope": _envelope(
        {"oneOf": [{"type": "array", "items": {"$ref": "#/components/schemas/Side"}}, _EMPTY]},
        _EMPTY,
        "A file (PDF or image): `data` is a list of Side, each with its `page`; `{}` on "
        "error. Each Side carries its own `fields`.",
    ),
}

_RETRY_AFTER = {
    "description": "Seconds to wait before retrying.",
    "required": True,
    "schema": {"type": "string"},
}
_WWW_AUTHENTICATE = {
    "description": "Basic challenge.",
    "required": True,
    "schema": {"type": "string"},
}


def _responses(envelope: str, codes: tuple[str, ...]) -> dict:
    """Responses by HTTP status; several errorCodes may share one status."""
    by_status: dict[int, list[str]] = {}
    for code in codes:
        by_status.setdefault(ERRORS[code][0], []).append(code)
    out = {}
    for status, status_codes in sorted(by_status.items()):
        text = " ".join(f'errorCode "{c}" ({ERRORS[c][1]}): {_WHEN[c]}' for c in status_codes)
        response = {
            "description": text,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{envelope}"}}
            },
        }
        if status == 401:
            response["headers"] = {"WWW-Authenticate": _WWW_AUTHENTICATE}
        if status in (429, 503):
            response["headers"] = {"Retry-After": _RETRY_AFTER}
        out[str(status)] = response
    return out


def _url_parameter(name: str, text: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": True,
        "description": f"{text} Public http(s) URL of a JPEG, PNG, WebP, BMP, TIFF or GIF image "
        "(at most 10 MB, 3 redirects). May be sent unencoded, as the original service's demos do.",
        "schema": {"type": "string", "minLength": 1},
    }


def _multipart(files: dict[str, str]) -> dict:
    return {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": list(files),
                    "properties": {
                        name: {"type": "string", "format": "binary", "description": text}
                        for name, text in files.items()
                    },
                }
            }
        },
    }


def _base64_json(payloads: dict[str, str]) -> dict:
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": list(payloads),
                    "properties": {
                        name: {
                            "type": "string",
                            "minLength": 1,
                            "description": f"{text} Base64 (line breaks and a data: URI prefix "
                            "accepted), at most 10 MB decoded.",
                        }
                        for name, text in payloads.items()
                    },
                }
            }
        },
    }


URL_CODES = ("0", "1", "2", "3", "4", "5", "6", "7")
UPLOAD_CODES = ("0", "1", "3", "4", "5", "6", "7")

FRONT = "Image of the front side."
BACK = "Image of the back side."
ANY = "Image of any one supported side: CMND/CCCD/chip card/2024 card front or back, passport."


def _operation(summary: str, envelope: str, codes, *, parameters=None, body=None) -> dict:
    operation = {
        "summary": summary,
        "operationId": "",
        "responses": _responses(envelope, codes),
    }
    if parameters:
        operation["parameters"] = parameters
    if body:
        operation["requestBody"] = body
    return operation


def _paths() -> dict:
    paths = {
        "/cmt/get_haimat": {
            "get": _operation(
                "Front and back from image URLs",
                "TwoSidesEnvelope",
                URL_CODES,
                parameters=[_url_parameter("mattruoc", FRONT), _url_parameter("matsau", BACK)],
            ),
            "post": _operation(
                "Front and back from uploaded files",
                "TwoSidesEnvelope",
                UPLOAD_CODES,
                body=_multipart({"mattruoc": FRONT, "matsau": BACK}),
            ),
        },
        "/cmt/get_haimatbase64": {
            "post": _operation(
                "Front and back from base64 JSON",
                "TwoSidesEnvelope",
                UPLOAD_CODES,
                body=_base64_json({"mattruoc": FRONT, "matsau": BACK}),
            )
        },
        "/v1/get_infor": {
            "post": _operation(
                "Every document side in a PDF (at most 20 pages) or an image",
                "FileEnvelope",
                UPLOAD_CODES,
                body=_multipart(
                    {"file": "A PDF whose pages hold fronts and/or backs, or an image."}
                ),
            )
        },
    }
    for name, text, what in (
        ("get_mattruoc", FRONT, "Front side"),
        ("get_matsau", BACK, "Back side"),
        ("get_infor_all", ANY, "Any one side"),
    ):
        paths[f"/cmt/{name}"] = {
            "get": _operation(
                f"{what} from an image URL",
                "SideEnvelope",
                URL_CODES,
                parameters=[_url_parameter("url", text)],
            ),
            "post": _operation(
                f"{what} from an uploaded file",
                "SideEnvelope",
                UPLOAD_CODES,
                body=_multipart({"image": text}),
            ),
        }
        paths[f"/cmt/{name}base64"] = {
            "post": _operation(
                f"{what} from base64 JSON",
                "SideEnvelope",
                UPLOAD_CODES,
                body=_base64_json({"image": text}),
            )
        }
    out = {}
    for path, item in sorted(paths.items()):
        for method, operation in item.items():
            operation["operationId"] = f"{method}_{path.strip('/').replace('/', '_')}"
        out[PREFIX + path] = item
    return out


@cache
def openapi_description() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "OCR API: CM/TCC/Passport (v1)",
            "version": "1.0.0",
            "description": "Reads Vietnamese identity documents (CMND, CCCD, chip card, 2024 "
            "card, passports and other MRZ documents). Wire-compatible with the Computer "
            "Vision Vietnam CM/TCC/Passport API: a client of that service works by changing "
            "the host. Every answer, success or not, is the same JSON envelope; `errorCode` "
            f"says what happened. errorCode 7 carries `Retry-After: {RETRY_AFTER_SECONDS}`.",
        },
        "servers": [{"url": "/"}],
        "security": [{"basicAuth": []}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {
                "basicAuth": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "Username: api_key; password: api_secret.",
                }
            },
            "schemas": _SCHEMAS,
        },
    }


def error_table() -> list[dict]:
    """The error codes, for the docs page."""
    return [
        {"code": code, "status": status, "message": message, "when": _WHEN[code]}
        for code, (status, message) in ERRORS.items()
    ]


def docs_operations() -> list[dict]:
    """The operations, flattened for the docs page."""
    description = openapi_description()
    out = []
    for path, item in description["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {})
            body_type, body_schema = next(iter(body.items()), ("", {}))
            body_schema = body_schema.get("schema", {})
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation["summary"],
                    "operation_id": operation["operationId"],
                    "parameters": operation.get("parameters", []),
                    "body_type": body_type,
                    "body_fields": [
                        {
                            "name": name,
                            "kind": "file" if spec.get("format") == "binary" else "base64 string",
                            "description": spec.get("description", ""),
                        }
                        for name, spec in body_schema.get("properties", {}).items()
                    ],
                    "responses": [
                        {"status": status, "description": response["description"]}
                        for status, response in operation["responses"].items()
                    ],
                }
            )
    return out
