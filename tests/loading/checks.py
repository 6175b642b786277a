"""Checks for the README's "Loading the tables" recipes, run by tests/loading.rs.

Each check compares every cell a recipe loaded with the cell as pira wrote
it in the CSV file: text must be the very text (a code keeps its leading
zeros), a number the same number, a flag the same flag, a date the same
date, and only an empty cell may be missing. Code columns must load as text
and amount columns as numbers.
"""

import csv
import datetime
import decimal
import math
import numbers

TABLES = ["objectives", "indicators", "resources", "targets", "warnings", "corrections"]
# Columns that hold codes: digits with meaning in their zeros, never numbers.
CODES = {"code", "objective_code", "mission_code", "programme_code", "account", "budget", "kpi_code"}
# Columns that hold amounts and values: a recipe must give them as numbers.
AMOUNTS = {
    "resources_total", "amount", "last_observed_value", "target_value", "actual_value",
    "achievement_stated",
}


def raw_table(folder, table):
    """The header and rows of FOLDER/TABLE.csv as pira wrote them."""
    with open(f"{folder}/{table}.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def is_missing(value):
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def is_flag(value):
    return isinstance(value, bool) or type(value).__name__ == "bool_"


def same(value, raw):
    """Whether a loaded cell holds what pira wrote as `raw`."""
    if raw == "":
        return is_missing(value)
    if is_missing(value):
        return False
    if is_flag(value):
        return raw == ("true" if value else "false")
    if isinstance(value, str):
        return value == raw
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%Y-%m-%d") == raw
    if isinstance(value, decimal.Decimal):
        return value == decimal.Decimal(raw)
    if isinstance(value, numbers.Number):
        return float(value) == float(raw)
    return False


def check_table(folder, table, columns, rows):
    """Asserts that `rows` (lists of loaded cells under `columns`) hold the
    CSV table cell for cell, codes as text and amounts as numbers."""
    header, raw_rows = raw_table(folder, table)
    assert list(columns) == header, f"{table}: columns {list(columns)} != {header}"
    assert len(rows) == len(raw_rows), f"{table}: {len(rows)} rows loaded, {len(raw_rows)} written"
    for n, (row, raw_row) in enumerate(zip(rows, raw_rows), start=2):
        for column, value, raw in zip(header, row, raw_row):
            assert same(value, raw), (
                f"{table}.csv line {n}, {column}: loaded {value!r}, pira wrote {raw!r}"
            )
            if raw == "":
                continue
            if column in CODES:
                assert isinstance(value, str), f"{table}.{column}: code {raw!r} loaded as {value!r}"
            if column in AMOUNTS:
                assert isinstance(value, numbers.Number) and not is_flag(value), (
                    f"{table}.{column}: amount {raw!r} loaded as {value!r}, not a number"
                )


def check_pandas(namespace, folder="out"):
    """The pandas recipe's data frames, named after the tables."""
    for table in TABLES:
        frame = namespace[table]
        rows = frame.astype(object).values.tolist()
        check_table(folder, table, frame.columns, rows)
    print(f"pandas: {', '.join(TABLES)} loaded cell for cell")


def check_duckdb(con, folder="out"):
    """The DuckDB recipe's tables, in connection `con`."""
    for table in TABLES:
        relation = con.table(table)
        check_table(folder, table, relation.columns, [list(r) for r in relation.fetchall()])
    print(f"duckdb: {', '.join(TABLES)} loaded cell for cell")
