"""A fake camera: a Y4M video of a card held in front of a camera (for Chromium's
``--use-file-for-fake-video-capture``)."""

from __future__ import annotations

import io
import math
import random

import cv2
import numpy as np
from PIL import Image

from ocr.synth.photo import background, rounded_alpha


def _as_rgb(image) -> np.ndarray:
    if hasattr(image, "document"):  # a Sample: hold the clean card
        image = image.document
    if isinstance(image, (bytes, bytearray)):
        image = Image.open(io.BytesIO(image))
    return np.asarray(image.convert("RGB"))


def write_y4m_video(
    path,
    image,
    seconds: float = 3,
    fps: int = 10,
    size=(640, 480),
    seed: int = 0,
    fill: float = 0.62,
) -> None:
    """Write ``seconds * fps`` 4:2:0 frames of ``image`` held (slightly shaking) in view.

    ``image``: a PIL image, image bytes or a Sample (its clean document is held up);
    ``fill``: the card's width as a fraction of the frame's width."""
    w, h = size
    if w % 2 or h % 2:
        raise ValueError("size must be even")
    rng = random.Random(f"y4m|{seed}")
    doc = _as_rgb(image)
    dh, dw = doc.shape[:2]
    bg = background(w, h, rng).astype(np.float32)
    alpha = rounded_alpha(dw, dh, int(min(dw, dh) * 0.05))
    scale = min(fill * w / dw, 0.9 * h / dh)
    k = min(1.0, scale * 1.5)
    small = cv2.resize(
        doc, (max(2, int(dw * k)), max(2, int(dh * k))), interpolation=cv2.INTER_AREA
    )
    a_small = cv2.resize(alpha, (small.shape[1], small.shape[0]), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape[:2]
    n = max(1, int(round(seconds * fps)))
    ph = [rng.uniform(0, 6.28) for _ in range(4)]
    with open(path, "wb") as fh:
        fh.write(f"YUV4MPEG2 W{w} H{h} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for i in range(n):
            t = i / fps
            ang = math.radians(3 * math.sin(1.3 * t + ph[0]))
            s = scale / k * (1 + 0.03 * math.sin(0.9 * t + ph[1]))
            cx = w / 2 + 12 * math.sin(1.7 * t + ph[2])
            cy = h / 2 + 9 * math.sin(1.1 * t + ph[3])
            m = cv2.getRotationMatrix2D((sw / 2, sh / 2), math.degrees(ang), s)
            m[0, 2] += cx - sw / 2
            m[1, 2] += cy - sh / 2
            warped = cv2.warpAffine(small, m, (w, h)).astype(np.float32)
            wa = cv2.warpAffine(a_small, m, (w, h)).astype(np.float32)[..., None] / 255.0
            frame = bg * (1 - wa) + warped * wa
            frame = np.clip(frame + rng.gauss(0, 1) * 0, 0, 255).astype(np.uint8)
            yuv = cv2.cvtColor(frame, cv2.COLOR_RGB2YUV_I420)
            fh.write(b"FRAME\n")
            fh.write(yuv.tobytes())
