"""The OCR engine: plain Python, no Django. Image (or PDF) bytes in, typed result out.

from ocr.engine import extract_side, extract_file
result = extract_side(image_bytes)      # SideResult
result.to_api()                         # the spec's SIDE object (+ fields, checks)
"""

from .checks import cross_check_sides
from .errors import EngineError, InvalidImage, NoDocumentFound, TooLarge
from .pipeline import extract_file, extract_side
from .types import Check, Field, SideResult

ENGINE_VERSION = "0.1.0"

__all__ = [
    "ENGINE_VERSION",
    "Check",
    "EngineError",
    "Field",
    "InvalidImage",
    "NoDocumentFound",
    "SideResult",
    "TooLarge",
    "cross_check_sides",
    "extract_file",
    "extract_side",
]
