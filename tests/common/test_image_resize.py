"""Issue 11 point 7 (photos): a phone photo heavier than IMAGE_RESIZE_ABOVE_BYTES is accepted and
resized on the server (longest side 2560 px, then lighter until it fits) instead of refused."""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common.uploads import RESIZE_LONGEST_SIDE, clean_image

LIMIT = 400 * 1024


def _noisy_jpeg(size=(3200, 2400), name="IMG_2041.jpg") -> SimpleUploadedFile:
    # Noise compresses badly: a few megabytes, like a phone photo.
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def test_a_heavy_phone_photo_is_resized_not_refused(settings):
    settings.IMAGE_RESIZE_ABOVE_BYTES = LIMIT
    settings.MAX_IMAGE_UPLOAD_BYTES = 25 * 1024 * 1024
    upload = _noisy_jpeg()
    assert upload.size > 5 * LIMIT

    cleaned = clean_image(upload)

    assert cleaned.size <= LIMIT
    with Image.open(cleaned) as image:
        assert image.format == "JPEG"
        assert max(image.size) <= RESIZE_LONGEST_SIDE
        assert image.size[0] / image.size[1] == pytest.approx(3200 / 2400, rel=0.01)


def test_a_light_photo_keeps_its_size_in_pixels(settings):
    settings.IMAGE_RESIZE_ABOVE_BYTES = 5 * 1024 * 1024
    cleaned = clean_image(_noisy_jpeg(size=(800, 600)))
    with Image.open(cleaned) as image:
        assert image.size == (800, 600)


def test_a_phone_photo_of_12_mb_is_under_the_default_upload_limit():
    from django.conf import settings

    assert settings.MAX_IMAGE_UPLOAD_BYTES >= 20 * 1024 * 1024
    assert settings.IMAGE_RESIZE_ABOVE_BYTES == 5 * 1024 * 1024
