"""Encrypted files in Django's default storage.

A model that keeps an encrypted file has ``storage_name`` and
``file_key_version`` fields and an ``ENCRYPTED_FILE_COLUMN`` name used in the
associated data, so the file's ciphertext is bound to its row like an
encrypted column (core.crypto).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction

from core import crypto


def _aad(instance: models.Model) -> bytes:
    return crypto.associated_data(instance._meta.db_table, instance.ENCRYPTED_FILE_COLUMN, instance.public_id)


def file_store(instance: models.Model, content: bytes, *, folder: str) -> None:
    """Encrypt ``content`` for ``instance`` and write it under ``folder``; sets
    ``storage_name`` and ``file_key_version`` (the caller saves the row)."""
    version = crypto.current_version()
    blob = crypto.encrypt_bytes(content, _aad(instance), version=version)
    instance.storage_name = default_storage.save(f"{folder}/{instance.public_id}", ContentFile(blob))
    instance.file_key_version = version


def file_read(instance: models.Model) -> bytes:
    with default_storage.open(instance.storage_name, "rb") as handle:
        return crypto.decrypt_bytes(handle.read(), _aad(instance))


def file_reencrypt(instance: models.Model) -> None:
    """Rewrap the stored file under the current key: the new file is written
    first and the row points at it in the caller's transaction; the old file
    is deleted only after commit, so a crash never leaves a row without a file."""
    content = file_read(instance)
    old_name = instance.storage_name
    folder = old_name.rsplit("/", 1)[0]
    file_store(instance, content, folder=folder)
    type(instance).objects.filter(pk=instance.pk).update(
        storage_name=instance.storage_name, file_key_version=instance.file_key_version
    )
    transaction.on_commit(lambda: default_storage.delete(old_name))
