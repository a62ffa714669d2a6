"""Reading the model's input data from a CSV file, as uploaded or given to the command.

Accepts UTF-8 (with or without BOM) and Excel's Windows-1252, comma or semicolon separated.
Refuses the whole file, with every problem and its line number, when anything is wrong:
nothing is ever computed or saved from half a file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from quotas.model import MunicipalityInput

COLUMNS = (
    "municipality_code",
    "region_code",
    "population",
    "immigrants_and_refugees",
    "family_reunified",
)
NUMBER_COLUMNS = COLUMNS[2:]
MAX_INTEGER = 2**31 - 1  # the database column is a PostgreSQL integer


class InputFileError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Danish Windows saves CSV as Windows-1252.
        return raw.decode("cp1252")


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _open(raw: bytes) -> tuple[list[str], Iterator[list[str]]]:
    """The file's header (lower case) and a reader for the rest, whatever the encoding and
    separator; ``InputFileError`` for a file that is empty or not text."""
    try:
        text = _decode(raw)
    except UnicodeDecodeError:
        raise InputFileError([_("The file is not text in UTF-8 or Windows-1252.")]) from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputFileError([_("The file is empty.")])
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0]))
    return [name.strip().lower() for name in next(reader)], reader


def _data_lines(
    reader: Iterator[list[str]], *, width: int, errors: list[str]
) -> Iterator[tuple[int, list[str]]]:
    """The lines after the header, with their numbers (the header is line 1). Blank lines
    are passed over; a line without ``width`` values is an error in ``errors``, not a row."""
    for line_number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) != width:
            errors.append(
                _("Line %(line)d: expected %(expected)d values, found %(found)d.")
                % {"line": line_number, "expected": width, "found": len(values)}
            )
            continue
        yield line_number, values


def parse_input_csv(raw: bytes) -> list[MunicipalityInput]:
    """The rows of the file, or ``InputFileError`` listing every problem by line."""
    header, reader = _open(raw)
    errors = []
    missing = [name for name in COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing:
        errors.append(_("Line 1: missing column(s): %(names)s.") % {"names": ", ".join(missing)})
    if unknown:
        errors.append(_("Line 1: unknown column(s): %(names)s.") % {"names": ", ".join(unknown)})
    if len(set(header)) != len(header):
        errors.append(_("Line 1: a column is named twice."))
    if errors:
        errors.append(_("The first line must be: %(header)s") % {"header": ",".join(COLUMNS)})
        raise InputFileError(errors)

    index = {name: header.index(name) for name in COLUMNS}
    rows: list[MunicipalityInput] = []
    seen: dict[str, int] = {}
    for line_number, values in _data_lines(reader, width=len(header), errors=errors):
        record = {name: values[position].strip() for name, position in index.items()}
        line_errors = []
        if not record["municipality_code"]:
            line_errors.append(
                _("Line %(line)d: the municipality code is empty.") % {"line": line_number}
            )
        if not record["region_code"]:
            line_errors.append(
                _("Line %(line)d: the region code is empty.") % {"line": line_number}
            )
        numbers = {}
        for name in NUMBER_COLUMNS:
            value = record[name]
            try:
                numbers[name] = int(value)
                if abs(numbers[name]) > MAX_INTEGER:
                    raise ValueError(value)
            except ValueError:
                line_errors.append(
                    _("Line %(line)d: %(column)s must be a whole number, not “%(value)s”.")
                    % {"line": line_number, "column": name, "value": value}
                )
                continue
            if numbers[name] < 0:
                line_errors.append(
                    _("Line %(line)d: %(column)s cannot be negative (%(value)s).")
                    % {"line": line_number, "column": name, "value": value}
                )
        code = record["municipality_code"]
        if code and code in seen:
            line_errors.append(
                _("Line %(line)d: municipality %(code)s is also on line %(other)d.")
                % {"line": line_number, "code": code, "other": seen[code]}
            )
        elif code:
            seen[code] = line_number
        if line_errors:
            errors.extend(line_errors)
            continue
        rows.append(
            MunicipalityInput(
                code=code,
                region=record["region_code"],
                population=numbers["population"],
                immigrants_and_refugees=numbers["immigrants_and_refugees"],
                family_reunified=numbers["family_reunified"],
            )
        )
    if not errors and not rows:
        errors.append(_("The file has a header but no municipalities."))
    if errors:
        raise InputFileError(errors)
    return rows


def parse_quota_csv(raw: bytes) -> dict[str, tuple[str, int]]:
    """A table of quotas decided elsewhere: ``municipality_code,region_code,quota`` per line.

    Returns municipality code -> (region code, quota), or ``InputFileError`` by line.
    """
    header, reader = _open(raw)
    expected = ["municipality_code", "region_code", "quota"]
    if sorted(header) != sorted(expected):
        raise InputFileError(
            [_("The first line must be: %(header)s") % {"header": ",".join(expected)}]
        )
    position = {name: header.index(name) for name in expected}
    errors: list[str] = []
    quotas: dict[str, tuple[str, int]] = {}
    for line_number, values in _data_lines(reader, width=len(header), errors=errors):
        code = values[position["municipality_code"]].strip()
        region = values[position["region_code"]].strip()
        raw_quota = values[position["quota"]].strip()
        # ASCII digits only: "²" passes isdigit() but int() refuses it.
        if not (raw_quota.isascii() and raw_quota.isdigit()) or int(raw_quota) > MAX_INTEGER:
            errors.append(
                _("Line %(line)d: %(column)s must be a whole number, not “%(value)s”.")
                % {"line": line_number, "column": "quota", "value": raw_quota}
            )
            continue
        if code in quotas:
            errors.append(
                _("Line %(line)d: municipality %(code)s is also on an earlier line.")
                % {"line": line_number, "code": code}
            )
            continue
        quotas[code] = (region, int(raw_quota))
    if not errors and not quotas:
        errors.append(_("The file has a header but no municipalities."))
    if errors:
        raise InputFileError(errors)
    return quotas
