"""Rendering of clean document images (one side at a time) with ground truth.

Every visual parameter (fonts, sizes, offsets, colours, label wording, line wrapping) is
drawn from the sample's random generator, so that no field has a fixed pixel position.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import cv2
import numpy as np
import zxingcpp
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ocr.synth.data import OLD_PROVINCES
from ocr.synth.person import NO_EXPIRY, Card, fmt, mrz_fields, nfc_upper

PX_PER_MM = 12.0
ID1_SIZE = (round(85.6 * PX_PER_MM), round(53.98 * PX_PER_MM))  # 1027 x 648
TD3_SIZE = (round(125 * PX_PER_MM), round(88 * PX_PER_MM))  # 1500 x 1056

# liberation2 (Debian fonts-liberation2) has the Vietnamese glyphs that liberation 1 lacks.
FONT_DIRS = [
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/truetype/freefont",
    "/usr/share/fonts/truetype/liberation",
]
VIETNAMESE_PROBE = "ộữẫỹệƯĐằ"

# family -> (regular, bold, italic, bold italic) file names
FAMILIES = {
    "dejavu_sans": (
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
    ),
    "dejavu_serif": (
        "DejaVuSerif.ttf",
        "DejaVuSerif-Bold.ttf",
        "DejaVuSerif-Italic.ttf",
        "DejaVuSerif-BoldItalic.ttf",
    ),
    "dejavu_cond": (
        "DejaVuSansCondensed.ttf",
        "DejaVuSansCondensed-Bold.ttf",
        "DejaVuSansCondensed-Oblique.ttf",
        "DejaVuSansCondensed-BoldOblique.ttf",
    ),
    "dejavu_serif_cond": (
        "DejaVuSerifCondensed.ttf",
        "DejaVuSerifCondensed-Bold.ttf",
        "DejaVuSerifCondensed-Italic.ttf",
        "DejaVuSerifCondensed-BoldItalic.ttf",
    ),
    "liberation_sans": (
        "LiberationSans-Regular.ttf",
        "LiberationSans-Bold.ttf",
        "LiberationSans-Italic.ttf",
        "LiberationSans-BoldItalic.ttf",
    ),
    "liberation_serif": (
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
    ),
    "noto_sans": (
        "NotoSans-Regular.ttf",
        "NotoSans-Bold.ttf",
        "NotoSans-Italic.ttf",
        "NotoSans-BoldItalic.ttf",
    ),
    "noto_serif": (
        "NotoSerif-Regular.ttf",
        "NotoSerif-Bold.ttf",
        "NotoSerif-Italic.ttf",
        "NotoSerif-BoldItalic.ttf",
    ),
    "noto_sans_display": (
        "NotoSansDisplay-Regular.ttf",
        "NotoSansDisplay-Bold.ttf",
        "NotoSansDisplay-Italic.ttf",
        "NotoSansDisplay-BoldItalic.ttf",
    ),
    "free_sans": (
        "FreeSans.ttf",
        "FreeSansBold.ttf",
        "FreeSansOblique.ttf",
        "FreeSansBoldOblique.ttf",
    ),
    "free_serif": (
        "FreeSerif.ttf",
        "FreeSerifBold.ttf",
        "FreeSerifItalic.ttf",
        "FreeSerifBoldItalic.ttf",
    ),
}
MONO = [
    "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold.ttf",
    "LiberationMono-Regular.ttf",
    "LiberationMono-Bold.ttf",
    "FreeMonoBold.ttf",
]


@cache
def covers_vietnamese(path: str) -> bool:
    """True when the font draws the probe letters (not the .notdef box)."""
    f = ImageFont.truetype(path, 24)
    missing = bytes(f.getmask("\ue000\uffff"[0]))
    return all(bytes(f.getmask(ch)) != missing for ch in VIETNAMESE_PROBE)


@cache
def _find(name: str) -> str | None:
    for d in FONT_DIRS:
        p = Path(d) / name
        if p.exists():
            return str(p)
    return None


@cache
def available_families() -> tuple[str, ...]:
    return tuple(
        sorted(f for f, files in FAMILIES.items() if _usable(files[0]) and _usable(files[1]))
    )


@cache
def _usable(name: str) -> bool:
    path = _find(name)
    return bool(path) and covers_vietnamese(path)


@cache
def available_mono() -> tuple[str, ...]:
    return tuple(n for n in MONO if _find(n))


def check_fonts() -> None:
    """Fail clearly when no font can draw Vietnamese (Debian: fonts-dejavu-core)."""
    if not available_families() or not available_mono():
        raise RuntimeError(
            "ocr.synth needs TrueType fonts with Vietnamese glyphs: install the Debian packages "
            "fonts-dejavu-core (minimum), fonts-dejavu-extra, fonts-liberation2, "
            "fonts-noto-core, fonts-freefont-ttf"
        )


@lru_cache(maxsize=512)
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path = _find(name)
    if path is None:
        raise FileNotFoundError(name)
    return ImageFont.truetype(path, size)


@dataclass
class Style:
    label_family: str
    value_family: str
    label_size: int
    value_size: int
    label_italic: bool
    label_bold: bool
    label_color: tuple[int, int, int]
    value_color: tuple[int, int, int]
    title_color: tuple[int, int, int]
    dx: int
    dy: int
    line_gap: float
    mono: str

    def label_font(
        self, size: int | None = None, bold: bool | None = None
    ) -> ImageFont.FreeTypeFont:
        files = FAMILIES[self.label_family]
        b = self.label_bold if bold is None else bold
        idx = (1 if b else 0) + (2 if self.label_italic else 0)
        if idx >= 2 and not _usable(files[idx]):
            idx -= 2  # no italic in this family (e.g. only fonts-dejavu-core installed)
        return font(files[idx], size or self.label_size)

    def value_font(self, size: int | None = None, bold: bool = True) -> ImageFont.FreeTypeFont:
        files = FAMILIES[self.value_family]
        return font(files[1 if bold else 0], size or self.value_size)

    def plain(
        self, size: int, bold: bool = False, family: str | None = None
    ) -> ImageFont.FreeTypeFont:
        files = FAMILIES[family or self.label_family]
        return font(files[1 if bold else 0], size)


def make_style(rng: random.Random, scale: float = 1.0) -> Style:
    check_fonts()
    fams = available_families()
    label_family = rng.choice(fams)
    value_family = label_family if rng.random() < 0.5 else rng.choice(fams)
    dark = rng.randint(0, 45)
    return Style(
        label_family=label_family,
        value_family=value_family,
        label_size=round(rng.uniform(21, 25) * scale),
        value_size=round(rng.uniform(28, 33) * scale),
        label_italic=rng.random() < 0.4,
        label_bold=rng.random() < 0.3,
        label_color=(
            dark + rng.randint(0, 20),
            dark + rng.randint(0, 20),
            dark + rng.randint(0, 30),
        ),
        value_color=(rng.randint(0, 30), rng.randint(0, 30), rng.randint(0, 60)),
        title_color=(rng.randint(185, 225), rng.randint(0, 40), rng.randint(0, 40)),
        dx=rng.randint(-14, 14),
        dy=rng.randint(-10, 10),
        line_gap=rng.uniform(1.12, 1.35),
        mono=rng.choice(available_mono()),
    )


# ---------------------------------------------------------------------------
# Background, emblem, photo, QR


def guilloche(
    size: tuple[int, int],
    rng: random.Random,
    base: tuple[int, int, int],
    ink: tuple[int, int, int],
    ink2: tuple[int, int, int] | None = None,
) -> Image.Image:
    fw, fh = size
    w, h = fw // 2, fh // 2  # drawn at half resolution, then enlarged
    x = np.arange(w, dtype=np.float32)[None, :] * 2
    y = np.arange(h, dtype=np.float32)[:, None] * 2
    # smooth base gradient
    gx = rng.uniform(-0.06, 0.06)
    gy = rng.uniform(-0.06, 0.06)
    shade = 1 + gx * (x / fw - 0.5) + gy * (y / fh - 0.5)
    img = np.empty((h, w, 3), np.float32)
    for c in range(3):
        img[..., c] = base[c] * shade
    for k, col in enumerate((ink, ink2 or ink)):
        f1 = rng.uniform(0.035, 0.08)
        f2 = rng.uniform(0.004, 0.015)
        amp = rng.uniform(20, 60)
        ph = rng.uniform(0, 6.28)
        if k == 0:
            t = np.sin(f1 * (y + amp * np.sin(f2 * x + ph)))
        else:
            cx, cy = rng.uniform(0.2, 0.8) * fw, rng.uniform(0.2, 0.8) * fh
            r = np.hypot(x - cx, y - cy)
            t = np.sin(f1 * r + 3 * np.sin(np.arctan2(y - cy, x - cx) * rng.randint(5, 12)))
        line = np.clip(1 - np.abs(t) * rng.uniform(4, 7), 0, 1) * rng.uniform(0.25, 0.45)
        for c in range(3):
            img[..., c] = img[..., c] * (1 - line) + col[c] * line
    small = np.clip(img, 0, 255).astype(np.uint8)
    return Image.fromarray(cv2.resize(small, (fw, fh), interpolation=cv2.INTER_LINEAR))


def draw_emblem(img: Image.Image, cx: int, cy: int, r: int) -> None:
    d = ImageDraw.Draw(img)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(214, 170, 40))
    # cogwheel teeth
    for i in range(16):
        a = i * math.pi / 8
        x, y = cx + r * 0.93 * math.cos(a), cy + r * 0.93 * math.sin(a)
        d.ellipse([x - r * 0.08, y - r * 0.08, x + r * 0.08, y + r * 0.08], fill=(200, 150, 30))
    ri = r * 0.78
    d.ellipse([cx - ri, cy - ri, cx + ri, cy + ri], fill=(205, 30, 35))
    # star
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = ri * (0.6 if i % 2 == 0 else 0.24)
        pts.append((cx + rr * math.cos(a), cy - ri * 0.12 + rr * math.sin(a)))
    d.polygon(pts, fill=(250, 215, 40))
    d.rectangle([cx - ri * 0.6, cy + ri * 0.55, cx + ri * 0.6, cy + ri * 0.68], fill=(250, 215, 40))


def draw_photo(img: Image.Image, box: tuple[int, int, int, int], rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    ph = Image.new(
        "RGB", (w, h), (rng.randint(190, 235), rng.randint(205, 240), rng.randint(225, 255))
    )
    d = ImageDraw.Draw(ph)
    skin = (rng.randint(150, 225), rng.randint(120, 180), rng.randint(90, 150))
    hair = (rng.randint(10, 50),) * 3
    cloth = tuple(rng.randint(20, 200) for _ in range(3))
    cx = w / 2 + rng.uniform(-w * 0.05, w * 0.05)
    d.ellipse([cx - w * 0.55, h * 0.7, cx + w * 0.55, h * 1.4], fill=cloth)
    d.rectangle([cx - w * 0.09, h * 0.55, cx + w * 0.09, h * 0.75], fill=skin)
    d.ellipse([cx - w * 0.27, h * 0.12, cx + w * 0.27, h * 0.66], fill=skin)
    d.chord([cx - w * 0.29, h * 0.08, cx + w * 0.29, h * 0.5], 180, 360, fill=hair)
    for ex in (-0.1, 0.1):
        d.ellipse([cx + w * ex - 5, h * 0.37 - 3, cx + w * ex + 5, h * 0.37 + 3], fill=(40, 30, 30))
    d.line([cx - w * 0.07, h * 0.53, cx + w * 0.07, h * 0.53], fill=(150, 70, 70), width=3)
    ph = ph.filter(ImageFilter.GaussianBlur(1.2))
    img.paste(ph, (x0, y0))


def qr_image(payload: str, size: int) -> Image.Image:
    bc = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    arr = np.asarray(bc.to_image(scale=1))
    n = arr.shape[0]
    scale = max(1, size // n)
    q = Image.fromarray(arr).resize((n * scale, n * scale), Image.NEAREST)
    return q.convert("RGB")


def draw_hologram(img: Image.Image, rng: random.Random, box=None) -> None:
    """A faint iridescent patch, as the security laminate shows in some light."""
    w, h = img.size
    if box is None:
        bw, bh = int(w * rng.uniform(0.15, 0.3)), int(h * rng.uniform(0.2, 0.4))
        x0, y0 = rng.randint(0, w - bw), rng.randint(0, h - bh)
    else:
        x0, y0, x1, y1 = box
        bw, bh = x1 - x0, y1 - y0
    x = np.arange(bw, dtype=np.float32)[None, :]
    y = np.arange(bh, dtype=np.float32)[:, None]
    ph = rng.uniform(0, 6.28)
    f = rng.uniform(0.02, 0.05)
    hue = (x + y) * f + ph
    rgb = np.stack(
        [127 + 127 * np.sin(hue), 127 + 127 * np.sin(hue + 2.09), 127 + 127 * np.sin(hue + 4.19)],
        axis=-1,
    )
    r = np.sqrt(((x - bw / 2) / (bw / 2)) ** 2 + ((y - bh / 2) / (bh / 2)) ** 2)
    alpha = np.clip(1 - r, 0, 1) * rng.uniform(0.08, 0.16)
    region = np.asarray(img.crop((x0, y0, x0 + bw, y0 + bh)), np.float32)
    mixed = region * (1 - alpha[..., None]) + rgb * alpha[..., None]
    img.paste(Image.fromarray(np.clip(mixed, 0, 255).astype(np.uint8)), (x0, y0))


def draw_chip(img: Image.Image, x: int, y: int, w: int, h: int) -> None:
    d = ImageDraw.Draw(img)
    d.rounded_rectangle(
        [x, y, x + w, y + h],
        radius=int(h * 0.18),
        fill=(212, 180, 95),
        outline=(150, 120, 50),
        width=2,
    )
    for fx in (0.33, 0.67):
        d.line([x + w * fx, y, x + w * fx, y + h], fill=(150, 120, 50), width=2)
    for fy in (0.33, 0.67):
        d.line([x, y + h * fy, x + w, y + h * fy], fill=(150, 120, 50), width=2)


def draw_fingerprint(img: Image.Image, box, rng: random.Random) -> None:
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = box
    d.rectangle(box, outline=(90, 90, 90), width=2)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2 + 5
    for i in range(12):
        rx, ry = (x1 - x0) * (0.06 + i * 0.03), (y1 - y0) * (0.08 + i * 0.03)
        d.arc(
            [cx - rx, cy - ry, cx + rx, cy + ry],
            rng.randint(150, 200),
            rng.randint(340, 400),
            fill=(60, 60, 80),
            width=2,
        )


def draw_stamp(img: Image.Image, cx: int, cy: int, r: int, rng: random.Random) -> None:
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    col = (200, 30, 40, rng.randint(90, 140))
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=col, width=4)
    d.ellipse([cx - r * 0.72, cy - r * 0.72, cx + r * 0.72, cy + r * 0.72], outline=col, width=3)
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r * (0.4 if i % 2 == 0 else 0.16)
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(pts, fill=col)
    img.paste(layer, (0, 0), layer)


def draw_signature(img: Image.Image, x: int, y: int, w: int, rng: random.Random) -> None:
    d = ImageDraw.Draw(img)
    pts = []
    for i in range(30):
        t = i / 29
        pts.append(
            (
                x + t * w,
                y + math.sin(t * rng.uniform(8, 16)) * rng.uniform(6, 18) + rng.uniform(-4, 4),
            )
        )
    d.line(pts, fill=(20, 30, 110), width=3)


# ---------------------------------------------------------------------------
# Text layout helpers


class Canvas:
    def __init__(self, img: Image.Image, style: Style, rng: random.Random):
        self.img = img
        self.d = ImageDraw.Draw(img)
        self.s = style
        self.rng = rng
        self.dry = False  # measure only (see fill_down)
        self.extra = 0.0  # extra space after each field, to spread fields down the card
        self.nfields = 0

    def text(self, xy, text, fnt, fill, anchor="la") -> tuple[int, int, int, int]:
        if not self.dry:
            self.d.text(xy, text, font=fnt, fill=fill, anchor=anchor)
        return self.d.textbbox(xy, text, font=fnt, anchor=anchor)

    def fill_down(self, draw, y_target: float, max_extra: float = 22.0):
        """Run ``draw()`` (returning ``(y_end, result)``) once dry to measure it, then for real
        with the fields spread so that the block ends near ``y_target``."""
        state = self.rng.getstate()
        self.dry, self.extra, self.nfields = True, 0.0, 0
        y_end, _ = draw()
        n = max(1, self.nfields)
        self.rng.setstate(state)
        self.dry = False
        self.extra = max(0.0, min(max_extra, (y_target - y_end) / n))
        out = draw()
        self.extra = 0.0
        return out

    def width(self, text: str, fnt) -> float:
        return self.d.textlength(text, font=fnt)

    def centered_block(self, x0: float, x1: float, y: float, text: str, fnt, fill) -> float:
        """``text`` centred between x0 and x1, wrapped over as many lines as needed."""
        lines = self.wrap(text, fnt, x1 - x0, x1 - x0)
        if len(lines) == 2 and len(lines[1].split()) <= 2 and len(text.split()) > 5:
            words = text.split()  # balance the two lines
            k = (len(words) + 1) // 2
            lines = [" ".join(words[:k]), " ".join(words[k:])]
        for ln in lines:
            y = self.centered((x0 + x1) / 2, y, ln, fnt, fill)
        return y

    def centered(self, cx: float, y: float, text: str, fnt, fill) -> float:
        self.text((cx, y), text, fnt, fill, anchor="ma")
        return y + fnt.size * self.s.line_gap

    def fit(self, text: str, fnt_maker, size: int, max_w: float, min_size: int = 12):
        """The largest font (down to ``min_size``) fitting ``text`` into ``max_w``."""
        while size > min_size:
            f = fnt_maker(size)
            if self.width(text, f) <= max_w:
                return f
            size -= 1
        return fnt_maker(min_size)

    def field(
        self,
        x: float,
        y: float,
        label: str,
        value: str,
        max_x: float,
        *,
        newline: bool = False,
        wrap: bool = True,
        value_size: int | None = None,
        dots: bool = False,
    ) -> float:
        """Draw ``label`` then ``value`` (on the same line or the next); return the next y."""
        s = self.s
        lf = s.label_font()
        vsize = value_size or s.value_size
        self.text((x, y + (vsize - lf.size) * 0.75), label, lf, s.label_color)
        lx = x + self.width(label + " ", lf)
        line_h = vsize * s.line_gap
        if newline:
            vx, vy = x + self.rng.randint(0, 40), y + line_h
        else:
            vx, vy = lx, y
        if dots and not self.dry:
            dd = ImageDraw.Draw(self.img)
            for yy in ((vy + vsize * 1.02),):
                for xx in range(int(vx), int(max_x), 7):
                    dd.point((xx, yy), fill=(110, 110, 110))
        self.nfields += 1
        if not value:
            return vy + line_h + self.extra
        vf = s.value_font(vsize)
        lines = self.wrap(value, vf, max_x - vx, max_x - x) if wrap else [value]
        if not wrap and self.width(value, vf) > max_x - vx:
            vf = self.fit(value, s.value_font, vsize, max_x - vx)
        for i, ln in enumerate(lines):
            xx = vx if i == 0 else x
            self.text((xx, vy), ln, vf, s.value_color)
            vy += line_h
        return vy + self.extra

    def label_line(self, x: float, y: float, label: str) -> float:
        lf = self.s.label_font()
        self.text((x, y), label, lf, self.s.label_color)
        return y + lf.size * 1.3

    def big_value(
        self, x: float, y: float, value: str, max_x: float, extra: int = 4, fill=None
    ) -> float:
        s = self.s
        vf = self.fit(value, s.value_font, s.value_size + extra, max_x - x)
        self.text((x, y), value, vf, fill or s.value_color)
        self.nfields += 1
        return y + vf.size * s.line_gap + self.extra

    def wrap(self, value: str, fnt, first_w: float, other_w: float) -> list[str]:
        """Split at ", " (or spaces) as cards do when the address is too long."""
        if self.width(value, fnt) <= first_w:
            return [value]
        words = value.split(" ")
        lines: list[str] = []
        cur = ""
        width = first_w
        for w in words:
            cand = (cur + " " + w) if cur else w
            if self.width(cand, fnt) <= width or not cur:
                cur = cand
            else:
                lines.append(cur)
                cur = w
                width = other_w
        lines.append(cur)
        # prefer breaking after a comma when possible
        if len(lines) == 2 and "," in value:
            parts = value.split(", ")
            for k in range(len(parts) - 1, 0, -1):
                a = ", ".join(parts[:k]) + ","
                b = ", ".join(parts[k:])
                if self.width(a, fnt) <= first_w and self.width(b, fnt) <= other_w:
                    return [a, b]
        return lines


def _date_text(d, rng: random.Random, sep: str = "/") -> str:
    return d.strftime(f"%d{sep}%m{sep}%Y")


def _header(cv: Canvas, cx: float, y: float, bilingual: bool, size: float = 1.0) -> float:
    s = cv.s
    fam = s.label_family if cv.rng.random() < 0.5 else "dejavu_serif"
    if fam not in available_families():
        fam = s.label_family
    lines = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 21, True)]
    if bilingual:
        lines.append(("SOCIALIST REPUBLIC OF VIET NAM", 16, True))
    lines.append(("Độc lập - Tự do - Hạnh phúc", 20, True))
    if bilingual:
        lines.append(("Independence - Freedom - Happiness", 15, False))
    for text, sz, bold in lines:
        f = s.plain(round(sz * size), bold, fam)
        cv.text((cx, y), text, f, (20, 20, 20), anchor="ma")
        y += f.size * 1.22
    return y + 4


# ---------------------------------------------------------------------------
# Sides. Each returns (image, data) where data holds the printed spec keys.


def _addr_keys(prefix: str, addr) -> dict[str, str]:
    return {
        f"{prefix}_tinh": addr.tinh_code,
        f"{prefix}_tinh_name": addr.tinh_name,
        f"{prefix}_huyen": addr.huyen_code,
        f"{prefix}_huyen_name": addr.huyen_name,
        f"{prefix}_phuong": addr.phuong_code,
        f"{prefix}_phuong_name": addr.phuong_name,
    }


def _new_card(rng: random.Random, base, ink, ink2=None, size=ID1_SIZE) -> Image.Image:
    """A card blank: base colour (tint and brightness vary, as prints and fading do) with a
    guilloche pattern."""
    bright = rng.randint(-12, 10)
    jit = tuple(max(0, min(255, c + bright + rng.randint(-16, 16))) for c in base)
    ink_j = tuple(max(0, min(255, c + rng.randint(-25, 25))) for c in ink)
    return guilloche(size, rng, jit, ink_j, ink2)


def render_cmnd9_front(card: Card, rng: random.Random) -> tuple[Image.Image, dict]:
    p = card.person
    img = _new_card(rng, (205, 228, 210), (120, 170, 150), (160, 190, 200))
    s = make_style(rng)
    cv = Canvas(img, s, rng)
    W, H = img.size
    # emblem + photo column
    ex = 120 + s.dx
    draw_emblem(img, ex, 125 + s.dy, 78)
    draw_photo(img, (40 + s.dx, 250 + s.dy, 200 + s.dx, 460 + s.dy), rng)
    tx = 250 + s.dx + rng.randint(-6, 6)
    cx = (tx + W) / 2
    y = _header(cv, cx, 26 + s.dy, False, 0.95)
    y = cv.centered(cx, y + 4, "GIẤY CHỨNG MINH NHÂN DÂN", s.plain(30, True), s.title_color)
    nf = font(s.mono, rng.randint(34, 40)) if rng.random() < 0.5 else s.value_font(36)
    lab = s.plain(28, True)
    w_so = cv.width("SỐ ", lab)
    w_no = cv.width(p.cmnd9, nf)
    x0 = cx - (w_so + w_no) / 2
    cv.text((x0, y + 8), "SỐ", lab, s.title_color)
    cv.text((x0 + w_so, y + 4), p.cmnd9, nf, s.title_color)
    y += 62
    maxx = W - 30
    sep = rng.choice(["-", "/"])
    y = cv.field(tx, y, "Họ tên", p.name, maxx, dots=True)
    if rng.random() < 0.3:
        y = cv.field(tx, y, "", "", maxx, dots=True) - 6  # the empty second name line
    y = cv.field(tx, y, "Sinh ngày", _date_text(p.birth, rng, sep), maxx, dots=True)
    y = cv.field(tx, y, "Nguyên quán", card.hometown.text, maxx, dots=True)
    y = cv.field(tx, y, "Nơi ĐKHK thường trú", card.address.text, maxx, dots=True)
    data = {
        "id": p.cmnd9,
        "name": p.name,
        "born": fmt(p.birth),
        "country": card.hometown.text,
        "address": card.address.text,
        **_addr_keys("quequan", card.hometown),
        **_addr_keys("diachi", card.address),
    }
    return img, data


OFFICERS = [
    "Nguyễn Văn Sơn",
    "Trần Văn Vệ",
    "Tô Văn Huệ",
    "Đặng Văn Minh",
    "Lê Tấn Tới",
    "Nguyễn Hữu Tuấn",
    "Phạm Văn Thành",
    "Hoàng Anh Tuấn",
]


def _officer(cv: Canvas, cx: float, y: float) -> None:
    """The signing officer's name (printed under the signature; not a data field)."""
    name = cv.rng.choice(OFFICERS)
    if cv.rng.random() < 0.5:
        name = ("Thiếu tướng " if cv.rng.random() < 0.5 else "Đại tá ") + name
    cv.centered(cx, y, name, cv.s.value_font(cv.s.value_size - 6), cv.s.value_color)


def _issue_line(d) -> str:
    return f"Ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def render_cmnd9_back(card: Card, rng: random.Random) -> tuple[Image.Image, dict]:
    p = card.person
    img = _new_card(rng, (208, 230, 212), (120, 170, 150), (170, 200, 190))
    s = make_style(rng)
    cv = Canvas(img, s, rng)
    W, H = img.size
    # fingerprints left
    fw = rng.randint(170, 190)
    draw_fingerprint(img, (30 + s.dx, 80, 30 + s.dx + fw, 420), rng)
    draw_fingerprint(img, (40 + s.dx + fw, 80, 40 + s.dx + 2 * fw, 420), rng)
    lf = s.plain(17, True)
    cv.text((30 + s.dx + fw / 2, 40), "NGÓN TRỎ TRÁI", lf, (30, 30, 30), anchor="ma")
    cv.text((40 + s.dx + 1.5 * fw, 40), "NGÓN TRỎ PHẢI", lf, (30, 30, 30), anchor="ma")
    tx = 60 + s.dx + 2 * fw
    maxx = W - 25
    y = 40 + s.dy
    lbl = s.label_font()
    vf = s.value_font()
    x = tx
    cv.text((x, y + 6), "Dân tộc:", lbl, s.label_color)
    x += cv.width("Dân tộc: ", lbl)
    cv.text((x, y), p.ethnic, vf, s.value_color)
    y += s.value_size * s.line_gap
    x = tx
    cv.text((x, y + 6), "Tôn giáo:", lbl, s.label_color)
    x += cv.width("Tôn giáo: ", lbl)
    cv.text((x, y), p.religion, vf, s.value_color)
    y += s.value_size * s.line_gap + 6
    cv.text((tx, y), "DẤU VẾT RIÊNG VÀ DỊ HÌNH", s.plain(20, True), s.label_color)
    y += 30
    y = cv.field(tx, y, "", p.marks, maxx, value_size=s.value_size - 2)
    y = max(y + 10, 300 + s.dy)
    cx = (tx + maxx) / 2
    cv.centered(
        cx, y, _issue_line(card.issue), s.value_font(s.value_size - 2, bold=False), s.value_color
    )
    y += 38
    f = s.value_font(s.value_size - rng.randint(3, 6))
    y = cv.centered_block(tx - 10, maxx, y, "GIÁM ĐỐC " + card.noicap, f, s.value_color)
    draw_stamp(img, int(cx - 80), int(y + 55), 75, rng)
    draw_signature(img, int(cx - 40), int(y + 50), 160, rng)
    _officer(cv, cx, min(H - 45, y + 110))
    data = {
        "dantoc": p.ethnic,
        "tongiao": p.religion,
        "dauvet": p.marks,
        "date": fmt(card.issue),
        "noicap": card.noicap,
    }
    return img, data


def _front_fields(
    cv: Canvas, card: Card, tx: float, y: float, maxx: float, variant: str, rng: random.Random
) -> tuple[float, dict]:
    """The person fields shared by 12-digit CMND, CCCD and chip fronts."""
    p = card.person
    bil = variant == "chip"
    L = {
        "name": "Họ và tên / Full name:" if bil else "Họ và tên:",
        "born": "Ngày sinh / Date of birth:"
        if bil
        else rng.choice(["Ngày, tháng, năm sinh:", "Ngày tháng năm sinh:", "Sinh ngày:"]),
        "sex": "Giới tính / Sex:" if bil else "Giới tính:",
        "nat": "Quốc tịch / Nationality:" if bil else "Quốc tịch:",
        "home": "Quê quán / Place of origin:" if bil else "Quê quán:",
        "addr": "Nơi thường trú / Place of residence:" if bil else "Nơi thường trú:",
    }
    s = cv.s
    y = cv.label_line(tx, y, L["name"])
    y = cv.big_value(tx + rng.randint(0, 60), y, p.name, maxx) + 2
    y = cv.field(tx, y, L["born"], fmt(p.birth), maxx)
    data = {"id": p.id12, "name": p.name, "born": fmt(p.birth), "sex": p.sex}
    # sex + nationality (+ ethnicity on the 12-digit CMND) on one line
    lbl, vfont = s.label_font(), s.value_font()
    x = tx
    off = (s.value_size - lbl.size) * 0.75
    cv.text((x, y + off), L["sex"], lbl, s.label_color)
    x += cv.width(L["sex"] + " ", lbl)
    cv.text((x, y), p.sex, vfont, s.value_color)
    x += cv.width(p.sex, vfont) + rng.randint(40, 90)
    second = ("Dân tộc: " + p.ethnic) if variant == "cmnd12" else (L["nat"] + " Việt Nam")
    too_long = x + cv.width(second, vfont) > maxx
    if too_long or rng.random() < 0.25:  # layout variant: the second item on its own line
        y += s.value_size * s.line_gap + cv.extra
        cv.nfields += 1
        x = tx
    if variant == "cmnd12":
        cv.text((x, y + off), "Dân tộc:", lbl, s.label_color)
        x += cv.width("Dân tộc: ", lbl)
        cv.text((x, y), p.ethnic, vfont, s.value_color)
        data["dantoc"] = p.ethnic
    else:
        cv.text((x, y + off), L["nat"], lbl, s.label_color)
        x += cv.width(L["nat"] + " ", lbl)
        cv.text((x, y), "Việt Nam", vfont, s.value_color)
        data["quoctich"] = "Việt Nam"
    y += s.value_size * s.line_gap + cv.extra
    cv.nfields += 1
    y = cv.field(tx, y, L["home"], card.hometown.text, maxx, newline=bil or rng.random() < 0.3)
    y = cv.field(tx, y, L["addr"], card.address.text, maxx, newline=bil or rng.random() < 0.3)
    data.update(country=card.hometown.text, address=card.address.text)
    data.update(_addr_keys("quequan", card.hometown))
    data.update(_addr_keys("diachi", card.address))
    return y, data


def render_cmnd12_front(card: Card, rng: random.Random) -> tuple[Image.Image, dict]:
    p = card.person
    img = _new_card(rng, (210, 226, 236), (140, 170, 200), (200, 180, 190))
    s = make_style(rng, 0.95)
    cv = Canvas(img, s, rng)
    W, H = img.size
    draw_emblem(img, 105 + s.dx, 105 + s.dy, 70)
    draw_photo(img, (30 + s.dx, 215 + s.dy, 190 + s.dx, 425 + s.dy), rng)
    tx = 215 + s.dx
    cx = (tx + W) / 2
    y = _header(cv, cx, 18 + s.dy, False, 0.92)
    y = cv.centered(cx, y, "CHỨNG MINH NHÂN DÂN", s.plain(28, True), s.title_color)
    nf = s.value_font(32)
    cv.text((cx - 60, y + 2), "Số:", s.plain(26, True), s.title_color, anchor="ra")
    cv.text((cx - 50, y), p.id12, nf, s.title_color)
    y += 44
    y0 = y
    y, data = cv.fill_down(
        lambda: _front_fields(cv, card, tx, y0, W - 22, "cmnd12", rng), H - rng.randint(25, 90)
    )
    yy = max(440 + s.dy, H - 150)
    f = s.label_font(18)
    cv.text((25 + s.dx, yy + 20), "Có giá trị đến:", f, s.label_color)
    cv.text((25 + s.dx, yy + 46), card.duedate, s.value_font(s.value_size - 4), s.value_color)
    data["duedate"] = card.duedate
    return img, data


def render_cmnd12_back(card: Card, rng: random.Random) -> tuple[Image.Image, dict]:
    return _back_2016(card, rng, cmnd=True)


def render_cccd_front(card: Card, rng: random.Random) -> tuple[Image.Image, dict]:
    p = card.person
    img = _new_card(rng, (214, 232, 240), (150, 190, 215), (230, 190, 170))
    s = make_style(rng, 0.95)
    cv = Canvas(img, s, rng)
    W, H = img.size
    draw_emblem(img, 105 + s.dx, 100 + s.dy, 72)
    draw_photo(img, (28 + s.dx, 210 + s.dy, 196 + s.dx, 430 + s.dy), rng)
    tx = 220 + s.dx
    cx = (tx + W) / 2 - 10
    y = _header(cv, cx, 20 + s.dy, False, 0.95)
    y = cv.centered(cx, y + 2, "CĂN CƯỚC CÔNG DÂN", s.plain(31, True), s.title_color)
    nf = s.value_font(34)
    cv.text((cx - 95, y + 4), "Số:", s.plain(27, True), (20, 20, 20), anchor="ra")
    cv.text((cx - 85, y), p.id12, nf, s.title_color)
    y += 48
    y0 = y
    y, data = cv.fill_down(
        lambda: _front_fields(cv, card, tx, y0, W - 22, "cccd", rng), H - rng.randint(25, 90)
    )
    yy = 448 + s.dy
    f = s.label_font(17)
    cv.text((22 + s.dx, yy), "Có giá trị đến:", f, s.label_color)
    cv.text((22 + s.dx, yy + 24), card.duedate, s.value_font(s.value_size - 5), s.value_color)
    data["duedate"] = card.duedate
    if rng.random() < 0.6:
        draw_hologram(img, rng)
    return img, data


def _back_2016(card: Card, rng: random.Random, cmnd: bool) -> tuple[Image.Image, dict]:
    p = card.person
    base = (212, 226, 236) if cmnd else (216, 232, 242)
    img = _new_card(rng, base, (150, 180, 210), (200, 190, 200))
    s = make_style(rng)
    cv = Canvas(img, s, rng)
    W, H = img.size
    fw = rng.randint(175, 195)
    fx = W - 2 * fw - 45 + s.dx
    draw_fingerprint(img, (fx, 80, fx + fw, 360), rng)
    draw_fingerprint(img, (fx + fw + 10, 80, fx + 2 * fw + 10, 360), rng)
    lf = s.plain(17, True)
    cv.text((fx + fw / 2, 45), "Ngón trỏ trái", lf, (30, 30, 30), anchor="ma")
    cv.text((fx + 1.5 * fw + 10, 45), "Ngón trỏ phải", lf, (30, 30, 30), anchor="ma")
    tx = 30 + s.dx
    maxx = fx - 20
    y = 40 + s.dy
    label = (
        "Đặc điểm nhận dạng:"
        if cmnd
        else rng.choice(["Đặc điểm nhân dạng:", "Đặc điểm nhận dạng:"])
    )
    cv.text((tx, y), label, s.label_font(), s.label_color)
    y += s.label_size * 1.5
    y = cv.field(tx, y, "", p.marks, maxx, value_size=s.value_size - 3)
    y = max(y + 20, 330 + s.dy)
    cx = (tx + maxx) / 2 + 20
    cv.centered(
        cx, y, _issue_line(card.issue), s.value_font(s.value_size - 4, bold=False), s.value_color
    )
    y += 36
    title = ("GIÁM ĐỐC " + card.noicap) if cmnd else card.noicap
    f = s.value_font(s.value_size - rng.randint(3, 6))
    y = cv.centered_block(tx, maxx, y, title, f, s.value_color)
    draw_stamp(img, int(cx - 90), int(y + 60), 80, rng)
    draw_signature(img, int(cx - 40), int(y + 50), 170, rng)
    _officer(cv, cx, min(H - 50, y + 115))
    data = {"dauvet": p.marks, "date": fmt(card.issue), "noicap": card.noicap}
    return img, data


def render_cccd_back(card: Card, rng: random.Random) -> tuple[Image.Image, dict]:
    return _back_2016(card, rng, cmnd=False)


def render_chip_front(card: Card, rng: random.Random) -> tuple[Image.Image, dict]:
    p = card.person
    img = _new_card(rng, (222, 230, 240), (170, 190, 225), (235, 200, 205))
    s = make_style(rng, 0.9)
    cv = Canvas(img, s, rng)
    W, H = img.size
    draw_emblem(img, 88 + s.dx, 88 + s.dy, 62)
    qs = rng.randint(150, 175)
    q = qr_image(card.qr_payload, qs)
    qx, qy = W - q.width - 26 + rng.randint(-6, 6), 22 + rng.randint(-4, 8)
    img.paste(q, (qx, qy))
    draw_photo(img, (26 + s.dx, 190 + s.dy, 196 + s.dx, 410 + s.dy), rng)
    cx = (170 + qx) / 2
    y = _header(cv, cx, 18 + s.dy, True, 0.82)
    y = cv.centered(cx, y + 2, "CĂN CƯỚC CÔNG DÂN", s.plain(30, True), s.title_color)
    y = cv.centered(cx, y - 4, "Citizen Identity Card", s.plain(19, True), s.title_color)
    tx = 220 + s.dx
    lab = s.label_font(20)
    cv.text((tx, y + 10), "Số / No.:", lab, s.label_color)
    cv.text((tx + cv.width("Số / No.: ", lab) + 10, y), p.id12, s.value_font(34), (15, 15, 15))
    y += 46
    y0 = y
    y, data = cv.fill_down(
        lambda: _front_fields(cv, card, tx, y0, W - 20, "chip", rng), H - rng.randint(25, 90)
    )
    f = s.label_font(15)
    yy = 430 + s.dy
    cv.text((20 + s.dx, yy), "Có giá trị đến:", f, s.label_color)
    cv.text((20 + s.dx, yy + 20), "Date of expiry", f, s.label_color)
    cv.text((20 + s.dx, yy + 44), card.duedate, s.value_font(s.value_size - 6), s.value_color)
    data["duedate"] = card.duedate
    data["qr"] = card.qr_payload
    if rng.random() < 0.6:
        draw_hologram(img, rng)
    return img, data


def _mrz(cv: Canvas, lines: list[str], x0: float, y_bottom: float, width: float) -> None:
    n = len(lines[0])
    # OCR-B characters are about 2.3 mm high on a 2.54 mm pitch; lines 4.2 mm apart.
    pitch = width / n
    size = int(pitch * cv.rng.uniform(1.2, 1.35))
    f = font(cv.s.mono, size)
    while cv.width("<", f) > pitch * 0.95 and size > 10:
        size -= 1
        f = font(cv.s.mono, size)
    lh = pitch * cv.rng.uniform(1.55, 1.7)
    y = y_bottom - lh * len(lines)
    for line in lines:
        for i, ch in enumerate(line):
            cv.d.text((x0 + i * pitch + pitch / 2, y), ch, font=f, fill=(15, 15, 15), anchor="ma")
        y += lh


def render_chip_back(card: Card, rng: random.Random) -> tuple[Image.Image, dict]:
    p = card.person
    img = _new_card(rng, (226, 232, 240), (180, 195, 225), (220, 205, 215))
    s = make_style(rng, 0.8)
    cv = Canvas(img, s, rng)
    W, H = img.size
    fw = rng.randint(145, 160)
    fx = W - 2 * fw - 30 + s.dx // 2
    fy = 28 + rng.randint(0, 12)
    draw_fingerprint(img, (fx, fy, fx + fw, fy + 200), rng)
    draw_fingerprint(img, (fx + fw + 8, fy, fx + 2 * fw + 8, fy + 200), rng)
    lf = s.plain(14, True)
    for k, (vi, en) in enumerate(
        (("Ngón trỏ trái", "Left index finger"), ("Ngón trỏ phải", "Right index finger"))
    ):
        cxk = fx + fw / 2 + k * (fw + 8)
        cv.text((cxk, fy + 205), vi, lf, (30, 30, 30), anchor="ma")
        cv.text((cxk, fy + 222), en, lf, (30, 30, 30), anchor="ma")
    tx = 28 + s.dx
    maxx = fx - 15
    y = 30 + s.dy
    y = cv.label_line(tx, y, "Đặc điểm nhân dạng / Personal identification:")
    y = cv.field(tx + rng.randint(0, 20), y, "", p.marks, maxx, value_size=s.value_size - 2)
    y += 6
    y = cv.label_line(tx, y, "Ngày, tháng, năm / Date, month, year:")
    y = cv.big_value(tx + rng.randint(0, 60), y, fmt(card.issue), maxx, -2) + 6
    cx = (tx + maxx) / 2
    f = cv.fit("CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ", lambda z: s.value_font(z), 24, maxx - tx)
    words = card.noicap.split(" ")
    y = cv.centered(cx, y, " ".join(words[:7]), f, s.value_color)
    y = cv.centered(cx, y, " ".join(words[7:]), f, s.value_color)
    draw_signature(img, int(cx - 60), int(y + 12), 130, rng)
    draw_chip(img, fx + 40 + rng.randint(-10, 10), fy + 250, 110, 85)
    _mrz(cv, card.mrz, 28 + rng.randint(-6, 6), H - 14 + rng.randint(-6, 4), W - 56)
    data = {"dauvet": p.marks, "date": fmt(card.issue), "noicap": card.noicap}
    data.update(mrz_fields(card))
    if rng.random() < 0.6:
        draw_hologram(img, rng)
    return img, data


def render_cc2024_front(card: Card, rng: random.Random) -> tuple[Image.Image, dict]:
    p = card.person
    img = _new_card(rng, (226, 234, 236), (190, 200, 215), (225, 205, 200))
    s = make_style(rng, 0.95)
    cv = Canvas(img, s, rng)
    W, H = img.size
    draw_emblem(img, 90 + s.dx, 90 + s.dy, 62)
    draw_photo(img, (30 + s.dx, 200 + s.dy, 205 + s.dx, 430 + s.dy), rng)
    draw_chip(img, 60 + s.dx, 470 + s.dy, 110, 85)
    cx = W / 2 + 70
    y = _header(cv, cx, 18 + s.dy, True, 0.85)
    y = cv.centered(cx, y + 4, "CĂN CƯỚC", s.plain(40, True), s.title_color)
    y = cv.centered(cx, y - 6, "IDENTITY CARD", s.plain(22, True), s.title_color)
    tx = 235 + s.dx
    maxx = W - 25
    y += 4
    lab = rng.choice(
        [
            "Số định danh cá nhân / Personal identification number:",
            "Số định danh cá nhân/Personal identification number:",
        ]
    )
    y0 = y

    def block():
        y = cv.label_line(tx, y0, lab)
        y = cv.big_value(tx + rng.randint(20, 120), y, p.id12, maxx, 8, (15, 15, 15)) + 2
        y = cv.label_line(tx, y, "Họ, chữ đệm và tên / Full name:")
        y = cv.big_value(tx + rng.randint(0, 40), y, p.name, maxx) + 2
        y = cv.field(tx, y, "Ngày sinh / Date of birth:", fmt(p.birth), maxx)
        lbl, vfont = s.label_font(), s.value_font()
        off = (s.value_size - lbl.size) * 0.75
        x = tx
        cv.text((x, y + off), "Giới tính / Sex:", lbl, s.label_color)
        x += cv.width("Giới tính / Sex: ", lbl)
        cv.text((x, y), p.sex, vfont, s.value_color)
        x += cv.width(p.sex, vfont) + rng.randint(30, 60)
        if x + cv.width("Quốc tịch / Nationality: Việt Nam", vfont) > maxx:
            y += s.value_size * s.line_gap + cv.extra
            x = tx
        cv.text((x, y + off), "Quốc tịch / Nationality:", lbl, s.label_color)
        x += cv.width("Quốc tịch / Nationality: ", lbl)
        cv.text((x, y), "Việt Nam", vfont, s.value_color)
        return y + s.value_size * s.line_gap, None

    cv.fill_down(block, H - rng.randint(40, 110), 30)
    data = {
        "id": p.id12,
        "name": p.name,
        "born": fmt(p.birth),
        "sex": p.sex,
        "quoctich": "Việt Nam",
    }
    if rng.random() < 0.6:
        draw_hologram(img, rng)
    return img, data


def render_cc2024_back(card: Card, rng: random.Random) -> tuple[Image.Image, dict]:
    img = _new_card(rng, (228, 234, 238), (190, 200, 220), (220, 210, 200))
    s = make_style(rng, 0.9)
    cv = Canvas(img, s, rng)
    W, H = img.size
    qs = rng.randint(150, 170)
    q = qr_image(card.qr_payload, qs)
    img.paste(q, (26 + rng.randint(-4, 8), 22 + rng.randint(-4, 8)))
    tx = 60 + q.width + rng.randint(-6, 6)
    maxx = W - 22
    y = 26 + s.dy
    y = cv.field(tx, y, "Nơi cư trú / Place of residence:", card.address.text, maxx, newline=True)
    y = cv.field(
        tx, y, "Nơi đăng ký khai sinh / Place of birth:", card.birth_reg.text, maxx, newline=True
    )
    y = max(y, 22 + q.height + 10)
    tx2 = 30 + s.dx
    y = cv.field(tx2, y, "Ngày, tháng, năm cấp / Date of issue:", fmt(card.issue), maxx)
    y = cv.field(tx2, y, "Ngày, tháng, năm hết hạn / Date of expiry:", card.duedate, maxx)
    cx = W - 230
    cv.centered(cx, y - 10, "BỘ CÔNG AN", s.value_font(22), s.value_color)
    cv.centered(cx, y + 16, "MINISTRY OF PUBLIC SECURITY", s.plain(15, True), s.value_color)
    draw_signature(img, int(cx - 70), int(y + 50), 140, rng)
    _mrz(cv, card.mrz, 28 + rng.randint(-6, 6), H - 16 + rng.randint(-6, 4), W - 56)
    data = {
        "address": card.address.text,
        "noidangkykhaisinh": card.birth_reg.text,
        "date": fmt(card.issue),
        "duedate": card.duedate,
        "noicap": card.noicap,
        "qr": card.qr_payload,
    }
    data.update(_addr_keys("diachi", card.address))
    data.update(mrz_fields(card))
    if rng.random() < 0.6:
        draw_hologram(img, rng)
    return img, data


def render_passport(card: Card, rng: random.Random) -> tuple[Image.Image, dict]:
    p = card.person
    img = _new_card(rng, (232, 236, 222), (200, 210, 170), (230, 200, 200), size=TD3_SIZE)
    s = make_style(rng, 1.4)
    cv = Canvas(img, s, rng)
    W, H = img.size
    cx = W / 2 + 80
    draw_emblem(img, 110 + s.dx, 95 + s.dy, 72)
    y = _header(cv, cx, 20 + s.dy, True, 1.3)
    y = cv.centered(cx, y, "HỘ CHIẾU / PASSPORT", s.plain(44, True), s.title_color)
    py = 250 + s.dy + rng.randint(-10, 10)
    draw_photo(img, (40 + s.dx, py, 350 + s.dx, py + 400), rng)
    tx = 385 + s.dx
    col2 = tx + 330 + rng.randint(-10, 10)
    col3 = tx + 590 + rng.randint(-10, 10)
    maxx = W - 25
    lf = s.label_font(s.label_size)
    vf = s.value_font(s.value_size)
    lh = (lf.size + s.value_size) * 1.1 + rng.randint(4, 12)

    def fld(x, yy, label, value, mx=maxx):
        cv.text((x, yy), label, lf, s.label_color)
        f = vf
        if cv.width(value, f) > mx - x:
            f = cv.fit(value, s.value_font, s.value_size, mx - x)
        cv.text((x, yy + lf.size + 3), value, f, s.value_color)

    y = max(y + 8, 215 + s.dy)
    fld(tx, y, "Loại/Type", "P", col2 - 10)
    fld(col2, y, "Mã số/Code", "VNM", col3 - 10)
    fld(col3, y, "Số hộ chiếu/Passport N°", p.passport_no)
    y += lh
    fld(tx, y, "Họ và tên/Full name", p.name)
    y += lh
    nat = rng.choice(["VIỆT NAM/VIETNAMESE", "VIỆT NAM"])
    fld(tx, y, "Quốc tịch/Nationality", nat)
    y += lh
    col4 = tx + 420 + rng.randint(-10, 10)
    fld(tx, y, "Ngày sinh/Date of birth", fmt(p.birth), col4 - 10)
    pob = OLD_PROVINCES[p.birth_province].removeprefix("Thành phố ").removeprefix("Tỉnh ")
    pob = nfc_upper(pob)
    fld(col4, y, "Nơi sinh/Place of birth", pob)
    y += lh
    sex_txt = "NAM/M" if p.sex == "Nam" else "NỮ/F"
    fld(tx, y, "Giới tính/Sex", sex_txt, col4 - 10)
    fld(col4, y, "Số GCMND/ID card N°", p.id12)
    y += lh
    fld(tx, y, "Ngày cấp/Date of issue", fmt(card.issue), col4 - 10)
    fld(col4, y, "Có giá trị đến/Date of expiry", card.duedate)
    y += lh
    noicap = rng.choice(["Cục Quản lý xuất nhập cảnh", "Cục Quản lý Xuất nhập cảnh"])
    fld(tx, y, "Nơi cấp/Place of issue", noicap)
    _mrz(cv, card.mrz, 40 + rng.randint(-6, 6), H - 22 + rng.randint(-6, 4), W - 80)
    mf = mrz_fields(card)
    data = dict(mf)
    data.update(
        id=p.passport_no,
        name=p.name,
        surname=p.surname,
        given_name=p.given_names,
        born=fmt(p.birth),
        sex=p.sex,
        nationality="VIỆT NAM",
        duedate=card.duedate,
        date=fmt(card.issue),
        noicap=noicap,
        place_of_birth=pob,
        country="VNM",
        person_number=p.id12,
    )
    return img, data


RENDERERS = {
    "9_id_card_front": ("cmnd9", render_cmnd9_front),
    "9_id_card_back": ("cmnd9", render_cmnd9_back),
    "12_id_card_front": ("cmnd12", render_cmnd12_front),
    "12_id_card_back": ("cmnd12", render_cmnd12_back),
    "cccd_front": ("cccd", render_cccd_front),
    "cccd_back": ("cccd", render_cccd_back),
    "chip_id_card_front": ("chip", render_chip_front),
    "chip_id_card_back": ("chip", render_chip_back),
    "id_card_2024_front": ("cc2024", render_cc2024_front),
    "id_card_2024_back": ("cc2024", render_cc2024_back),
    "passport": ("passport", render_passport),
}

TYPE_CLASS = {
    "9_id_card_front": "cmt",
    "9_id_card_back": "matsaucmt",
    "12_id_card_front": "cmt",
    "12_id_card_back": "matsaucmt",
    "cccd_front": "tcc",
    "cccd_back": "matsautcc",
    "chip_id_card_front": "tcc",
    "chip_id_card_back": "matsautcc",
    "id_card_2024_front": "cancuoc",
    "id_card_2024_back": "matsaucancuoc",
    "passport": "passport",
}

_ = NO_EXPIRY
