"""argon2 hashing, in a worker thread: a hash takes tens of milliseconds of CPU; and what makes a
new password too easy to guess."""
import asyncio
import re
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from zxcvbn import zxcvbn

from lms.i18n import gettext as _

MIN_SCORE = 3  # zxcvbn's "safely unguessable": about 10^8 guesses or more

_hasher = PasswordHasher()
# verified when an e-mail is unknown, so a wrong e-mail takes as long as a wrong password
_DUMMY_HASH = _hasher.hash("not a password of anyone")


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str, password: str) -> bool:
    def verify() -> bool:
        try:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
        except (VerifyMismatchError, InvalidHashError):
            return False

    return await asyncio.to_thread(verify)


def _own_words(email: str, names: Iterable[str]) -> list[str]:
    """The parts of a person's e-mail and name a password must not contain (three letters or more)."""
    words = re.split(r"[^\w]+", email.partition("@")[0].lower()) + [n.lower() for n in names]
    return [word for word in words if len(word) >= 3]


def weakness(password: str, email: str, names: Iterable[str]) -> str:
    """Why a new password may not be used, or "" when it may."""
    lowered = password.lower()
    own = _own_words(email, names)
    if any(word in lowered for word in own):
        return _("The password may not contain your name or e-mail address.")
    if zxcvbn(password[:100], user_inputs=own)["score"] < MIN_SCORE:
        return _("This password is easy to guess (a common word, name, date or pattern). "
                 "Try a few unrelated words together.")
    return ""
