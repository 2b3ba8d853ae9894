"""Scans made from generated reports, for the OCR tests and ``bench/check.py --scans``: a report
PDF rendered to images as a scanner would (grey, a little skewed, speckled), saved as an
image-only PDF or as single page images."""

from __future__ import annotations

import io
import random

import numpy as np


def scan_images(pdf: bytes, *, dpi: int = 200, skew: float = 1.0, noise: float = 12.0,
                seed: int = 0) -> list:
    """The PDF's pages as grey PIL images: rotated by ``skew`` degrees (the sign alternates page
    by page), with Gaussian noise of that standard deviation and a sprinkle of dark specks."""
    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for i in range(len(doc)):
            im = doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            angle = skew * (1 if i % 2 == 0 else -1) * (0.6 + 0.4 * rng.random())
            im = im.rotate(angle, resample=Image.BILINEAR, expand=False, fillcolor=255)
            arr = np.asarray(im, dtype=np.float32)
            arr = arr + nrng.normal(0, noise, arr.shape)
            specks = nrng.random(arr.shape) < 0.0008
            arr[specks] = nrng.integers(0, 120, int(specks.sum()))
            out.append(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L"))
    finally:
        doc.close()
    return out


def scanned_pdf(pdf: bytes, *, dpi: int = 200, **kw) -> bytes:
    """An image-only PDF (no text layer) of the report, as a scanner writes it (JPEG pages)."""
    images = scan_images(pdf, dpi=dpi, **kw)
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=dpi, quality=80)
    return buf.getvalue()


def image_bytes(image, fmt: str = "PNG", **kw) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **kw)
    return buf.getvalue()
