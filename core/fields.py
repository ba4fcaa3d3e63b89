"""A model field that keeps text encrypted at rest.

On the instance the attribute reads and writes plaintext; in the database the
column is ``bytea`` ciphertext (core.crypto). The associated data needs the
row's ``public_id``, which the model sets in Python before insert, so values
are encrypted in ``pre_save`` (where the instance is known) and decrypted on
first read. Filtering on the column with plaintext is refused: exact lookups go
through a blind index column instead.
"""

from __future__ import annotations

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from core import crypto


class Ciphertext(bytes):
    """Bytes read from (or bound for) the database, with the plaintext once known."""

    plaintext: str | None = None


class EncryptedDescriptor(DeferredAttribute):
    """Reads decrypt (once per loaded value); writes keep plaintext until save.
    A deferred field is loaded from the database first, as Django does."""

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = super().__get__(instance, owner)
        if isinstance(value, Ciphertext):
            if value.plaintext is None:
                value.plaintext = crypto.decrypt_text(value, self.field.aad(instance))
            return value.plaintext
        return value

    def __set__(self, instance, value) -> None:
        if isinstance(value, memoryview):
            value = Ciphertext(value.tobytes())
        elif isinstance(value, bytes) and not isinstance(value, Ciphertext):
            value = Ciphertext(value)
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.BinaryField):
    """Text stored as AES-256-GCM ciphertext bound to table, column and public_id.

    ``None`` and ``""`` are stored as NULL. Use ``raw(instance)`` for the stored
    bytes (key rotation, merges) and ``reencrypt(instance, name)`` to rewrap a
    value under the current key.
    """

    descriptor_class = EncryptedDescriptor

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs["editable"] = kwargs.get("editable", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def aad(self, instance) -> bytes:
        public_id = getattr(instance, "public_id", None)
        if public_id is None:
            raise ValueError(f"{instance._meta.label} needs a public_id before its encrypted fields are used")
        return crypto.associated_data(instance._meta.db_table, self.column, public_id)

    def raw(self, instance) -> Ciphertext | None:
        value = instance.__dict__.get(self.attname)
        return value if isinstance(value, Ciphertext) else None

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return Ciphertext(bytes(value))

    def to_python(self, value):
        if value is None or isinstance(value, str | Ciphertext):
            return value
        return Ciphertext(bytes(value))

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname)
        if value is None or value == "":
            return None
        if isinstance(value, Ciphertext):
            return value
        blob = Ciphertext(crypto.encrypt_text(str(value), self.aad(model_instance)))
        blob.plaintext = str(value)
        model_instance.__dict__[self.attname] = blob
        return blob

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, str):
            raise TypeError(
                f"{self.model._meta.label}.{self.name} is encrypted: it cannot be compared with or "
                "bulk-set to plaintext. Look rows up by their blind index; save instances to write."
            )
        return super().get_db_prep_value(value, connection, prepared)

    def value_from_object(self, obj):
        # Forms and serialisers see plaintext.
        return getattr(obj, self.attname)

    def formfield(self, **kwargs):
        from django import forms

        defaults = {"form_class": forms.CharField, "widget": forms.TextInput, "required": not self.blank}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)

    def value_to_string(self, obj):
        return ""  # never serialise plaintext (dumpdata, admin logs)


@EncryptedTextField.register_lookup
class KeyVersion(models.Transform):
    """``field__key_version=N``: rows whose ciphertext is under key version N
    (its first byte), for key rotation."""

    lookup_name = "key_version"
    output_field = models.IntegerField()

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f"get_byte({lhs}, 0)", params


def reencrypt(instance, field_name: str) -> bool:
    """Rewrap one field of one instance under the current key; True if it changed."""
    field = instance._meta.get_field(field_name)
    blob = field.raw(instance)
    if blob is None or crypto.key_version(blob) == crypto.current_version():
        return False
    plaintext = crypto.decrypt_text(blob, field.aad(instance))
    instance.__dict__[field.attname] = plaintext
    field.pre_save(instance, add=False)
    return True


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
