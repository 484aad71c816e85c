"""What an uploaded document really is, judged by its content rather than its name."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"

EXTENSIONS = {PDF: {".pdf"}, DOCX: {".docx"}, ODT: {".odt"}, PNG: {".png"}, JPEG: {".jpg", ".jpeg"}}


def sniff(upload) -> str | None:
    """The content type the bytes show, or None when they are none of the accepted kinds."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                    return ODT
                if "[Content_Types].xml" in names and "word/document.xml" in names:
                    return DOCX
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        finally:
            upload.seek(0)
    return None


def validate_upload(upload) -> str:
    """Refuse files that are too large, of another kind, or whose name lies about their content."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": upload.name})
    content_type = sniff(upload)
    if content_type is None:
        raise ValidationError(
            _("%(name)s is not a PDF, DOCX, ODT, PNG or JPEG document.") % {"name": upload.name}
        )
    extension = PurePath(upload.name).suffix.lower()
    if extension not in EXTENSIONS[content_type]:
        raise ValidationError(
            _("The name of %(name)s does not match its content. Rename it or export it again.")
            % {"name": upload.name}
        )
    if not _whole_file_reads_as(upload, content_type):
        raise ValidationError(
            _("%(name)s looks like a %(kind)s document but cannot be read as one. Export it again and upload it.")
            % {"name": upload.name, "kind": KIND_NAMES[content_type]}
        )
    return content_type


KIND_NAMES = {PDF: "PDF", DOCX: "DOCX", ODT: "ODT", PNG: "PNG", JPEG: "JPEG"}


def _whole_file_reads_as(upload, content_type: str) -> bool:
    """The first bytes said what the file is; this reads the whole file as that kind (a PDF library
    for PDFs, Pillow for images; zip documents were opened by `sniff`)."""
    upload.seek(0)
    try:
        if content_type == PDF:
            from pypdf import PdfReader

            return len(PdfReader(upload, strict=False).pages) >= 1
        if content_type in (PNG, JPEG):
            from PIL import Image

            with Image.open(upload) as image:
                if image.format != {PNG: "PNG", JPEG: "JPEG"}[content_type]:
                    return False
                image.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()  # verify() does not decode the pixels; a truncated image fails here
            return True
        return True
    except Exception:  # noqa: BLE001 - whatever the parser trips on, the file is not what it claims
        return False
    finally:
        upload.seek(0)


def reencoded_image(upload, content_type: str):
    """A public image as the portal serves it: decoded and written again by Pillow, so only pixels
    remain (no metadata, no bytes smuggled after the image). Returns a file to store instead."""
    from django.core.files.base import ContentFile
    from PIL import Image
    from PIL import ImageOps

    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        buffer = io.BytesIO()
        if content_type == JPEG:
            image.convert("RGB").save(buffer, format="JPEG", quality=88, optimize=True)
        else:
            image.save(buffer, format="PNG", optimize=True)
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name=upload.name)


STORED_NAME_LENGTH = 80


def stored_name(filename: str) -> str:
    """The name a file is stored under: the uploaded name made safe for every storage (no path, no
    odd characters) and short enough (STORED_NAME_LENGTH) for its path to fit the column, keeping
    the extension. The original name is kept apart, for showing (`display_name`)."""
    base = get_valid_filename(PurePath(str(filename).replace("\\", "/")).name.replace("\x00", "")) or "file"
    suffix = PurePath(base).suffix.lower()[:10]
    stem = base[: len(base) - len(PurePath(base).suffix)] if PurePath(base).suffix else base
    return f"{stem[: STORED_NAME_LENGTH - len(suffix)] or 'file'}{suffix}"


def display_name(filename: str, *, length: int = 200) -> str:
    """The uploaded name as people will see it again: no path, no NUL, at most `length` characters
    (the extension kept)."""
    name = PurePath(str(filename).replace("\\", "/")).name.replace("\x00", "") or "file"
    if len(name) <= length:
        return name
    suffix = PurePath(name).suffix[:10]
    return name[: length - len(suffix) - 1] + "…" + suffix
