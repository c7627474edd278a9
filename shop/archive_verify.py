"""Offline verification of a signed till archive — standalone: Python 3.11+ and `cryptography`,
no Django, no database. Run it on any machine:

    python shop/archive_verify.py archive-2026-11.zip --public-key till-ed25519.pub

It checks (1) the Ed25519 signature of manifest.json with the office's PUBLIC key, (2) the
SHA-256 of every file against the manifest, (3) the hash chain of every journal entry from the
manifest's previous hash to its last hash, (4) the closing totals against the tickets inside.
Exit code 0 when everything holds; otherwise the first problem is printed and the code is 1.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import json
import sys
import zipfile
from decimal import Decimal


def canonical_bytes(*, sequence: int, kind: str, created_at: str, payload: dict) -> bytes:
    moment = datetime.datetime.fromisoformat(created_at).astimezone(datetime.UTC)
    document = {
        "sequence": sequence,
        "kind": kind,
        "created_at": moment.isoformat(timespec="microseconds"),
        "payload": payload,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(previous_hash: str, record: dict) -> str:
    digest = hashlib.sha256(previous_hash.encode("ascii"))
    digest.update(
        canonical_bytes(
            sequence=record["sequence"],
            kind=record["kind"],
            created_at=record["created_at"],
            payload=record["payload"],
        )
    )
    return digest.hexdigest()


def verify_archive(path: str, public_key_pem: bytes | None = None) -> tuple[bool, str]:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization

    with zipfile.ZipFile(path) as archive:
        manifest_bytes = archive.read("manifest.json")
        signature = base64.b64decode(archive.read("manifest.sig"))
        manifest = json.loads(manifest_bytes)
        key_pem = public_key_pem or manifest["public_key"].encode()
        key = serialization.load_pem_public_key(key_pem)
        try:
            key.verify(signature, manifest_bytes)
        except InvalidSignature:
            return False, "signature invalide : le manifeste a été modifié ou n'a pas été signé par cette clé"
        for name, expected in manifest["files"].items():
            if hashlib.sha256(archive.read(name)).hexdigest() != expected:
                return False, f"fichier {name} modifié (empreinte SHA-256 différente du manifeste)"
        previous = manifest["previous_hash"]
        sequence = manifest["first_sequence"]
        total = Decimal("0")
        tickets = 0
        for line in archive.read("journal.jsonl").decode("utf-8").splitlines():
            record = json.loads(line)
            if record["sequence"] != sequence:
                return False, f"écriture n° {sequence} manquante ou déplacée"
            if record["previous_hash"] != previous:
                return False, f"écriture n° {sequence} : chaînage rompu"
            if entry_hash(previous, record) != record["hash"]:
                return False, f"écriture n° {sequence} : contenu modifié"
            if record["kind"] in ("sale", "reversal", "return"):
                day = record["payload"]["sold_on"]
                if manifest["start"] <= day <= manifest["end"]:
                    total += Decimal(record["payload"]["total"])
                    tickets += 1 if record["payload"]["kind"] == "sale" else 0
            previous = record["hash"]
            sequence += 1
        if previous != manifest["last_hash"] or sequence - 1 != manifest["last_sequence"]:
            return False, "la chaîne ne se termine pas sur la dernière empreinte du manifeste"
        closing = manifest["closing"]
        if (Decimal(closing["total"]), int(closing["tickets"])) != (total, tickets):
            return False, "les totaux de la clôture ne correspondent pas aux tickets de l'archive"
    return True, (
        f"archive intègre : {manifest['entries']} écriture(s) n° {manifest['first_sequence']} à "
        f"{manifest['last_sequence']}, période du {manifest['start']} au {manifest['end']}, "
        f"total {closing['total']} €, grand total perpétuel {closing['grand_total']} €"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie une archive signée de la caisse Maillage.")
    parser.add_argument("archive")
    parser.add_argument("--public-key", help="clé publique PEM de l'office (sinon : celle du manifeste)")
    args = parser.parse_args(argv)
    key = open(args.public_key, "rb").read() if args.public_key else None  # noqa: SIM115
    ok, message = verify_archive(args.archive, key)
    print(("OK — " if ok else "ÉCHEC — ") + message)
    if not args.public_key:
        print("(clé publique lue dans l'archive : fournissez --public-key pour une vérification opposable)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
