"""What an import says about a sheet (problems with a stable code and their values, so the
pages can say them in their own language) and turning a CSV's bytes into text: UTF-8 (with
or without BOM) or Latin-1, lines that break an otherwise UTF-8 file named, files that are
not text at all rejected."""

from dataclasses import dataclass, field

# code -> the English text of the API and the CLI; the web says the same in its language
# (app/web/govern/import_messages.py). Codes without a text here carry their own `detail`.
MESSAGES = {
    "missing_column": "missing required column",
    "unknown_column": "unknown column (see the documented columns)",
    "duplicate_column": "column given twice",
    "required": "required",
    "not_whole_number": "not a whole number",
    "not_date": "not a date (use AAAA-MM-DD or DD/MM/AAAA)",
    "not_yes_no": "use sim or não",
    "six_digit_code": "6-digit code: use the 7-digit IBGE code (with the check digit)",
    "not_ibge_code": "not a 7-digit IBGE code",
    "total_and_occupied": "give both total and occupied (0 when none)",
    "extra_values": "%(values)s values for %(columns)s columns (a stray delimiter?)",
    "same_key": "same municipality and date as row %(row)s",
    "not_utf8_line": (
        "this line is not UTF-8 while the rest of the file is: save the whole file again as "
        "CSV UTF-8"
    ),
    "unknown_ibge_code": "unknown IBGE code %(code)s",
    "outside_scope": "%(code)s (%(uf)s) is outside your scope",
    "other_organisation": (
        "%(code)s already has a report dated %(as_of)s from another organisation "
        "(%(organisation)s): only that organisation may replace it"
    ),
    # Whole files
    "empty_file": "the file is empty",
    "binary_file": "the file is UTF-16 or binary: send an XLSX sheet, or a CSV in UTF-8",
    "bad_byte": "line %(line)s: byte %(byte)s is neither UTF-8 nor Latin-1 text",
    "csv_error": "line %(line)s: %(detail)s",
    "bad_xlsx": "the XLSX file cannot be read (%(detail)s): save it again, or export it as CSV",
}


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    code: str
    params: dict[str, str | int] = field(default_factory=dict, compare=False)
    # The English text when the code has no template (the report rules' own messages).
    detail: str = ""
    status: int = 422  # 409: the row would replace what another organisation reported

    @property
    def problem(self) -> str:
        return self.detail or MESSAGES[self.code] % self.params


class FileRejected(Exception):
    """The file cannot be read at all (binary, UTF-16, undecodable, no header)."""

    def __init__(self, code: str, **params: str | int) -> None:
        self.code, self.params = code, params
        super().__init__(MESSAGES[code] % params)


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode(raw: bytes) -> tuple[str, str, list[RowProblem]]:
    """(text, encoding, problems): problems name lines that break an otherwise UTF-8 file."""
    if not raw.strip():
        raise FileRejected("empty_file")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw:  # no text cell holds U+0000
        raise FileRejected("binary_file")
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
            raise FileRejected("bad_byte", line=line_no, byte=f"0x{raw[exc.start]:02x}") from exc
    # Mostly UTF-8 with a few pasted Latin-1 lines: name each line, keep reading the rest.
    problems, decoded = [], []
    for number, line in enumerate(lines, start=1):
        try:
            decoded.append(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError:
            decoded.append(line.decode("cp1252", errors="replace"))
            problems.append(RowProblem(number, "", "not_utf8_line"))
    return "\n".join(decoded), "utf-8 (mixed)", problems


def _is_utf8_non_ascii(line: bytes) -> bool:
    if line.isascii():
        return False
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
