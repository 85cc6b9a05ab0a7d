"""'Photographing' a clean document: background, perspective, lighting, blur, noise, JPEG, EXIF."""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

DIFFICULTIES = ("easy", "medium", "hard")

EXIF_ORIENTATION_TAG = 0x0112


@dataclass
class Shot:
    image: Image.Image  # as displayed (after EXIF orientation)
    stored: Image.Image  # pixels as stored in the file
    corners: list[list[float]]  # document corners TL, TR, BR, BL in the displayed image
    exif_orientation: int  # 1 when no tag is written
    image_bytes: bytes
    mime: str
    params: dict


# ---------------------------------------------------------------------------
# Backgrounds


def _smooth_noise(rng: np.random.Generator, h: int, w: int, cell: int) -> np.ndarray:
    small = rng.random((max(2, h // cell + 2), max(2, w // cell + 2)), dtype=np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def background(w: int, h: int, rng: random.Random) -> np.ndarray:
    """An RGB uint8 background: wood, cloth, desk, paper, stone or a solid colour."""
    small = _background(max(8, w // 2), max(8, h // 2), rng)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _background(w: int, h: int, rng: random.Random) -> np.ndarray:
    nrng = np.random.default_rng(rng.getrandbits(32))
    kind = rng.choice(
        ["wood", "wood", "cloth", "desk", "solid", "stone", "paper", "gradient", "skin"]
    )
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    if kind == "wood":
        base = np.array(
            [rng.randint(110, 190), rng.randint(70, 120), rng.randint(30, 70)], np.float32
        )
        ang = rng.uniform(0, math.pi)
        v = -x * math.sin(ang) + y * math.cos(ang)
        warp = _smooth_noise(nrng, h, w, 90) * rng.uniform(20, 60)
        grain = np.sin((v + warp) * rng.uniform(0.05, 0.15)) * 0.5 + 0.5
        fine = _smooth_noise(nrng, h, w, 3)
        t = 0.75 + 0.2 * grain + 0.08 * fine
        img = base[None, None, :] * t[..., None]
    elif kind == "cloth":
        base = np.array([rng.randint(30, 220) for _ in range(3)], np.float32)
        f = rng.uniform(0.6, 1.4)
        weave = (np.sin(x * f) * np.sin(y * f)) * 0.08  # broadcasts to (h, w)
        t = 0.85 + weave + 0.1 * _smooth_noise(nrng, h, w, 60)
        img = base[None, None, :] * t[..., None]
    elif kind == "stone":
        base = np.array([rng.randint(120, 220)] * 3, np.float32) + nrng.integers(-15, 15, 3)
        t = 0.8 + 0.15 * _smooth_noise(nrng, h, w, 40) + 0.08 * _smooth_noise(nrng, h, w, 6)
        img = base[None, None, :] * t[..., None]
    elif kind == "paper":
        base = np.array(
            [rng.randint(225, 250), rng.randint(225, 250), rng.randint(215, 245)], np.float32
        )
        t = 0.97 + 0.03 * _smooth_noise(nrng, h, w, 8)
        img = base[None, None, :] * t[..., None]
    elif kind == "gradient":
        c0 = np.array([rng.randint(0, 255) for _ in range(3)], np.float32)
        c1 = np.array([rng.randint(0, 255) for _ in range(3)], np.float32)
        t = (x / w * rng.uniform(0.3, 1) + y / h * rng.uniform(0.3, 1)) / 2 + np.zeros((h, w))
        img = c0 * (1 - t[..., None]) + c1 * t[..., None]
    elif kind == "skin":  # held in a palm: skin tones, soft shading, darker surroundings
        base = np.array(
            [rng.randint(170, 235), rng.randint(120, 180), rng.randint(90, 150)], np.float32
        )
        cx, cy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.4, 0.9) * h
        r = np.sqrt((x - cx) ** 2 + (y - cy) ** 2) / max(w, h)
        t = np.clip(1.05 - 0.9 * r**2, 0.35, 1.05) + 0.06 * _smooth_noise(nrng, h, w, 25)
        img = base[None, None, :] * t[..., None]
    else:  # desk / solid
        base = np.array([rng.randint(0, 255) for _ in range(3)], np.float32)
        t = 1 + (0.04 if kind == "desk" else 0.01) * (_smooth_noise(nrng, h, w, 30) - 0.5)
        img = base[None, None, :] * t[..., None]
    return np.clip(img, 0, 255).astype(np.uint8)


# ---------------------------------------------------------------------------


def rounded_alpha(w: int, h: int, radius: int) -> np.ndarray:
    a = np.full((h, w), 255, np.uint8)
    if radius <= 0:
        return a
    mask = np.zeros((h, w), np.uint8)
    cv2.rectangle(mask, (radius, 0), (w - 1 - radius, h - 1), 255, -1)
    cv2.rectangle(mask, (0, radius), (w - 1, h - 1 - radius), 255, -1)
    for cx, cy in (
        (radius, radius),
        (w - 1 - radius, radius),
        (radius, h - 1 - radius),
        (w - 1 - radius, h - 1 - radius),
    ):
        cv2.circle(mask, (cx, cy), radius, 255, -1, lineType=cv2.LINE_AA)
    return mask


PRESETS = {
    "easy": dict(
        frames=[(1280, 960), (1600, 1200), (1200, 1600), (1024, 768)],
        area=(0.45, 0.7),
        rot=5,
        persp=0.02,
        blur=(0.0, 0.5),
        noise=(0, 3),
        shadow=0.1,
        glare=0.0,
        quality=(85, 95),
        exif=0.0,
        scan=0.5,
        right_angles=0.0,
        exposure=(0.92, 1.08),
        vignette=0.1,
    ),
    "medium": dict(
        frames=[(1280, 960), (960, 1280), (1600, 1200), (1920, 1080), (1080, 1920)],
        area=(0.3, 0.6),
        passport_area=(0.4, 0.65),
        rot=25,
        persp=0.06,
        blur=(0.0, 1.1),
        noise=(1, 6),
        shadow=0.3,
        glare=0.3,
        quality=(60, 90),
        exif=0.2,
        scan=0.0,
        right_angles=0.35,
        exposure=(0.82, 1.1),
        vignette=0.25,
    ),
    "hard": dict(
        frames=[(640, 480), (480, 640)],
        area=(0.3, 0.42),
        passport_area=(0.5, 0.68),
        rot=40,
        persp=0.09,
        blur=(0.0, 0.6),
        noise=(2, 6),
        shadow=0.4,
        glare=0.4,
        quality=(40, 75),
        exif=0.25,
        scan=0.0,
        right_angles=0.5,
        exposure=(0.78, 1.1),
        vignette=0.35,
    ),
}


def _quad(
    rng: random.Random,
    doc_w: int,
    doc_h: int,
    fw: int,
    fh: int,
    p: dict,
    scan: bool,
    passport: bool = False,
):
    """Destination corners (TL, TR, BR, BL) of the document inside a fw x fh frame."""
    area_range = p.get("passport_area", p["area"]) if passport else p["area"]
    for attempt in range(60):
        area = rng.uniform(*area_range) * (0.97**attempt)
        s = math.sqrt(area * fw * fh / (doc_w * doc_h))
        w, h = doc_w * s, doc_h * s
        if scan:
            ang = rng.uniform(-2, 2)
        elif passport or rng.random() < p["right_angles"]:
            # mostly turned so that the long sides match (a phone held upright or sideways)
            portrait = fh > fw
            aligned = [90, 270] if portrait else [0, 180]
            choices = aligned if (passport or rng.random() < 0.7) else [0, 90, 180, 270]
            spread = p["rot"] / 3 if not passport else min(12, p["rot"] / 3)
            ang = rng.choice(choices) + rng.uniform(-spread, spread)
        elif rng.random() < 0.15 and p["rot"] >= 25:
            ang = rng.uniform(0, 360)
        else:
            ang = rng.uniform(-p["rot"], p["rot"])
        a = math.radians(ang)
        persp = 0.0 if scan else p["persp"]  # a flatbed scan has no perspective
        base = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
        jit = np.array(
            [[rng.uniform(-1, 1) * persp * w, rng.uniform(-1, 1) * persp * h] for _ in range(4)]
        )
        # keystone: one edge shorter than the opposite one, like a tilted phone
        k = rng.uniform(-persp, persp) * w
        base = base + jit + np.array([[k, 0], [-k, 0], [0, 0], [0, 0]])
        rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
        pts = base @ rot.T
        xmin, ymin = pts.min(axis=0)
        xmax, ymax = pts.max(axis=0)
        margin = max(6, 0.02 * min(fw, fh))
        free_x = fw - (xmax - xmin) - 2 * margin
        free_y = fh - (ymax - ymin) - 2 * margin
        if free_x < 0 or free_y < 0:
            continue
        ox = margin - xmin + rng.uniform(0, free_x)
        oy = margin - ymin + rng.uniform(0, free_y)
        return pts + np.array([ox, oy]), ang
    raise RuntimeError("could not place the document")


DISTRACTOR_WORDS = (
    "Hóa đơn bán lẻ Cửa hàng Tổng cộng Thanh toán Tiền mặt Số lượng Đơn giá Thành tiền "
    "Cảm ơn quý khách Hẹn gặp lại Ngày giờ Nhân viên Mã số thuế Giấy mời họp phụ huynh "
    "Trường Lớp Thông báo Kính gửi Đề nghị Xác nhận Hợp đồng Bên A Bên B Điều khoản"
).split()


def _paper_with_text(bg: np.ndarray, rng: random.Random) -> np.ndarray:
    """Draw a printed sheet (receipt, letter) somewhere on the background."""
    from PIL import ImageDraw

    from ocr.synth.render import FAMILIES, available_families, font

    fh, fw = bg.shape[:2]
    pw, ph = int(fw * rng.uniform(0.25, 0.45)), int(fh * rng.uniform(0.35, 0.6))
    sheet = Image.new("RGB", (pw, ph), tuple(rng.randint(225, 250) for _ in range(3)))
    d = ImageDraw.Draw(sheet)
    f = font(FAMILIES[rng.choice(available_families())][0], max(9, int(ph / rng.uniform(22, 35))))
    y = rng.randint(5, 20)
    while y < ph - f.size:
        words = " ".join(rng.choice(DISTRACTOR_WORDS) for _ in range(rng.randint(2, 8)))
        if rng.random() < 0.3:
            words += f" {rng.randint(1, 999)}.{rng.randint(0, 999):03d}"
        d.text((rng.randint(5, 25), y), words, font=f, fill=(40, 40, 40))
        y += int(f.size * rng.uniform(1.3, 1.8))
    sheet = sheet.rotate(rng.uniform(-40, 40), expand=True, fillcolor=(0, 0, 0))
    mask = sheet.convert("L").point(lambda v: 255 if v > 0 else 0)
    out = Image.fromarray(bg)
    x0 = rng.randint(-pw // 3, max(-pw // 3 + 1, fw - pw // 2))
    y0 = rng.randint(-ph // 3, max(-ph // 3 + 1, fh - ph // 2))
    out.paste(sheet, (x0, y0), mask)
    return np.asarray(out)


PHOTO_DEFECTS = ("screen", "photocopy", "corner_cut", "partly_outside")


def _photocopy(doc_rgb: np.ndarray, plan: dict) -> np.ndarray:
    """A grey, contrasty photocopy of the card, with the card's outline and toner specks."""
    contrast, bright, seed = plan["photocopy"]
    g = cv2.cvtColor(doc_rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    g = (g - 128) * contrast + 128 + bright + 60
    rng = np.random.default_rng(seed)
    specks = rng.random(g.shape, dtype=np.float32) < 0.002
    g[specks] = rng.uniform(40, 120)
    g = np.clip(g, 0, 255).astype(np.uint8)
    h, w = g.shape
    cv2.rectangle(g, (1, 1), (w - 2, h - 2), 90, 3, lineType=cv2.LINE_AA)
    return cv2.cvtColor(g, cv2.COLOR_GRAY2RGB)


def _screen_quad(dst: np.ndarray, margin: float) -> np.ndarray:
    c = dst.mean(axis=0)
    return c + (dst - c) * (1 + 2 * margin)


def _screen_bezel(bg: np.ndarray, dst: np.ndarray, plan: dict) -> np.ndarray:
    """A dark phone or monitor around the card shown on it."""
    margin = plan["screen"][0]
    outer = _screen_quad(dst, margin * 2.2).astype(np.int32)
    inner = _screen_quad(dst, margin).astype(np.int32)
    bg = bg.copy()
    cv2.fillConvexPoly(bg, outer, (18, 18, 22), lineType=cv2.LINE_AA)
    cv2.fillConvexPoly(bg, inner, (235, 235, 240), lineType=cv2.LINE_AA)  # white app screen
    return bg


def _screen_pattern(out: np.ndarray, dst: np.ndarray, plan: dict) -> np.ndarray:
    """Moire fringes, a visible pixel grid and a blue backlight over the screen area."""
    margin, freq, ang, strength, period, tint = plan["screen"]
    fh, fw = out.shape[:2]
    inner = _screen_quad(dst, margin).astype(np.int32)
    mask = np.zeros((fh, fw), np.uint8)
    cv2.fillConvexPoly(mask, inner, 255)
    x = np.arange(fw, dtype=np.float32)[None, :]
    y = np.arange(fh, dtype=np.float32)[:, None]
    u = x * math.cos(ang) + y * math.sin(ang)
    v = -x * math.sin(ang) + y * math.cos(ang)
    moire = 1 - strength * (0.5 + 0.5 * np.sin(freq * u + 2.5 * np.sin(freq * 0.37 * v)))
    grid = np.ones((fh, fw), np.float32)
    grid[:, ::period] *= 0.8
    grid[::period, :] *= 0.85
    m = mask.astype(np.float32) / 255.0
    factor = 1 + m * (moire * grid - 1)
    out = out * factor[..., None]
    tint_arr = np.array(tint, np.float32)[None, None, :]
    out = out * (1 + m[..., None] * (tint_arr - 1)) + m[..., None] * 12
    return out


def plan_photo(
    rng: random.Random,
    doc_size: tuple[int, int],
    difficulty: str,
    *,
    rounded: bool = True,
    fmt: str | None = None,
    defect: str | None = None,
) -> dict:
    """Every random choice of one photo (cheap); ``execute`` then draws the pixels.

    ``defect`` (one of PHOTO_DEFECTS) makes an untrustworthy photo: ``screen`` (a photo of
    a screen showing the card), ``photocopy`` (a grey photocopy on paper), ``corner_cut``
    (a corner of the card cut off), ``partly_outside`` (part of the card outside the frame).
    """
    if difficulty not in PRESETS:
        raise ValueError(f"difficulty must be one of {DIFFICULTIES}")
    if defect is not None and defect not in PHOTO_DEFECTS:
        raise ValueError(f"photo defect must be one of {PHOTO_DEFECTS}")
    p = PRESETS[difficulty]
    dw, dh = doc_size
    scan = rng.random() < p["scan"] or defect == "photocopy"
    fw, fh = rng.choice(p["frames"])
    dst, angle = _quad(rng, dw, dh, fw, fh, p, scan, passport=not rounded)
    if defect == "partly_outside":
        # push the document over one edge of the frame: 15-30 % of it leaves the photo
        xmin, ymin = dst.min(axis=0)
        xmax, ymax = dst.max(axis=0)
        side = rng.choice(["left", "right", "top", "bottom"])
        frac = rng.uniform(0.15, 0.3)
        if side == "left":
            dst = dst - [xmin + frac * (xmax - xmin), 0]
        elif side == "right":
            dst = dst + [fw - xmax + frac * (xmax - xmin), 0]
        elif side == "top":
            dst = dst - [0, ymin + frac * (ymax - ymin)]
        else:
            dst = dst + [0, fh - ymax + frac * (ymax - ymin)]
    plan: dict = {
        "scan": scan,
        "frame": [fw, fh],
        "angle": round(angle, 2),
        "corners": [[round(float(x), 1), round(float(y), 1)] for x, y in dst],
        "bg_seed": rng.getrandbits(32),
        "noise_seed": rng.getrandbits(32),
        "scan_bg": rng.randint(235, 252),
        "radius": int(3.2 * 12) if rounded else 0,
        "drop_shadow": [rng.uniform(2, 10), rng.uniform(2, 10)],
        "gain": [rng.uniform(0.92, 1.06), rng.uniform(0.95, 1.04), rng.uniform(0.88, 1.06)],
        "exposure": rng.uniform(*p["exposure"]),
        "vignette": rng.uniform(0, p["vignette"]) if not scan else 0.0,
    }
    if not scan and rng.random() < 0.8:
        plan["shadow"] = [rng.uniform(0, p["shadow"]), rng.uniform(0, 2 * math.pi)]
    if p["glare"] > 0 and rng.random() < 0.6:
        c = dst.mean(axis=0) + np.array(
            [rng.uniform(-0.3, 0.3) * fw / 2, rng.uniform(-0.3, 0.3) * fh / 2]
        )
        plan["glare"] = [
            float(c[0]),
            float(c[1]),
            rng.uniform(0.06, 0.16) * min(fw, fh),
            rng.uniform(0.6, 1.4),
            rng.uniform(0.15, p["glare"]),
        ]
    plan["blur"] = rng.uniform(*p["blur"])
    if difficulty != "easy" and rng.random() < 0.2:
        plan["motion"] = [
            rng.choice([3, 3, 5] if difficulty == "medium" else [3]),
            rng.uniform(0, 180),
        ]
    plan["noise"] = rng.uniform(*p["noise"])
    plan["exif"] = rng.choice([3, 6, 8]) if rng.random() < p["exif"] else 1
    plan["format"] = fmt or ("PNG" if scan and rng.random() < 0.2 else "JPEG")
    plan["quality"] = rng.randint(*p["quality"])
    if not scan and difficulty != "easy" and rng.random() < 0.2:
        # a sheet of printed paper lying beside the card (text the reader must ignore)
        plan["distractor"] = [rng.getrandbits(32)]
    if defect is not None:
        plan["defect"] = defect
    if defect == "corner_cut":
        plan["corner_cut"] = [rng.randint(0, 3), rng.uniform(0.09, 0.15)]
    elif defect == "photocopy":
        plan["photocopy"] = [rng.uniform(1.3, 1.8), rng.uniform(-40, -10), rng.getrandbits(32)]
        plan["radius"] = 0
        plan["gain"] = [1.0, 1.0, 1.0]
    elif defect == "screen":
        plan["screen"] = [
            rng.uniform(0.05, 0.12),  # bezel margin (fraction of the card width)
            rng.uniform(0.02, 0.09),  # moire frequency
            rng.uniform(0, math.pi),  # moire angle
            rng.uniform(0.1, 0.2),  # moire strength
            rng.choice([3, 3, 4]),  # pixel grid period
            [rng.uniform(0.9, 1.0), rng.uniform(0.95, 1.05), rng.uniform(1.05, 1.2)],
        ]
        plan.pop("glare", None)
        plan["glare"] = [
            float(dst[:, 0].mean() + rng.uniform(-0.2, 0.2) * fw),
            float(dst[:, 1].mean() + rng.uniform(-0.2, 0.2) * fh),
            rng.uniform(0.15, 0.3) * min(fw, fh),
            1.0,
            rng.uniform(0.1, 0.25),
        ]
    return plan


def execute(doc: Image.Image, plan: dict) -> tuple[Image.Image, Image.Image, bytes, str]:
    """Draw the photo that ``plan`` describes: (displayed, stored, file bytes, mime)."""
    fw, fh = plan["frame"]
    doc_rgb = np.asarray(doc.convert("RGB"))
    dh, dw = doc_rgb.shape[:2]
    nrng = np.random.default_rng(plan["noise_seed"])
    if "photocopy" in plan:
        doc_rgb = _photocopy(doc_rgb, plan)
    if plan["scan"]:
        shade = plan["scan_bg"] * (0.98 + 0.02 * _smooth_noise(nrng, fh // 8, fw // 8, 6))
        shade = cv2.resize(shade.astype(np.float32), (fw, fh), interpolation=cv2.INTER_LINEAR)
        bg_u8 = cv2.merge([shade, shade, shade]).clip(0, 255).astype(np.uint8)
    else:
        bg_u8 = background(fw, fh, random.Random(plan["bg_seed"]))
    if "distractor" in plan:
        bg_u8 = _paper_with_text(bg_u8, random.Random(plan["distractor"][0]))
    dst = np.array(plan["corners"], np.float32)
    src = np.array([[0, 0], [dw, 0], [dw, dh], [0, dh]], np.float32)
    H = cv2.getPerspectiveTransform(src, dst)
    alpha = rounded_alpha(dw, dh, plan["radius"])
    if "corner_cut" in plan:
        corner, frac = plan["corner_cut"]
        c = int(frac * dw)
        cx, cy = [(0, 0), (dw, 0), (dw, dh), (0, dh)][corner]
        sx, sy = (1 if cx == 0 else -1), (1 if cy == 0 else -1)
        tri = np.array([[cx, cy], [cx + sx * c, cy], [cx, cy + sy * c]], np.int32)
        cv2.fillConvexPoly(alpha, tri, 0, lineType=cv2.LINE_AA)
    scale = math.sqrt(cv2.contourArea(dst) / (dw * dh))
    if scale < 0.6:  # shrink first (anti-aliasing), then warp
        k = max(scale * 1.6, 0.2)
        sw, sh = max(2, int(dw * k)), max(2, int(dh * k))
        doc_s = cv2.resize(doc_rgb, (sw, sh), interpolation=cv2.INTER_AREA)
        alpha_s = cv2.resize(alpha, (sw, sh), interpolation=cv2.INTER_AREA)
        Hs = H @ np.diag([dw / sw, dh / sh, 1.0])
    else:
        doc_s, alpha_s, Hs = doc_rgb, alpha, H
    warped = cv2.warpPerspective(doc_s, Hs, (fw, fh), flags=cv2.INTER_LINEAR)
    wa = cv2.warpPerspective(alpha_s, Hs, (fw, fh), flags=cv2.INTER_LINEAR)
    wa = wa.astype(np.float32) * np.float32(1.0 / 255.0)

    # Illumination (drop shadow of the card, shading gradient, exposure) at low resolution.
    lw, lh = max(8, fw // 8), max(8, fh // 8)
    illum = np.full((lh, lw), plan["exposure"], np.float32)
    xx = ((np.arange(lw, dtype=np.float32) + 0.5) * (fw / lw))[None, :]
    yy = ((np.arange(lh, dtype=np.float32) + 0.5) * (fh / lh))[:, None]
    if not plan["scan"]:
        small_a = cv2.resize(wa, (lw, lh), interpolation=cv2.INTER_AREA)
        sh_mask = cv2.GaussianBlur(small_a, (0, 0), max(1.0, lw / 150))
        ox, oy = plan["drop_shadow"]
        sh_mask = cv2.warpAffine(sh_mask, np.float32([[1, 0, ox / 8], [0, 1, oy / 8]]), (lw, lh))
        illum *= 1 - 0.35 * sh_mask * (1 - small_a)
    if plan.get("vignette", 0) > 0:
        r2 = ((xx - fw / 2) / (fw / 2)) ** 2 + ((yy - fh / 2) / (fh / 2)) ** 2
        illum *= 1 - plan["vignette"] * np.clip(r2 / 2, 0, 1)
    if "shadow" in plan:
        depth, ga = plan["shadow"]
        t = (xx / fw - 0.5) * math.cos(ga) + (yy / fh - 0.5) * math.sin(ga) + 0.5
        illum *= 1 - depth * np.clip(t, 0, 1)
    if "screen" in plan:
        bg_u8 = _screen_bezel(bg_u8, dst, plan)
    blended = cv2.blendLinear(warped, bg_u8, wa, 1.0 - wa)
    out = blended.astype(np.float32)
    full = cv2.resize(illum, (fw, fh), interpolation=cv2.INTER_LINEAR)
    out *= full[..., None]
    out *= np.array(plan["gain"], np.float32)[None, None, :]
    if "screen" in plan:
        out = _screen_pattern(out, dst, plan)
    if "glare" in plan:
        gx, gy, r, ay, strength = plan["glare"]
        x0, x1 = max(0, int(gx - 3 * r)), min(fw, int(gx + 3 * r) + 1)
        y0, y1 = max(0, int(gy - 3 * r / ay)), min(fh, int(gy + 3 * r / ay) + 1)
        if x1 > x0 and y1 > y0:
            gxs = np.arange(x0, x1, dtype=np.float32)[None, :] - gx
            gys = (np.arange(y0, y1, dtype=np.float32)[:, None] - gy) * ay
            g = (strength * np.exp(-(gxs**2 + gys**2) / (2 * r * r))).astype(np.float32)
            roi = out[y0:y1, x0:x1]
            roi += (255.0 - roi) * g[..., None]
    if plan["blur"] > 0.05:
        out = cv2.GaussianBlur(out, (0, 0), plan["blur"])
    if "motion" in plan:
        n, ang = plan["motion"]
        kern = np.zeros((n, n), np.float32)
        kern[n // 2, :] = 1.0 / n
        rotm = cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), ang, 1)
        kern = cv2.warpAffine(kern, rotm, (n, n))
        kern /= max(float(kern.sum()), 1e-6)
        out = cv2.filter2D(out, -1, kern)
    if plan["noise"] > 0:
        # sensor noise: a random tile repeated with a random offset (much cheaper than
        # drawing a normal number for every pixel, and invisible as a pattern)
        th, tw = 263, 317
        tile = nrng.standard_normal((th, tw, 3), dtype=np.float32) * np.float32(plan["noise"])
        reps = (fh // th + 2, fw // tw + 2, 1)
        oy, ox = int(nrng.integers(0, th)), int(nrng.integers(0, tw))
        out += np.tile(tile, reps)[oy : oy + fh, ox : ox + fw]
    np.clip(out, 0, 255, out=out)
    out_img = Image.fromarray(out.astype(np.uint8))

    orientation = plan["exif"]
    stored = out_img
    save_kwargs: dict = {}
    if orientation != 1:
        stored = out_img.transpose(
            {3: Image.ROTATE_180, 6: Image.ROTATE_90, 8: Image.ROTATE_270}[orientation]
        )
        exif = Image.Exif()
        exif[EXIF_ORIENTATION_TAG] = orientation
        save_kwargs["exif"] = exif.tobytes()
    buf = io.BytesIO()
    if plan["format"] == "JPEG":
        stored.save(buf, "JPEG", quality=plan["quality"], **save_kwargs)
        mime = "image/jpeg"
    else:
        stored.save(buf, "PNG", compress_level=1, **save_kwargs)
        mime = "image/png"
    return out_img, stored, buf.getvalue(), mime


def photograph(
    doc: Image.Image,
    rng: random.Random,
    difficulty: str,
    *,
    rounded: bool = True,
    fmt: str | None = None,
) -> Shot:
    plan = plan_photo(rng, doc.size, difficulty, rounded=rounded, fmt=fmt)
    image, stored, data, mime = execute(doc, plan)
    return Shot(
        image=image,
        stored=stored,
        corners=plan["corners"],
        exif_orientation=plan["exif"],
        image_bytes=data,
        mime=mime,
        params=public_params(plan),
    )


def public_params(plan: dict) -> dict:
    keys = (
        "scan",
        "frame",
        "angle",
        "blur",
        "noise",
        "quality",
        "format",
        "shadow",
        "glare",
        "motion",
    )
    out = {}
    for k in keys:
        if k in plan:
            v = plan[k]
            out[k] = round(v, 3) if isinstance(v, float) else v
    if "shadow" in out:
        out["shadow"] = round(plan["shadow"][0], 3)
    if "glare" in out:
        out["glare"] = round(plan["glare"][4], 3)
    return out
