"""Spreadsheet import of trainees: the import service (typed functions, no HTTP).

Two steps, all or nothing:

1. ``import_check`` reads an .xlsx or .csv file (UTF-8 with or without BOM, comma or semicolon),
   converts every cell (NIKs kept as text even when Excel stored them as numbers, Excel or
   day-first dates, regency by code or name, ``ya``/``tidak``) and validates every row in bulk: one
   query for the NIKs already registered, one for the regencies, one for the BLKK's cohorts, none
   per row. It returns the good rows, the bad rows' errors (row, column, message) and the NIK
   warnings (saved and flagged, never refused).
2. ``import_commit`` saves the good rows through ``trainees.services`` in one transaction: if any
   row fails at commit time (say its NIK was registered meanwhile) nothing is saved.

Between the two steps a checked file waits in the cache (``pending_*``), keyed by a random token
and bound to the user who uploaded it; ``import_run`` is the body of the Celery task that commits
it and reports progress.
"""

from apps.trainees.imports.cells import (
    CellError,
    CohortLookup,
    RegencyLookup,
    date_cell,
    education_cell,
    gender_cell,
    nik_cell,
    phone_cell,
    text_cell,
    yes_no_cell,
)
from apps.trainees.imports.columns import (
    COLUMNS,
    EXAMPLE_NIK,
    HEADERS,
    MAX_BYTES,
    MAX_ROWS,
    Column,
    header_key,
)
from apps.trainees.imports.files import read_table
from apps.trainees.imports.pending import (
    PendingImport,
    import_run,
    pending_claim,
    pending_create,
    pending_delete,
    pending_get,
    pending_progress,
    pending_save,
)
from apps.trainees.imports.service import (
    ImportCheck,
    ImportResult,
    RowError,
    TraineeRow,
    existing_niks,
    import_check,
    import_commit,
)

__all__ = [
    "COLUMNS",
    "EXAMPLE_NIK",
    "HEADERS",
    "MAX_BYTES",
    "MAX_ROWS",
    "CellError",
    "CohortLookup",
    "Column",
    "ImportCheck",
    "ImportResult",
    "PendingImport",
    "RegencyLookup",
    "RowError",
    "TraineeRow",
    "date_cell",
    "education_cell",
    "existing_niks",
    "gender_cell",
    "header_key",
    "import_check",
    "import_commit",
    "import_run",
    "nik_cell",
    "pending_claim",
    "pending_create",
    "pending_delete",
    "pending_get",
    "pending_progress",
    "pending_save",
    "phone_cell",
    "read_table",
    "text_cell",
    "yes_no_cell",
]
