"""The VAPID key pair (RFC 8292) that signs every push: browsers subscribe with its public half (the
application server key) and push services take messages for them only when signed with its private half.
Plain functions over keys, without the database: lms/settings.py checks LMS_VAPID_PRIVATE_KEY with them."""
import base64

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_private_key
from py_vapid import Vapid


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def from_b64url(text: str) -> bytes:
    """Raises ValueError on anything but base64url (padded or not)."""
    text = text.strip().rstrip("=")
    if not text or any(not (c.isascii() and (c.isalnum() or c in "-_")) for c in text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_private_key() -> str:
    """A fresh key's private number as base64url."""
    return b64url(ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value.to_bytes(32, "big"))


def key_from_text(text: str) -> ec.EllipticCurvePrivateKey:
    """A P-256 private key from its 32-byte number in base64url, or from a PEM; ValueError otherwise."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = load_pem_private_key(text.encode(), password=None)
        except (ValueError, TypeError):
            raise ValueError("not a PEM private key") from None
        if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
            raise ValueError("not a P-256 key")
        return key
    number = from_b64url(text)
    if len(number) != 32:
        raise ValueError("not 32 bytes")
    return ec.derive_private_key(int.from_bytes(number, "big"), ec.SECP256R1())


def public_key(private_key: ec.EllipticCurvePrivateKey) -> str:
    """The application server key a page gives pushManager.subscribe(): the uncompressed point, base64url."""
    return b64url(private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))


def signer(private_key: ec.EllipticCurvePrivateKey) -> Vapid:
    """py_vapid's signer for the Authorization: vapid t=…,k=… header pywebpush adds."""
    return Vapid(private_key=private_key)
