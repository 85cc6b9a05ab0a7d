"""The OCR HTTP API (the Computer Vision Vietnam "CM/TCC/Passport" wire format, v1).

Thin HTTP layer: authentication and limits (``auth``, ``ocr.services``), input parsing
(``inputs``), SSRF-safe URL fetching (``fetch``), the bounded OCR pool (``pool``), the
response envelope (``envelope``) and the OpenAPI description (``openapi``).
"""
