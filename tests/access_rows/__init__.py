"""Rows of the access matrix kept per area: every module here defines ``ROWS`` (a list of
``tests.access_matrix_base.Row``); tests/test_access_matrix.py checks them with its own."""

from __future__ import annotations

import importlib
import pkgutil

from tests.access_matrix_base import Row


def collected_rows() -> list[Row]:
    rows: list[Row] = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        rows.extend(module.ROWS)
    return rows
