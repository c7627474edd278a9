"""Importers of tourism offers: detect the format of a file, folder, zip or URL and import it.

``run_import`` is the single entry point used by the management command, the admin upload
task, the scheduled task and the Apidae export notification task.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from ..exceptions import ImportFailed
from ..models import ImportRun, Source
from . import apidae, datatourisme
from .core import Importer

logger = logging.getLogger(__name__)

HEAD_BYTES = 64 * 1024


def check_archive(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse an archive over the caps before anything in it is read (zip bombs, endless
    entries): number of entries, total uncompressed size, compression ratio of large entries.
    Sizes are the archive's declared ones; zipfile stops reading an entry at its declared size."""
    infos = archive.infolist()
    max_entries = settings.OFFERS_ARCHIVE_MAX_ENTRIES
    if len(infos) > max_entries:
        raise ImportFailed(
            f"Archive {name} refusée : {len(infos)} fichiers, au plus {max_entries} sont acceptés."
        )
    total = sum(info.file_size for info in infos)
    max_total = settings.OFFERS_ARCHIVE_MAX_UNCOMPRESSED_BYTES
    if total > max_total:
        raise ImportFailed(
            f"Archive {name} refusée : {total // (1024 * 1024)} Mo une fois décompressée, "
            f"au plus {max_total // (1024 * 1024)} Mo sont acceptés."
        )
    max_ratio = settings.OFFERS_ARCHIVE_MAX_RATIO
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            raise ImportFailed(
                f"Archive {name} refusée : {info.filename} est compressé plus de {max_ratio} fois "
                "(archive piégée ?)."
            )


def detect(path: Path) -> tuple[str, str]:
    """(source, layout) of a file or folder; layout is one of api, export_array, bundle,
    jsonld, flow. Raises ImportFailed when the format is not recognised."""
    if path.is_dir():
        if (path / "objets_modifies").exists() or (path / "objets_supprimes.json").exists():
            return Source.APIDAE, "bundle"
        if (path / "index.json").exists() or (path / "objects").is_dir():
            return Source.DATATOURISME, "flow"
        raise ImportFailed(f"Dossier non reconnu : {path.name}")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, path.name)
            names = archive.namelist()
        if any(
            "objets_modifies" in n or n.endswith(("objets_supprimes.json", "communes.json")) for n in names
        ):
            return Source.APIDAE, "bundle"
        if any(n.endswith("index.json") or "objects/" in n for n in names):
            return Source.DATATOURISME, "flow"
        raise ImportFailed(f"Archive non reconnue : {path.name}")
    with open(path, "rb") as stream:
        head = stream.read(HEAD_BYTES)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        if b'"@id"' in head or b'"@type"' in head or b'"@graph"' in head or b'"@context"' in head:
            return Source.DATATOURISME, "jsonld"
        if apidae.looks_like_api_response(head):
            return Source.APIDAE, "api"
    if text.startswith(b"["):
        if b'"@id"' in head:
            return Source.DATATOURISME, "jsonld"
        return Source.APIDAE, "export_array"
    raise ImportFailed(f"Format de fichier non reconnu : {path.name}")


def _layout_for(path: Path, source: str) -> str:
    detected_source, layout = detect(path)
    if source and detected_source != source:
        raise ImportFailed(f"Le fichier {path.name} ne ressemble pas à un export {source}.")
    return layout


def download(url: str, *, timeout: float | None = None, max_bytes: int | None = None) -> Path:
    """Fetch ``url`` into a temporary file (streamed, size-limited). Raises ImportFailed."""
    timeout = timeout or getattr(settings, "OFFERS_HTTP_TIMEOUT", 30)
    max_bytes = max_bytes or getattr(settings, "OFFERS_IMPORT_MAX_BYTES", 200 * 1024 * 1024)
    if urllib.parse.urlparse(url).scheme not in ("http", "https"):
        raise ImportFailed(f"Adresse non prise en charge : {url}")
    suffix = ".zip" if url.lower().split("?")[0].endswith(".zip") else ".data"
    target = Path(tempfile.mkstemp(prefix="offers-import-", suffix=suffix)[1])
    total = 0
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "Maillage offers importer"})
        with urllib.request.urlopen(request, timeout=timeout) as response, open(target, "wb") as out:  # noqa: S310
            while chunk := response.read(1024 * 1024):
                total += len(chunk)
                if total > max_bytes:
                    raise ImportFailed(f"Le téléchargement dépasse {max_bytes // (1024 * 1024)} Mo : {url}")
                out.write(chunk)
    except ImportFailed:
        target.unlink(missing_ok=True)
        raise
    except (OSError, ValueError) as exc:
        target.unlink(missing_ok=True)
        raise ImportFailed(f"Téléchargement impossible ({exc}) : {url}") from None
    return target


def _api_page_url(url: str, first: int, count: int) -> str:
    """Same Apidae search with another page (``first``/``count`` inside the JSON ``query`` parameter)."""
    import json

    parts = urllib.parse.urlsplit(url)
    params = urllib.parse.parse_qs(parts.query)
    query = json.loads(params.get("query", ["{}"])[0])
    query.update(first=first, count=count)
    params["query"] = [json.dumps(query, separators=(",", ":"))]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(params, doseq=True)))


def import_path(importer: Importer, path: Path, layout: str) -> int | None:
    origin = path.name
    if layout == "bundle":
        apidae.import_export_bundle(importer, path)
    elif layout == "flow":
        datatourisme.import_flow(importer, path)
    elif layout == "api":
        with open(path, "rb") as stream:
            return apidae.import_api_response(importer, stream, origin)
    elif layout == "export_array":
        with open(path, "rb") as stream:
            apidae.import_export_array(importer, stream, origin)
    elif layout == "jsonld":
        with open(path, "rb") as stream:
            datatourisme.import_object(importer, stream, origin)
    importer.flush()
    importer.link_providers()
    return None


def _import_url(run: ImportRun, url: str, source: str, force: bool = False) -> None:
    page_size = getattr(settings, "OFFERS_APIDAE_PAGE_SIZE", 100)
    is_api = "/api/v002/" in url and "query=" in url
    first = 0
    importer = None
    while True:
        page_url = _api_page_url(url, first, page_size) if is_api else url
        path = download(page_url)
        try:
            layout = _layout_for(path, source)
            detected = detect(path)[0]
            if importer is None:
                importer = Importer(run, detected, force=force)
            found = import_path(importer, path, layout)
        finally:
            path.unlink(missing_ok=True)
        if not (is_api and layout == "api" and found):
            return
        first += page_size
        if first >= found:
            return


def run_import(
    *, target: str, source: str = "", run: ImportRun | None = None, actor=None, force: bool = False
) -> ImportRun:
    """Import a file, folder, zip or URL into offers; returns the finished ImportRun.

    Never raises for bad data: unreadable inputs mark the run failed with a message, bad
    records become ImportError rows and the good ones are imported. ``force`` re-writes
    records that look unchanged (same modification date or content).
    """
    if run is None:
        run = ImportRun.objects.create(source=source, origin=target[:1000], created_by=actor)
    with _one_import_at_a_time():
        return _run(run, target=target, source=source, force=force)


IMPORT_LOCK = "offers.import"


@contextlib.contextmanager
def _one_import_at_a_time():
    """One import at a time, whatever started it (a schedule, staff, a notification): two runs of
    one source at once both took its offers for new ones and wrote their periods and pictures
    twice. A PostgreSQL session lock, released at the end, or by the server if the worker dies;
    the second run waits for the first (then finds its offers known)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [IMPORT_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [IMPORT_LOCK])


def _run(run: ImportRun, *, target: str, source: str, force: bool) -> ImportRun:
    run.status = ImportRun.Status.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        if target.startswith(("http://", "https://")):
            _import_url(run, target, source, force)
        else:
            path = Path(target)
            if not path.exists():
                raise ImportFailed(f"Fichier introuvable : {target}")
            layout = _layout_for(path, source)
            importer = Importer(run, detect(path)[0], force=force)
            import_path(importer, path, layout)
        run.refresh_from_db()
        run.status = ImportRun.Status.FINISHED
    except ImportFailed as exc:
        run.refresh_from_db()
        run.status = ImportRun.Status.FAILED
        run.message = str(exc.message)
    except Exception as exc:  # noqa: BLE001 - a worker must never crash on an import; logged
        logger.exception("offers import %s failed", run.pk)
        run.refresh_from_db()
        run.status = ImportRun.Status.FAILED
        run.message = f"Erreur inattendue : {type(exc).__name__}: {exc}"
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    return run
