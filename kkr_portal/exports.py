"""Tables as downloads: CSV that Danish Excel opens correctly, and real Excel files."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(
    rows: Sequence[Sequence[Any]], *, filename: str, extension: str, sheet_title: str = ""
) -> HttpResponse:
    """``rows`` (the first is the header) as ``filename.csv`` or ``filename.xlsx``."""
    if extension == "csv":
        buffer = io.StringIO()
        # A BOM and semicolons: what Excel on Danish Windows expects of a CSV file.
        buffer.write("\ufeff")
        csv.writer(buffer, delimiter=";").writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif extension == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        if sheet_title:
            sheet.title = sheet_title[:31]
        for row in rows:
            sheet.append(list(row))
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(output.getvalue(), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response
