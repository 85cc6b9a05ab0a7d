"""The 13 endpoints of the seed (spec/ocr-api.md "Requests"). Each view only says which
inputs it takes and which engine call it makes; ``api_endpoint`` does the rest
(authentication, rate limit, quota, the bounded pool, the envelope, the usage row)."""

from __future__ import annotations

import functools
import json
import logging
import time
import traceback
import uuid

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from ocr import engine
from ocr.services import (
    api_key_count_success,
    api_key_quota_release,
    api_key_quota_reserve,
    api_key_rate_limit_take,
    api_usage_record,
)

from . import inputs
from .auth import authenticate
from .envelope import ApiError, envelope, envelope_response
from .fetch import FetchError, fetch_image
from .openapi import docs_operations, error_table, openapi_description
from .pool import run_ocr

logger = logging.getLogger("ocr.api")

FRONT_BACK = ("mattruoc", "matsau")


class Result:
    """What an endpoint read: the envelope's leading SIDE, its data, fields and checks."""

    def __init__(self, *, side: dict, data, fields, checks: list):
        self.side, self.data, self.fields, self.checks = side, data, fields, checks


def api_endpoint(name: str, methods: tuple[str, ...]):
    def decorate(handler):
        @csrf_exempt
        @functools.wraps(handler)
        def view(request):
            started = time.monotonic()
            request_id = uuid.uuid4().hex
            api_key = None
            result = None
            try:
                if request.method not in methods:
                    raise ApiError("6", "method not allowed", http_status=405)
                api_key = authenticate(request)
                if not api_key_rate_limit_take(api_key=api_key):
                    raise ApiError("4", "rate limit")
                if not api_key_quota_reserve(api_key=api_key):
                    raise ApiError("4", "quota spent")
                try:
                    result = handler(request)
                except BaseException:
                    api_key_quota_release(api_key=api_key)
                    raise
                api_key_count_success(api_key=api_key)
                error_code, http_status = "0", 200
            except ApiError as error:
                if error.code == "7":
                    logger.warning("ocr api %s: errorCode %s (%s)", name, error.code, error.detail)
                error_code, http_status = error.code, error.http_status
            except Exception as exc:  # noqa: BLE001 - never a crash: answer 7
                # The class and the frames, not the message: it could quote personal data.
                logger.error(
                    "ocr api %s: internal error %s\n%s",
                    name,
                    type(exc).__name__,
                    "".join(traceback.format_tb(exc.__traceback__)),
                )
                error_code, http_status = "7", 503
            elapsed_ms = round((time.monotonic() - started) * 1000)
            if result is not None:
                body = envelope(
                    side=result.side,
                    data=result.data,
                    fields=result.fields,
                    checks=result.checks,
                    request_id=request_id,
                    elapsed_ms=elapsed_ms,
                )
            else:
                body = envelope(error_code=error_code, request_id=request_id, elapsed_ms=elapsed_ms)
            response = envelope_response(body, http_status=http_status)
            if http_status == 405:
                response["Allow"] = ", ".join(methods)
            if error_code == "4":
                response["Retry-After"] = "60"
            try:
                api_usage_record(
                    api_key=api_key,
                    endpoint=name,
                    method=request.method or "",
                    doc_class=(result.side.get("card_type", "") if result else ""),
                    error_code=error_code,
                    http_status=http_status,
                    latency_ms=elapsed_ms,
                )
            except Exception:  # noqa: BLE001 - the answer matters more than its usage row
                logger.exception("ocr api %s: usage row not written", name)
            return response

        return view

    return decorate


# --- engine calls (run inside the pool) ----------------------------------------------------


def _engine_call(function, *args, **kwargs):
    """Run an engine function in the pool, mapping its errors to the API's codes."""
    limits = {"max_bytes": int(settings.OCR_MAX_UPLOAD_BYTES)}
    limits["max_pixels"] = int(settings.OCR_MAX_PIXELS)
    try:
        return run_ocr(function, *args, **kwargs, **limits)
    except (engine.InvalidImage, engine.TooLarge) as exc:
        raise ApiError("3", f"engine: {type(exc).__name__}") from exc
    except engine.NoDocumentFound as exc:
        raise ApiError("1", "engine: no document") from exc
    except ApiError:
        raise
    except Exception as exc:
        # Only the class: an engine message could quote text read from the document.
        logger.error("ocr api: engine fault %s", type(exc).__name__)
        raise ApiError("7", f"engine: {type(exc).__name__}") from exc


def _one_side(data: bytes, expected_side: str | None) -> Result:
    inputs.check_image_bytes(data)
    side = _engine_call(engine.extract_side, data, expected_side=expected_side).to_api()
    return Result(
        side=side, data=side["data"], fields=side.get("fields", {}), checks=side["checks"]
    )


def _two_sides(front_bytes: bytes, back_bytes: bytes) -> Result:
    inputs.check_image_bytes(front_bytes)
    inputs.check_image_bytes(back_bytes)

    def read_both(front_data, back_data, **limits):
        front = engine.extract_side(front_data, expected_side="front", **limits)
        back = engine.extract_side(back_data, expected_side="back", **limits)
        return front, back, engine.cross_check_sides(front, back)

    front, back, cross = _engine_call(read_both, front_bytes, back_bytes)
    front_api, back_api = front.to_api(), back.to_api()
    leading = dict(front_api)
    if front_api["valid"] == "True" and back_api["valid"] == "False":
        leading.update({k: back_api[k] for k in ("valid", "invalidCode", "invalidMessage")})
    if any(check.result == "fail" for check in cross):
        leading["valid"] = "False"
    checks = front_api["checks"] + back_api["checks"] + [c.to_api() for c in cross]
    return Result(
        side=leading,
        data={"mattruoc": front_api, "matsau": back_api},
        fields={"mattruoc": front_api.get("fields", {}), "matsau": back_api.get("fields", {})},
        checks=checks,
    )


def _file(data: bytes) -> Result:
    inputs.check_image_bytes(data, allow_pdf=True)
    max_pages = int(settings.OCR_MAX_PDF_PAGES)
    sides = [s.to_api() for s in _engine_call(engine.extract_file, data, max_pages=max_pages)]
    leading = dict(sides[0])
    invalid = [s for s in sides if s["valid"] == "False"]
    if invalid:
        leading.update({k: invalid[0][k] for k in ("valid", "invalidCode", "invalidMessage")})
    checks = [check for s in sides for check in s["checks"]]
    return Result(side=leading, data=sides, fields={}, checks=checks)


def _fetch(url: str) -> bytes:
    try:
        return fetch_image(url)
    except FetchError as exc:
        raise ApiError("2", f"url: {exc}") from exc


# --- the endpoints ---------------------------------------------------------------------------


def _single_side_view(name: str, expected_side: str | None):
    """GET ?url=, POST multipart ``image`` (cmt/get_mattruoc, get_matsau, get_infor_all)."""

    def handler(request):
        if request.method == "GET":
            data = _fetch(inputs.query_urls(request, ("url",))["url"])
        else:
            data = inputs.uploaded_file_bytes(request, "image", files=1)
        return _one_side(data, expected_side)

    return api_endpoint(name, ("GET", "POST"))(handler)


def _single_side_base64_view(name: str, expected_side: str | None):
    """POST JSON {"image": b64} (cmt/get_mattruocbase64, get_matsaubase64, get_infor_allbase64)."""

    def handler(request):
        body = inputs.read_json_object(request, payloads=1)
        return _one_side(inputs.decode_base64_image(body.get("image")), expected_side)

    return api_endpoint(name, ("POST",))(handler)


@api_endpoint("cmt/get_haimat", ("GET", "POST"))
def get_haimat(request):
    if request.method == "GET":
        urls = inputs.query_urls(request, FRONT_BACK)
        return _two_sides(_fetch(urls["mattruoc"]), _fetch(urls["matsau"]))
    front = inputs.uploaded_file_bytes(request, "mattruoc", files=2)
    back = inputs.uploaded_file_bytes(request, "matsau", files=2)
    return _two_sides(front, back)


@api_endpoint("cmt/get_haimatbase64", ("POST",))
def get_haimatbase64(request):
    body = inputs.read_json_object(request, payloads=2)
    front = inputs.decode_base64_image(body.get("mattruoc"))
    back = inputs.decode_base64_image(body.get("matsau"))
    return _two_sides(front, back)


@api_endpoint("v1/get_infor", ("POST",))
def get_infor(request):
    return _file(inputs.uploaded_file_bytes(request, "file", files=1))


get_mattruoc = _single_side_view("cmt/get_mattruoc", "front")
get_matsau = _single_side_view("cmt/get_matsau", "back")
get_infor_all = _single_side_view("cmt/get_infor_all", None)
get_mattruocbase64 = _single_side_base64_view("cmt/get_mattruocbase64", "front")
get_matsaubase64 = _single_side_base64_view("cmt/get_matsaubase64", "back")
get_infor_allbase64 = _single_side_base64_view("cmt/get_infor_allbase64", None)


# --- the description --------------------------------------------------------------------------


def openapi_json(request):
    return JsonResponse(openapi_description(), json_dumps_params={"ensure_ascii": False})


def api_docs(request):
    description = openapi_description()
    context = {
        "info": description["info"],
        "operations": docs_operations(),
        "errors": error_table(),
        "schemas": {
            name: json.dumps(schema, indent=2, ensure_ascii=False)
            for name, schema in description["components"]["schemas"].items()
        },
    }
    return render(request, "ocr/api_docs.html", context)
