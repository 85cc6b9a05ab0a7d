"""Test images: real synthetic card photos (ocr.synth) and deliberately bad photos."""

import io

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

from ocr.synth import generate_pair, generate_sample


def jpeg(image: Image.Image, **kwargs) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=90, **kwargs)
    return out.getvalue()


def card_pair(seed: int = 7, kind: str = "chip"):
    """Front and back photos of one synthetic card (easy difficulty)."""
    return generate_pair(kind, seed, difficulty="easy")


def card_front(seed: int = 7, card_type: str = "chip_id_card_front"):
    return generate_sample(card_type, seed, difficulty="easy")


def textured_background(width=1600, height=1200, seed=0) -> Image.Image:
    rng = np.random.default_rng(seed)
    base = rng.normal(70, 18, (height // 8, width // 8, 3)).clip(0, 255).astype("uint8")
    return (
        Image.fromarray(base)
        .resize((width, height), Image.BICUBIC)
        .filter(ImageFilter.GaussianBlur(1))
    )


def blank_card_photo(seed: int = 0) -> bytes:
    """A sharp, well-lit photo of a card with nothing printed on it: it passes the quick
    checks (a card is in view) but the engine finds no document on it."""
    image = textured_background(seed=seed)
    # fine grain so the photo is sharp everywhere
    rng = np.random.default_rng(seed + 1)
    grain = rng.integers(-25, 25, (image.height, image.width, 1))
    image = Image.fromarray((np.asarray(image).astype(int) + grain).clip(0, 255).astype("uint8"))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((300, 300, 1300, 930), radius=40, fill=(236, 238, 240))
    return jpeg(image)


def with_exif(image_bytes: bytes) -> bytes:
    """The same photo with EXIF (camera model and GPS) as a phone would add."""
    image = Image.open(io.BytesIO(image_bytes))
    exif = Image.Exif()
    exif[0x0110] = "SecretPhone 12"  # Model
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0)}  # GPSInfo
    return jpeg(image, exif=exif.tobytes())


def bad_photos() -> dict[str, bytes]:
    """One photo per quick-check rejection, keyed by the expected error code."""
    good = Image.open(io.BytesIO(card_front().image_bytes)).convert("RGB")
    small = good.copy()
    small.thumbnail((400, 400))
    return {
        "too_small": jpeg(small),
        "too_dark": jpeg(ImageEnhance.Brightness(good).enhance(0.2)),
        "too_bright": jpeg(ImageEnhance.Brightness(good).enhance(5.0)),
        "too_blurry": jpeg(good.filter(ImageFilter.GaussianBlur(8))),
        "no_card": jpeg(textured_background().filter(ImageFilter.DETAIL)),
        "unsupported_type": b"%PDF-1.4\n" + b"0" * 2000,
        "unreadable": b"\xff\xd8\xff\xe0" + b"\x00" * 3000,
        "empty": b"",
    }
