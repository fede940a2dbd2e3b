"""Password hashing, bearer tokens and API key material."""

import hashlib
import secrets
from datetime import timedelta
from functools import lru_cache

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.config import get_settings
from app.db import utcnow


@lru_cache
def _hasher() -> tuple[PasswordHasher, str]:
    """The hasher and a dummy hash: verifying against it keeps unknown-email sign-ins as slow
    as wrong-password ones. Costs come from settings so tests can make them cheap."""
    settings = get_settings()
    hasher = PasswordHasher(
        time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib
    )
    return hasher, hasher.hash("partilha-dummy-password")


API_KEY_PREFIX = "ptk_"


def hash_password(password: str) -> str:
    return _hasher()[0].hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        hasher, dummy = _hasher()
        return hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def create_token(user_id: int, secret: str, ttl_minutes: int, epoch: int = 0) -> str:
    """A bearer token; `ep` is the user's credential epoch when it was issued."""
    now = utcnow()
    exp = now + timedelta(minutes=ttl_minutes)
    payload = {"sub": str(user_id), "ep": epoch, "iat": now, "exp": exp}
    return jwt.encode(payload, secret, algorithm="HS256")


def decode_token(token: str, secret: str) -> tuple[int, int] | None:
    """(user id, credential epoch) of a valid token; tokens from before epochs carry 0."""
    try:
        payload = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp"]})
        epoch = payload.get("ep", 0)
        if not isinstance(epoch, int):
            return None
        return int(payload["sub"]), epoch
    except (jwt.PyJWTError, KeyError, ValueError, TypeError):
        return None


def new_api_key() -> tuple[str, str, str]:
    """Return (full key, lookup prefix, sha256 hash). Keys are long random: sha256 suffices."""
    prefix = secrets.token_hex(6)
    key = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    return key, prefix, hash_api_key(key)


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_prefix(key: str) -> str | None:
    if not key.startswith(API_KEY_PREFIX):
        return None
    prefix, _, rest = key[len(API_KEY_PREFIX) :].partition("_")
    return prefix if prefix and rest else None


def generate_password() -> str:
    return secrets.token_urlsafe(12)
