"""Private files on S3-compatible object storage (loaded only when STORAGES names it)."""

from __future__ import annotations

from storages.backends.s3 import S3Storage

from common.storage import NoPublicURL


class PrivateS3Storage(S3Storage):
    """A bucket without public access: no address is ever given out, views read and stream files."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise NoPublicURL("Un fichier privé n'a pas d'adresse publique : servez-le par une vue.")
