"""Encryption of personal data at rest, and blind indexes to find it by exact value.

Ciphertext layout: one byte of key version, a 12-byte random nonce, then the
AES-256-GCM ciphertext with its 16-byte tag. The associated data binds a value
to its table, column and row (``public_id``), so a ciphertext copied into
another row or column fails to decrypt instead of silently reading.

Blind indexes are HMAC-SHA256 under a separate key over a normalised value,
prefixed by what kind of value it is, so equal emails match whatever their case
while the index reveals nothing without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata
from functools import cache

import phonenumbers
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

NONCE_BYTES = 12
HEADER_BYTES = 1 + NONCE_BYTES


class DecryptionError(Exception):
    """A ciphertext could not be read: wrong row, wrong column, or an unknown key."""


def current_version() -> int:
    return max(settings.FIELD_ENCRYPTION_KEYS)


@cache
def _cipher(version: int, key: bytes) -> AESGCM:
    return AESGCM(key)


def _key(version: int) -> AESGCM:
    try:
        key = settings.FIELD_ENCRYPTION_KEYS[version]
    except KeyError:
        raise DecryptionError(f"key version {version} is not in FIELD_ENCRYPTION_KEYS") from None
    return _cipher(version, key)


def associated_data(table: str, column: str, public_id) -> bytes:
    return f"{table}.{column}.{public_id}".encode()


def encrypt_bytes(plaintext: bytes, aad: bytes, *, version: int | None = None) -> bytes:
    version = current_version() if version is None else version
    nonce = os.urandom(NONCE_BYTES)
    return bytes([version]) + nonce + _key(version).encrypt(nonce, plaintext, aad)


def decrypt_bytes(blob: bytes, aad: bytes) -> bytes:
    blob = bytes(blob)
    if len(blob) < HEADER_BYTES + 16:
        raise DecryptionError("ciphertext is too short")
    version, nonce = blob[0], blob[1:HEADER_BYTES]
    try:
        return _key(version).decrypt(nonce, blob[HEADER_BYTES:], aad)
    except InvalidTag:
        raise DecryptionError("ciphertext does not belong to this row and column, or the key is wrong") from None


def key_version(blob: bytes) -> int:
    return bytes(blob[:1])[0]


def encrypt_text(plaintext: str, aad: bytes) -> bytes:
    return encrypt_bytes(plaintext.encode("utf-8"), aad)


def decrypt_text(blob: bytes, aad: bytes) -> str:
    return decrypt_bytes(blob, aad).decode("utf-8")


# --- Normalisation and blind indexes -------------------------------------------


def normalize_email(value: str) -> str:
    """NFKC, trimmed, lower-cased: one spelling per address."""
    return unicodedata.normalize("NFKC", value).strip().lower()


def normalize_phone(value: str, region: str | None = None) -> str | None:
    """E.164 (``+8613812345678``) or None when the text is not a possible number."""
    text = unicodedata.normalize("NFKC", value).strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, region or settings.DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def blind_index(kind: str, normalized: str) -> bytes:
    return hmac.new(settings.BLIND_INDEX_KEY, f"{kind}:{normalized}".encode(), hashlib.sha256).digest()


def email_index(value: str | None) -> bytes | None:
    if not value or not value.strip():
        return None
    return blind_index("email", normalize_email(value))


def phone_index(value: str | None) -> bytes | None:
    normalized = normalize_phone(value) if value else None
    return blind_index("phone", normalized) if normalized else None
