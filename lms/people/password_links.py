"""Links to set a password: the invitation of someone L&D created or imported, and "Forgot your
password?". A link is signed (HMAC with the secret key) over the person, its expiry and their current
password hash, so it works once: setting the password changes the hash, and every earlier link of that
person stops working. Nothing secret is stored."""
import hashlib
import hmac
from datetime import timedelta

from lms import clock
from lms.db import is_valid_id, write_transaction
from lms.people import audit, sessions
from lms.people.passwords import hash_password
from lms.people.tables import Employee

INVITATION_VALID = timedelta(days=7)
RESET_VALID = timedelta(hours=1)


class LinkNotValid(Exception):
    """Changed, expired, already used, or for someone who can no longer sign in."""


def _signature(secret: str, employee_id: int, expires: int, password_hash: str) -> str:
    message = f"password:{employee_id}:{expires}:{password_hash}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:40]


async def _holder(employee_id: int) -> dict | None:
    if not is_valid_id(employee_id):
        return None
    return await Employee.select(Employee.id, Employee.first_name, Employee.last_name, Employee.email,
                                 Employee.password_hash, Employee.role).where(
        Employee.id == employee_id, Employee.active.eq(True)).first()


async def link_path(secret: str, employee_id: int, valid: timedelta) -> str:
    person = await _holder(employee_id)
    if person is None:
        raise LinkNotValid
    expires = int((clock.now() + valid).timestamp())
    return f"/password/{employee_id}/{expires}/{_signature(secret, employee_id, expires, person['password_hash'])}"


async def check(secret: str, employee_id: int, expires: int, signature: str) -> dict:
    """The person the link is for, or LinkNotValid."""
    person = await _holder(employee_id)
    if person is None or expires < clock.now().timestamp():
        raise LinkNotValid
    expected = _signature(secret, employee_id, expires, person["password_hash"])
    if not signature.isascii() or not hmac.compare_digest(expected, signature[:64]):  # else a TypeError
        raise LinkNotValid
    return person


async def set_password(secret: str, employee_id: int, expires: int, signature: str, password: str) -> None:
    """Sets the password and ends any session; of two uses of one link at once, one wins."""
    person = await check(secret, employee_id, expires, signature)
    new_hash = await hash_password(password)
    async with write_transaction():
        done = await Employee.update({Employee.password_hash: new_hash}).where(
            Employee.id == employee_id, Employee.password_hash == person["password_hash"]).returning(Employee.id)
        if not done:
            raise LinkNotValid
        await audit.record(employee_id, employee_id, "person", employee_id, "password")
        await sessions.end_all_sessions(employee_id)


async def active_id_of(email: str, admins_only: bool = False) -> int | None:
    """Who "Forgot your password?" is for; None for an unknown or deactivated address (said to nobody),
    and, where passwords are for L&D admins only, for anyone else."""
    row = await Employee.select(Employee.id, Employee.role).where(Employee.email == email.strip().lower()[:254],
                                                                  Employee.active.eq(True)).first()
    return row["id"] if row and (row["role"] == "admin" or not admins_only) else None
