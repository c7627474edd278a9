"""Ed25519 signatures of closings and archives; the private key is a file outside the database
(settings.SHOP_SIGNING_KEY_PATH), the public key is printed in the archives and the README."""

from __future__ import annotations

import base64
from pathlib import Path

from django.conf import settings

from ..exceptions import SigningKeyMissing


def key_path() -> Path:
    return Path(settings.SHOP_SIGNING_KEY_PATH)


def key_generate(path: Path | None = None, *, overwrite: bool = False) -> Path:
    """Write a new private key (PEM, PKCS#8, mode 600) and its public key beside it (.pub)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = Path(path or key_path())
    if path.exists() and not overwrite:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    path.chmod(0o600)
    path.with_suffix(".pub").write_bytes(public_key_pem(path))
    return path


def _private_key(path: Path | None = None):
    from cryptography.hazmat.primitives import serialization

    path = Path(path or key_path())
    if not path.exists():
        raise SigningKeyMissing(path=str(path))
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def public_key_pem(path: Path | None = None) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return (
        _private_key(path)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def sign(data: bytes) -> str:
    """Base64 Ed25519 signature of ``data``; raises SigningKeyMissing without a key."""
    return base64.b64encode(_private_key().sign(data)).decode("ascii")


def sign_if_possible(data: bytes) -> str:
    """Closings are signed when the key is installed; the chain protects them either way."""
    try:
        return sign(data)
    except SigningKeyMissing:
        return ""


def verify(data: bytes, signature: str, public_pem: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key = serialization.load_pem_public_key(public_pem)
    if not isinstance(key, Ed25519PublicKey):
        return False
    try:
        key.verify(base64.b64decode(signature), data)
    except (InvalidSignature, ValueError):
        return False
    return True
