"""Turning an uploaded spreadsheet's bytes into text: UTF-8 (with or without BOM) or Latin-1,
lines that break an otherwise UTF-8 file named, files that are not text at all rejected."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    problem: str


class FileRejected(Exception):
    """The file cannot be read at all (binary, UTF-16, undecodable, no header)."""


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode(raw: bytes) -> tuple[str, str, list[RowProblem]]:
    """(text, encoding, problems): problems name lines that break an otherwise UTF-8 file."""
    if not raw.strip():
        raise FileRejected("the file is empty")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw:  # no text cell holds U+0000
        raise FileRejected(
            "the file is UTF-16 or binary (a spreadsheet file?): export it as CSV in UTF-8"
        )
    try:
        return raw.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    lines = raw.split(b"\n")
    utf8_text = any(_is_utf8_non_ascii(line) for line in lines)
    if not utf8_text:
        try:
            return raw.decode("cp1252"), "latin-1", []
        except UnicodeDecodeError as exc:
            line_no = _line_of(raw, exc.start)
            raise FileRejected(
                f"line {line_no}: byte 0x{raw[exc.start]:02x} is neither UTF-8 nor Latin-1 text"
            ) from exc
    # Mostly UTF-8 with a few pasted Latin-1 lines: name each line, keep reading the rest.
    problems, decoded = [], []
    for number, line in enumerate(lines, start=1):
        try:
            decoded.append(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError:
            decoded.append(line.decode("cp1252", errors="replace"))
            problems.append(
                RowProblem(
                    number,
                    "",
                    "this line is not UTF-8 while the rest of the file is: "
                    "save the whole file again as CSV UTF-8",
                )
            )
    return "\n".join(decoded), "utf-8 (mixed)", problems


def _is_utf8_non_ascii(line: bytes) -> bool:
    if line.isascii():
        return False
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
