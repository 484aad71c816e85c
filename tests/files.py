"""Real small files for upload tests: uploads are read whole (a PDF library, Pillow), so a file
that only starts like a PDF or a PNG is refused."""

from __future__ import annotations

import io


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (16, 12)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (15, 76, 92)).save(buffer, format=kind)
    return buffer.getvalue()


PDF = pdf_bytes()
PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
