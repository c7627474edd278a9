"""Voucher codes: 12 random characters (60 bits) and 2 check characters.

The alphabet leaves out 0/O and 1/I, which people misread on paper. The check characters
(Luhn mod 32, then a position-weighted sum mod 32) catch a mistyped character or two swapped
neighbours before any database lookup; the 60 random bits make guessing hopeless, and guesses
are rate-limited besides.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
N = len(ALPHABET)  # 32
RANDOM_LENGTH = 12
CODE_LENGTH = RANDOM_LENGTH + 2
_INDEX = {c: i for i, c in enumerate(ALPHABET)}


def _luhn(payload: str) -> str:
    total, factor = 0, 2
    for char in reversed(payload):
        addend = factor * _INDEX[char]
        total += addend // N + addend % N
        factor = 1 if factor == 2 else 2
    return ALPHABET[(N - total % N) % N]


def _weighted(payload: str) -> str:
    return ALPHABET[sum((i + 3) * _INDEX[c] for i, c in enumerate(payload)) % N]


def check_characters(payload: str) -> str:
    first = _luhn(payload)
    return first + _weighted(payload + first)


def new_code() -> str:
    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return payload + check_characters(payload)


def normalize(raw: str) -> str:
    """What the visitor typed, upper-cased, without spaces or dashes; 0→O is not guessed."""
    return re.sub(r"[\s\-.]", "", (raw or "").upper())


def is_well_formed(code: str) -> bool:
    if len(code) != CODE_LENGTH or any(c not in _INDEX for c in code):
        return False
    return check_characters(code[:RANDOM_LENGTH]) == code[RANDOM_LENGTH:]


def display(code: str) -> str:
    """« ABCD-EFGH-JKLM-NP » as printed on the voucher."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
