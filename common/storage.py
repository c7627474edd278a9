"""Private files: outside public media, without a URL, served only by views that check who asks.

Application documents, self-assessment evidence, uploaded import files and training documents
live in the ``private`` storage. On disk it is ``PRIVATE_MEDIA_ROOT`` (never under ``/media/``);
in production it may be an S3 bucket (``STORAGES["private"]``, see README).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class NoPublicURL(AttributeError):
    """A private file has no address: templates and admin widgets then show no link at all."""


class PrivateFileSystemStorage(FileSystemStorage):
    """Outside MEDIA_ROOT and without a URL.

    The location is read from the settings at each use (not frozen at import), like MEDIA_ROOT.
    """

    base_url = None

    def __init__(self, **kwargs):
        kwargs.pop("location", None)
        kwargs.pop("base_url", None)
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NoPublicURL("Un fichier privé n'a pas d'adresse publique : servez-le par une vue.")


def s3_storages(*, endpoint_url, access_key, secret_key, media_bucket, private_bucket, region="fr-par"):
    """``STORAGES`` entries for S3-compatible object storage (Scaleway, OVH, MinIO, AWS…).

    Public media are readable by anyone (plain URLs); private files are in their own bucket with
    no public access and are only read by the views that check permissions.
    """
    common = {
        "endpoint_url": endpoint_url or None,
        "access_key": access_key,
        "secret_key": secret_key,
        "region_name": region,
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": media_bucket, "querystring_auth": False},
        },
        "private": {
            "BACKEND": "common.storage_s3.PrivateS3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": private_bucket,
                "querystring_auth": True,
                "default_acl": "private",
            },
        },
    }


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up again whenever the STORAGES setting changes (like
    ``default_storage``), so file fields follow the settings of each environment and test."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """The private storage (a callable for ``FileField(storage=...)``)."""
    return _private


def move_files_to_private(app_label: str, model_name: str, field: str):
    """A RunPython function moving the files of ``field`` from public media to private storage."""

    def forward(apps, schema_editor):
        public, private = storages["default"], storages["private"]
        model = apps.get_model(app_label, model_name)
        for name in model.objects.exclude(**{field: ""}).values_list(field, flat=True).iterator():
            if not name or not public.exists(name):
                continue
            if not private.exists(name):
                with public.open(name, "rb") as source:
                    saved = private.save(name, source)
                if saved != name:  # never expected: the name was free
                    model.objects.filter(**{field: name}).update(**{field: saved})
            public.delete(name)

    return forward
