"""Inputs and settings of the matching engine: dataclasses of NumPy arrays and CSR matrices.

The caller indexes competency units ``0..U-1``, vocations ``0..V-1`` and regencies
``0..R-1``. Dates are whole days since 1970-01-01 (``int32``). Every dataclass coerces its
arrays to the documented dtypes and checks their shapes when it is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

IntArray = npt.NDArray[np.integer[Any]]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.floating[Any]]
Csr = sp.csr_array

#: Education ranks (``SMA`` = ``SMK`` and ``D4`` = ``S1``).
EDUCATION_RANK: dict[str, int] = {
    "SD": 0, "SMP": 1, "SMA": 2, "SMK": 2, "D1": 3, "D2": 4,
    "D3": 5, "D4": 6, "S1": 6, "S2": 7, "S3": 8,
}  # fmt: skip
ANY_GENDER = -1
MALE = 0  # "L"
FEMALE = 1  # "P"
EDUCATION_LEVELS = 16  # ranks 0..15 are accepted
ADULT_AGE = 18
MAX_AGE = 150  # an ``age_max`` above this means "no upper bound"


def as_csr(matrix: Any, shape: tuple[int, int] | None = None) -> Csr:
    """Binary CSR copy (``int16`` ones, sorted unique indices) of a sparse or dense 0/1 matrix."""
    m = sp.csr_array(matrix, shape=shape) if shape is not None else sp.csr_array(matrix)
    m.sum_duplicates()
    m.eliminate_zeros()
    m.sort_indices()
    out = sp.csr_array(
        (np.ones(m.nnz, dtype=np.int16), m.indices.astype(np.int32), m.indptr.astype(np.int64)),
        shape=m.shape,
    )
    out.has_sorted_indices = True
    return out


def _arr(obj: object, name: str, value: Any, dtype: type, n: int | None) -> np.ndarray:
    a = np.ascontiguousarray(value, dtype=dtype)
    if a.ndim != 1 or (n is not None and a.shape[0] != n):
        raise ValueError(f"{type(obj).__name__}.{name}: expected shape ({n},), got {a.shape}")
    object.__setattr__(obj, name, a)
    return a


@dataclass(frozen=True)
class Weights:
    """Scoring settings: factor weights (sum 100), reach, shortlist length, recency horizon."""

    coverage: float = 70.0
    vocation: float = 10.0
    distance: float = 10.0
    recency: float = 10.0
    reach_km: float = 60.0
    top_k: int = 50
    recency_days: int = 730

    def __post_init__(self) -> None:
        parts = (self.coverage, self.vocation, self.distance, self.recency)
        if min(parts) < 0 or abs(sum(parts) - 100.0) > 1e-9:
            raise ValueError("weights must be non-negative and sum to 100")
        if self.reach_km <= 0 or self.top_k < 1 or self.recency_days < 1:
            raise ValueError("reach_km, top_k and recency_days must be positive")


@dataclass(frozen=True)
class Regions:
    """Regency centroids in degrees (length R)."""

    lat: FloatArray
    lon: FloatArray

    def __post_init__(self) -> None:
        lat = _arr(self, "lat", self.lat, np.float64, None)
        _arr(self, "lon", self.lon, np.float64, lat.shape[0])

    def __len__(self) -> int:
        return int(self.lat.shape[0])


@dataclass(frozen=True)
class Graduates:
    """n graduates. ``skills`` n×U and ``vocations`` n×V are 0/1 (any sparse or dense input).

    ``gender``: 0 = L, 1 = P. ``birth``/``graduated``: days since 1970-01-01 (``graduated`` is the
    latest graduation). ``education``: rank (see ``EDUCATION_RANK``). ``regency``: domicile index.
    ``available``: False excludes the graduate (hired, consent withdrawn, objected, ...).
    """

    ids: IntArray
    skills: Csr
    vocations: Csr
    gender: IntArray
    birth: IntArray
    education: IntArray
    regency: IntArray
    relocate: BoolArray
    graduated: IntArray
    available: BoolArray

    def __post_init__(self) -> None:
        n = _arr(self, "ids", self.ids, np.int64, None).shape[0]
        for name, dtype in (
            ("gender", np.int8), ("birth", np.int32), ("education", np.int8),
            ("regency", np.int32), ("relocate", np.bool_), ("graduated", np.int32),
            ("available", np.bool_),
        ):  # fmt: skip
            _arr(self, name, getattr(self, name), dtype, n)
        for name in ("skills", "vocations"):
            m = as_csr(getattr(self, name))
            if m.shape[0] != n:
                raise ValueError(f"Graduates.{name}: expected {n} rows, got {m.shape[0]}")
            object.__setattr__(self, name, m)
        if n and not np.isin(self.gender, (MALE, FEMALE)).all():
            raise ValueError("Graduates.gender must be 0 (L) or 1 (P)")
        if n and not ((self.education >= 0) & (self.education < EDUCATION_LEVELS)).all():
            raise ValueError(f"Graduates.education must be a rank in 0..{EDUCATION_LEVELS - 1}")

    def __len__(self) -> int:
        return int(self.ids.shape[0])


@dataclass(frozen=True)
class Vacancies:
    """m vacancies. ``required`` m×U is 0/1. ``gender``: -1 any, 0 L, 1 P.

    ``age_min``/``age_max`` are inclusive ages in whole years on day ``on`` (days since
    1970-01-01); every graduate must also be 18 or older that day. ``headcount``: places left.
    """

    ids: IntArray
    required: Csr
    vocation: IntArray
    min_education: IntArray
    gender: IntArray
    age_min: IntArray
    age_max: IntArray
    regency: IntArray
    headcount: IntArray
    on: IntArray

    def __post_init__(self) -> None:
        m = _arr(self, "ids", self.ids, np.int64, None).shape[0]
        for name, dtype in (
            ("vocation", np.int32), ("min_education", np.int8), ("gender", np.int8),
            ("age_min", np.int16), ("age_max", np.int16), ("regency", np.int32),
            ("headcount", np.int32), ("on", np.int32),
        ):  # fmt: skip
            _arr(self, name, getattr(self, name), dtype, m)
        req = as_csr(self.required)
        if req.shape[0] != m:
            raise ValueError(f"Vacancies.required: expected {m} rows, got {req.shape[0]}")
        object.__setattr__(self, "required", req)
        if m and not np.isin(self.gender, (ANY_GENDER, MALE, FEMALE)).all():
            raise ValueError("Vacancies.gender must be -1 (any), 0 (L) or 1 (P)")

    def __len__(self) -> int:
        return int(self.ids.shape[0])
