"""The OCR engine: plain Python, no Django. Image (or PDF) bytes in, typed result out.

    from ocr.engine import extract_side, extract_file
    result = extract_side(image_bytes)      # SideResult (any supported document, any side)
    result.to_api()                         # the spec's SIDE object (+ fields, checks)
    extract_file(pdf_or_image_bytes)        # [SideResult], each with .page (1-based)
    cross_check_sides(front, back)          # [Check] for get_haimat

Pipeline (ocr/engine/...):
  decode.py     bytes -> BGR page images; limits checked from headers before decoding
                (bytes, pixels, PDF pages), EXIF orientation applied, PDFs rendered at a
                bounded resolution; typed errors InvalidImage / TooLarge.
  layout.py     PP-OCRv4 text detection (rapidocr-onnxruntime's ONNX model) at low
                resolution -> dominant text direction (any angle) and extent (the bulk
                of the text by length, not by count: a sheet's many short words) -> the text
                block rotated upright and normalised (960 px) -> detection again (800 px) ->
                each line cut through its own quadrilateral (absorbs perspective) -> PP-OCR
                direction classifier votes upright vs 180 deg -> Tesseract 5 `vie` LSTM per
                line (tesserocr, one handle per thread) -> rows. Each line also offers, on
                demand, PP-OCRv4's accent-free reading (`Box.alt`), made only for lines
                with digits or that Tesseract read poorly: small blurred digits survive there.
  fields.py     labels found by fuzzy matching ("Họ và tên / Full name", "Quê quán", ...),
                values taken after the label or from the rows below in the label's column;
                document type and side from what the text says (titles, labels, QR or a
                QR-like patch too small to decode, MRZ, 9 vs 12 digits) -- never from pixel
                positions.
  pipeline.py   per type readers, QR (zxing-cpp) and MRZ (ocr.engine.mrz reader, own
                reading of the rows as second opinion; a Vietnamese document's characters
                misread as look-alikes put right, one by one or in pairs, only where every
                check digit then agrees); IDs by a weighted vote of Tesseract,
                digits-only Tesseract and PP-OCR (AsterNet breaks ties); when labels are
                unreadable, fields by what they are: dates (birth = earliest, expiry = latest),
                address-like lines in reading order, upper-case runs of name syllables,
                "Việt Nam" off the motto line.
  names.py, vocab.py, address.py  Vietnamese name syllables, authorities, ethnic groups,
                religions, common street names (data/streets.txt), administrative units
                (current ones from `vietnam-provinces`, pre-2025 ones from
                data/old_divisions.json.gz) to restore diacritics and split addresses into
                province/district/ward with official codes.
  tone_marks.py the ink above a name's capitals, where Tesseract errs: a hook shaped like
                a grave, a syllable read without the mark it has. (A name's lines are
                first read again cut with room above the capitals for their marks, the
                line above's ink left out: layout._crop_with_headroom.)
  checks.py     ID number vs birth date/sex/province, QR vs print, MRZ check digits and vs
                print, expiry rules, front vs back -> valid / invalidCode.
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
