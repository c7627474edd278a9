"""Issue 12 point 6: media and private files on S3-compatible object storage, against a real
S3 stand-in (moto in server mode, a process on a loopback port)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from common.storage import NoPublicURL, private_storage, s3_storages
from network.models import ApplicationDocument
from tests.factories.network import ApplicationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\nstatuts d'Elise & <fils>\n%%EOF\n"
KEYS = {"access_key": "testing", "secret_key": "testing"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("moto server did not start")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def s3(s3_endpoint, settings):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    for bucket in ("maillage-media", "maillage-private"):
        client.create_bucket(Bucket=bucket)
    stores = s3_storages(
        endpoint_url=s3_endpoint,
        media_bucket="maillage-media",
        private_bucket="maillage-private",
        region="us-east-1",
        **KEYS,
    )
    with override_settings(STORAGES={**settings.STORAGES, **stores}):
        yield client
    for bucket in ("maillage-media", "maillage-private"):
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
        client.delete_bucket(Bucket=bucket)


def _keys(client, bucket):
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_a_private_document_goes_to_the_private_bucket_and_is_served_to_staff_only(
    s3, visitor, member_client, staff_client
):
    document = ApplicationDocument.objects.create(
        application=ApplicationFactory(),
        kind=ApplicationDocument.Kind.OTHER,
        original_name="statuts.pdf",
        file=SimpleUploadedFile("statuts.pdf", PDF),
    )
    assert _keys(s3, "maillage-private") == [document.file.name]
    assert _keys(s3, "maillage-media") == []
    with pytest.raises(NoPublicURL):
        document.file.url  # noqa: B018
    url = reverse(
        "network_staff:application_document",
        kwargs={"reference": document.application.reference, "pk": document.pk},
    )
    assert visitor.get(url).status_code in (302, 403)
    assert member_client.get(url).status_code in (302, 403)
    response = staff_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_public_media_go_to_the_media_bucket_with_a_plain_address(s3):
    name = default_storage.save("workshops/bol.jpg", ContentFile(b"jpeg bytes"))
    assert _keys(s3, "maillage-media") == [name]
    assert "maillage-media" in default_storage.url(name) and "Signature" not in default_storage.url(name)
    assert private_storage().exists(name) is False


def test_bad_bucket_settings_are_refused():
    code = "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.local'; django.setup()"
    import os

    env = {**os.environ, "S3_MEDIA_BUCKET": "same", "S3_PRIVATE_BUCKET": "same"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "S3_PRIVATE_BUCKET" in result.stderr
