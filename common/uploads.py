"""Verified uploads: real images (re-encoded, metadata stripped) and documents, size-limited."""

from __future__ import annotations

import io
import os

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_IMAGE_PIXELS = 40_000_000


def _human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} Mo"


RESIZE_LONGEST_SIDE = 2560


def _encode(image: Image.Image, fmt: str, quality: int = 85) -> io.BytesIO:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, format="JPEG", quality=quality, optimize=True)
    elif fmt == "PNG":
        image.save(out, format="PNG", optimize=True)
    else:
        image.save(out, format="WEBP", quality=quality)
    return out


def _shrink(image: Image.Image, fmt: str, limit: int) -> io.BytesIO:
    """A phone photo over ``limit`` once re-encoded: longest side 2560 px, then lower quality
    and smaller sides until it fits (a web page never shows more)."""
    image = image.copy()
    image.thumbnail((RESIZE_LONGEST_SIDE, RESIZE_LONGEST_SIDE), Image.Resampling.LANCZOS)
    quality = 85
    while True:
        out = _encode(image, fmt, quality)
        if out.getbuffer().nbytes <= limit or min(image.size) <= 64:
            return out
        if fmt != "PNG" and quality > 60:
            quality -= 10
        else:
            image = image.resize(
                (max(1, int(image.width * 0.8)), max(1, int(image.height * 0.8))), Image.Resampling.LANCZOS
            )


def clean_image(upload: UploadedFile, *, max_bytes: int | None = None) -> UploadedFile:
    """Check that ``upload`` is a real JPEG/PNG/WebP within the size limit, then re-encode it.

    Re-encoding drops EXIF and any other metadata (GPS position of the workshop, camera…);
    an image still heavier than ``IMAGE_RESIZE_ABOVE_BYTES`` is resized (phone photos).
    Raises ``ValidationError`` with a user-facing French message.
    """
    max_bytes = max_bytes or settings.MAX_IMAGE_UPLOAD_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("Le fichier « %(name)s » est trop lourd (%(size)s) : %(max)s au maximum.")
            % {"name": upload.name, "size": _human_size(upload.size), "max": _human_size(max_bytes)},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise ValidationError(_("L'image est trop grande (en pixels)."), code="too_many_pixels")
        fmt = image.format
        if fmt not in ALLOWED_IMAGE_FORMATS:
            raise UnidentifiedImageError(fmt)
        image = ImageOps.exif_transpose(image)
        image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Le fichier « %(name)s » n'est pas une image valide (JPEG, PNG ou WebP).")
            % {"name": upload.name},
            code="not_an_image",
        ) from None

    out = _encode(image, fmt)
    if out.getbuffer().nbytes > settings.IMAGE_RESIZE_ABOVE_BYTES:
        out = _shrink(image, fmt, settings.IMAGE_RESIZE_ABOVE_BYTES)
    ext = ALLOWED_IMAGE_FORMATS[fmt]
    base = os.path.splitext(os.path.basename(upload.name or "image"))[0][:80] or "image"
    content_type = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[ext]
    return InMemoryUploadedFile(out, "file", f"{base}.{ext}", content_type, out.getbuffer().nbytes, None)


def clean_document(upload: UploadedFile, *, max_bytes: int | None = None) -> UploadedFile:
    """Accept a PDF (checked by its signature) or a verified image."""
    max_bytes = max_bytes or settings.MAX_DOCUMENT_UPLOAD_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("Le fichier « %(name)s » est trop lourd (%(size)s) : %(max)s au maximum.")
            % {"name": upload.name, "size": _human_size(upload.size), "max": _human_size(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        # Keep only the verified type in the name: "kbis.html" starting with %PDF- must never be
        # stored or served as a page of the site.
        base = os.path.splitext(os.path.basename(upload.name or "document"))[0][:80] or "document"
        upload.name = f"{base}.pdf"
        upload.content_type = "application/pdf"
        return upload
    try:
        return clean_image(upload, max_bytes=max_bytes)
    except ValidationError:
        raise ValidationError(
            _("Le fichier « %(name)s » doit être un PDF ou une image (JPEG, PNG, WebP).")
            % {"name": upload.name},
            code="bad_document",
        ) from None


class VerifiedImageField(forms.ImageField):
    """Image form field that also runs ``clean_image`` on a new upload (size limit, re-encoding).

    Used for model ImageFields edited outside the apps' own forms, e.g. in the admin.
    """

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        return clean_image(value) if isinstance(value, UploadedFile) else value


class VerifiedDocumentField(forms.FileField):
    """File form field that runs ``clean_document`` on a new upload (PDF or verified image)."""

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        return clean_document(value) if isinstance(value, UploadedFile) else value
