"""Responsive photos: smaller renditions of an uploaded image, and the ``<img>`` that offers them.

A phone on 4G should not download a 2,560 px photo to fill a 390 px card. Each public image
gets JPEG renditions 320, 640 and 960 px wide (never wider than the original), stored in the
same storage as the original under ``renditions/`` so that they work on disk and on S3 alike.
They are made once: on upload (the services enqueue ``renditions_create`` after commit) or,
for files that predate this, the first time a page shows them. What was made (the original's
size and the widths available) is kept in the cache, so a page does not open the files again.
"""

from __future__ import annotations

import io
import logging
import posixpath
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

from common import tasks

logger = logging.getLogger(__name__)

RENDITION_WIDTHS: tuple[int, ...] = (320, 640, 960)
RENDITION_QUALITY = 80
RENDITIONS_DIR = "renditions"
_CACHE_PREFIX = "img-renditions:v1:"
_CACHE_SECONDS = 60 * 60 * 24 * 30
_UNREADABLE = {"unreadable": True}
_UNREADABLE_SECONDS = 60 * 10


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int


@dataclass(frozen=True)
class ResponsiveImage:
    """What an ``<img>`` needs: a fallback ``src``, the ``srcset`` candidates and the intrinsic size."""

    src: str
    width: int
    height: int
    candidates: tuple[Rendition, ...] = field(default_factory=tuple)

    @property
    def srcset(self) -> str:
        return ", ".join(f"{c.url} {c.width}w" for c in self.candidates)


def rendition_name(name: str, width: int) -> str:
    """``workshops/bol.jpg`` → ``renditions/workshops/bol-640w.jpg``."""
    stem, _ext = posixpath.splitext(name)
    return f"{RENDITIONS_DIR}/{stem}-{width}w.jpg"


def _cache_key(storage: Storage, name: str) -> str:
    return f"{_CACHE_PREFIX}{type(storage).__name__}:{name}"


def renditions_create(*, name: str, storage: Storage | None = None) -> dict | None:
    """Make the missing renditions of the image ``name`` and remember its size.

    Returns ``{"width", "height", "widths"}`` (the rendition widths made), or ``None`` when the
    file is missing or not an image (the page then shows the original as it is).
    """
    storage = storage or default_storage
    try:
        with storage.open(name, "rb") as handle:
            image = Image.open(handle)
            image = ImageOps.exif_transpose(image)
            image.load()
    except (FileNotFoundError, OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        logger.warning("renditions: cannot read image %s", name)
        # Remembered for a while, so that a page listing a lost file does not try at each view.
        cache.set(_cache_key(storage, name), _UNREADABLE, _UNREADABLE_SECONDS)
        return None
    width, height = image.size
    widths = []
    for target in RENDITION_WIDTHS:
        if target >= width:
            break
        target_name = rendition_name(name, target)
        if not storage.exists(target_name):
            small = image.copy()
            small.thumbnail((target, round(height * target / width) or 1), Image.Resampling.LANCZOS)
            if small.mode not in ("RGB", "L"):
                # Transparent PNGs get a white ground: JPEG has no alpha.
                ground = Image.new("RGB", small.size, (255, 255, 255))
                ground.paste(small, mask=small.convert("RGBA").getchannel("A"))
                small = ground
            out = io.BytesIO()
            small.save(out, format="JPEG", quality=RENDITION_QUALITY, optimize=True, progressive=True)
            storage.save(target_name, ContentFile(out.getvalue()))
        widths.append(target)
    info = {"width": width, "height": height, "widths": widths}
    cache.set(_cache_key(storage, name), info, _CACHE_SECONDS)
    return info


def renditions_schedule(file) -> None:
    """After commit, make the renditions of a photo just stored (a model's ImageField value).

    Only for the default (public) storage: private files are never shown on public pages.
    """
    if file and getattr(file, "name", None) and file.storage is default_storage:
        tasks.enqueue(tasks.image_renditions_create, file.name)


def responsive_image(file) -> ResponsiveImage | None:
    """The responsive description of a model's ``ImageField`` value (``None`` if it has no file).

    The renditions are made here the first time, when the upload did not make them already.
    """
    if not file or not getattr(file, "name", None):
        return None
    storage = file.storage
    name = file.name
    info = cache.get(_cache_key(storage, name))
    if info is None:
        info = renditions_create(name=name, storage=storage)
    if info is None or info.get("unreadable"):
        return None
    candidates = [Rendition(storage.url(rendition_name(name, w)), w) for w in info["widths"]]
    original_url = storage.url(name)
    candidates.append(Rendition(original_url, info["width"]))
    # The fallback for browsers without srcset: a middle size rather than the full original.
    src = candidates[min(1, len(candidates) - 1)].url
    return ResponsiveImage(src=src, width=info["width"], height=info["height"], candidates=tuple(candidates))
