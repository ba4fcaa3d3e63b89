"""Second-factor secrets are encrypted at rest."""

from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret


def test_a_totp_key_is_stored_encrypted_and_still_checks_codes(recruiter):
    secret = generate_totp_secret()
    totp = TOTP.activate(recruiter, secret)
    stored = Authenticator.objects.get(pk=totp.instance.pk).data["secret"]
    assert secret not in stored and stored.startswith("enc:")
    assert get_adapter().decrypt(stored) == secret


def test_recovery_codes_work_from_their_encrypted_seed(recruiter):
    codes = RecoveryCodes.activate(recruiter)
    stored = Authenticator.objects.get(pk=codes.instance.pk).data
    assert stored["seed"].startswith("enc:")
    first = codes.get_unused_codes()[0]
    assert RecoveryCodes(Authenticator.objects.get(pk=codes.instance.pk)).validate_code(first)


def test_a_secret_stored_before_encryption_is_still_read(recruiter):
    assert get_adapter().decrypt("JBSWY3DPEHPK3PXP") == "JBSWY3DPEHPK3PXP"
