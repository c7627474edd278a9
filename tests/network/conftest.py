"""Fixtures for the network tests: a published charter, crafts and a full capacity rule."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories.network import CharterVersionFactory, CraftFactory


@pytest.fixture
def charter(db):
    return CharterVersionFactory(number=1)


@pytest.fixture
def honey(db):
    return CraftFactory(name="Miel", slug="miel")


def png_upload(name: str = "photo.png", size=(40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 80, 40)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf_upload(name: str = "kbis.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )
