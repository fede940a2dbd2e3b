"""Which new passwords are refused: too short, trivial (few distinct characters, a run like
abcdefghij), common (app/accounts/common_passwords.txt, written by
scripts/common_passwords.py) once case, trailing digits and symbols are set aside, or made of
the person's own e-mail or name. Every place that sets a password asks `problem`."""

import itertools
import re
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 10
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_WORDS = re.compile(r"[^\W\d_]{3,}")


class Weak(StrEnum):
    """Why a password is refused; the value is the problem's English detail."""

    short = f"the password needs at least {MIN_LENGTH} characters"
    trivial = "this password is too easy to guess: repeated or consecutive characters"
    common = "this password is among the most common ones: choose another"
    personal = "the password may not be made of your e-mail or name"


@lru_cache
def common() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _is_run(text: str) -> bool:
    """Every character one step after (or before) the previous one: abcdef, 987654."""
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(text)}
    return len(steps) == 1 and steps <= {1, -1}


def problem(password: str, email: str = "", name: str = "") -> Weak | None:
    """Why this password may not be chosen, or None."""
    if len(password) < MIN_LENGTH:
        return Weak.short
    lowered = password.lower()
    core = _EDGES.sub("", lowered)  # "Flamengo2024!" -> "flamengo"
    if len(set(lowered)) < 4 or _is_run(lowered) or (core and _is_run(core)):
        return Weak.trivial
    if lowered in common() or core in common() or not core:
        return Weak.common
    own = set(_WORDS.findall(email.lower())) | set(_WORDS.findall(name.lower()))
    words = set(_WORDS.findall(core))  # none in a random one like "pg_Su2sm1lR-R-fo"
    if own and (core in own or (words and words <= own)):
        return Weak.personal
    return None
