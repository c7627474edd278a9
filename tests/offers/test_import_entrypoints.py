"""Entry points of the imports: command, URL, Apidae export notification, admin upload, schedule."""

import io
import urllib.request
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from offers.models import ExportNotification, ImportRun, ImportSource, Offer
from offers.services import import_sources_due

pytestmark = pytest.mark.django_db


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.fixture
def fake_http(monkeypatch):
    """urlopen answered from a dict url → bytes; every requested URL is recorded."""
    routes: dict[str, bytes] = {}
    calls: list[str] = []

    def urlopen(request, timeout=None):
        url = request.full_url if isinstance(request, urllib.request.Request) else request
        calls.append(url)
        assert timeout, "HTTP calls must have a timeout"
        for prefix, body in routes.items():
            if url.startswith(prefix):
                return FakeResponse(body)
        raise OSError(f"unreachable: {url}")

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return routes, calls


def test_command_imports_a_file_and_prints_the_counts(data_dir):
    out = io.StringIO()
    call_command("import_offers", str(data_dir / "apidae" / "export_hotentic.zip"), stdout=out)
    assert "5 créée(s)" in out.getvalue() and "0 en erreur" in out.getvalue()
    assert Offer.objects.count() == 5


def test_command_fails_loudly_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        call_command("import_offers", str(tmp_path / "absent.zip"), stdout=io.StringIO())


def test_command_accepts_a_forced_source(data_dir):
    out = io.StringIO()
    call_command(
        "import_offers", str(data_dir / "datatourisme" / "flux_2020"), "--source", "datatourisme", stdout=out
    )
    assert "6 créée(s)" in out.getvalue()


def test_url_import_downloads_with_a_timeout(data_dir, fake_http):
    routes, calls = fake_http
    routes["https://example.org/export.zip"] = (data_dir / "apidae" / "export_hotentic.zip").read_bytes()
    out = io.StringIO()
    call_command("import_offers", "https://example.org/export.zip", stdout=out)
    assert calls == ["https://example.org/export.zip"]
    assert Offer.objects.count() == 5


def test_unreachable_url_fails_the_run_without_crashing(fake_http):
    with pytest.raises(CommandError, match="Téléchargement impossible"):
        call_command("import_offers", "https://example.org/down.zip", stdout=io.StringIO())
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


NOTIFY = "https://export.apidae-tourisme.com/exports/1234_20240101.zip"
CONFIRM = "https://export.apidae-tourisme.com/api/confirm/1234"


def test_export_notification_imports_the_zip_then_confirms(
    client, settings, data_dir, fake_http, django_capture_on_commit_callbacks
):
    settings.OFFERS_APIDAE_NOTIFICATION_TOKEN = "s3cret-token"
    routes, calls = fake_http
    routes[NOTIFY] = (data_dir / "apidae" / "export_hotentic.zip").read_bytes()
    routes[CONFIRM] = b"OK"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/offres/apidae/notification/s3cret-token/",
            {
                "projetId": "1234",
                "statut": "SUCCESS",
                "ponctuel": "false",
                "reinitialisation": "false",
                "urlRecuperation": NOTIFY,
                "urlConfirmation": CONFIRM,
            },
        )

    assert response.status_code == 200
    notification = ExportNotification.objects.get()
    assert notification.status == ExportNotification.Status.IMPORTED and notification.confirmed_at
    assert notification.run.created_count == 5
    assert calls == [NOTIFY, CONFIRM]


def test_export_notification_with_a_wrong_token_is_ignored(client, settings):
    settings.OFFERS_APIDAE_NOTIFICATION_TOKEN = "s3cret-token"
    response = client.post("/offres/apidae/notification/guess/", {"urlRecuperation": NOTIFY})
    assert response.status_code == 404
    assert not ExportNotification.objects.exists()


def test_export_notification_hook_is_off_without_a_token(client, settings):
    settings.OFFERS_APIDAE_NOTIFICATION_TOKEN = ""
    response = client.post("/offres/apidae/notification/anything/", {"urlRecuperation": NOTIFY})
    assert response.status_code == 404


def test_export_notification_refuses_other_hosts(client, settings):
    settings.OFFERS_APIDAE_NOTIFICATION_TOKEN = "s3cret-token"
    response = client.post(
        "/offres/apidae/notification/s3cret-token/",
        {"urlRecuperation": "http://169.254.169.254/latest/meta-data"},
    )
    assert response.status_code == 400
    assert not ExportNotification.objects.exists()


def test_failed_confirmation_is_retried_without_importing_twice(
    settings, data_dir, fake_http, django_capture_on_commit_callbacks
):
    from offers.services import export_notification_import

    settings.OFFERS_APIDAE_NOTIFICATION_TOKEN = "s3cret-token"
    routes, calls = fake_http
    routes[NOTIFY] = (data_dir / "apidae" / "export_hotentic.zip").read_bytes()
    notification = ExportNotification.objects.create(url_recuperation=NOTIFY, url_confirmation=CONFIRM)
    with pytest.raises(OSError):
        export_notification_import(notification_id=notification.pk)
    routes[CONFIRM] = b"OK"
    export_notification_import(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == ExportNotification.Status.IMPORTED
    assert calls.count(NOTIFY) == 1
    assert ImportRun.objects.count() == 1


@pytest.fixture
def admin_client_mfa(staff_user, client):
    staff_user.is_superuser = True
    staff_user.save()
    client.force_login(staff_user)
    return client


def test_admin_upload_runs_the_import_in_the_background(
    admin_client_mfa, data_dir, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile(
        "export.zip",
        (data_dir / "apidae" / "export_hotentic.zip").read_bytes(),
        content_type="application/zip",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_mfa.post("/admin/offers/importrun/importer/", {"file": upload, "source": ""})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FINISHED and run.created_count == 5
    assert run.created_by is not None


def test_admin_upload_over_the_size_limit_is_refused(admin_client_mfa, settings, data_dir):
    settings.OFFERS_IMPORT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("export.zip", (data_dir / "apidae" / "export_hotentic.zip").read_bytes())
    response = admin_client_mfa.post("/admin/offers/importrun/importer/", {"file": upload})
    assert response.status_code == 200
    assert "trop lourd" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_admin_upload_page_is_closed_to_members(member_client):
    response = member_client.get("/admin/offers/importrun/importer/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_scheduled_sources_are_imported_once_per_interval(
    data_dir, fake_http, django_capture_on_commit_callbacks
):
    routes, calls = fake_http
    routes["https://example.org/flux.jsonld"] = Path(
        data_dir / "datatourisme/flux_2020/objects/c/c3/15-c3d85ca6-5909-3847-b97d-9927bda0d4e3.json"
    ).read_bytes()
    source = ImportSource.objects.create(
        name="Flux test", source="datatourisme", url="https://example.org/flux.jsonld", every_hours=24
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = import_sources_due()
    with django_capture_on_commit_callbacks(execute=True):
        second = import_sources_due()

    assert len(first) == 1 and second == []
    run = ImportRun.objects.get()
    assert run.scheduled_source == source and run.created_count == 1
    source.refresh_from_db()
    assert source.last_run_at <= timezone.now()


def test_apidae_api_search_is_read_page_by_page(settings, data_dir, fake_http):
    """first/count inside the JSON ``query`` parameter; stops after numFound objects."""
    import json
    import urllib.parse

    settings.OFFERS_APIDAE_PAGE_SIZE = 1
    routes, calls = fake_http
    sample = json.loads((data_dir / "apidae" / "api_list_fete_et_manifestation_geotrek.json").read_text())
    base = "https://api.apidae-tourisme.com/api/v002/recherche/list-objets-touristiques"
    for first in range(3):
        page = json.loads(json.dumps(sample))
        page["numFound"] = 3
        page["objetsTouristiques"][0]["id"] = 323154 + first
        query = json.dumps({"projetId": 3367, "first": first, "count": 1}, separators=(",", ":"))
        routes[f"{base}?{urllib.parse.urlencode({'query': query})}"] = json.dumps(page).encode()

    url = f"{base}?{urllib.parse.urlencode({'query': json.dumps({'projetId': 3367})})}"
    call_command("import_offers", url, stdout=io.StringIO())

    assert len(calls) == 3
    assert sorted(Offer.objects.values_list("external_id", flat=True)) == ["323154", "323155", "323156"]
