"""Regency geometry: great-circle distances, commuting reach, and a space-filling order."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .data import FloatArray, Regions

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat: FloatArray, lon: FloatArray) -> npt.NDArray[np.float32]:
    """R×R great-circle (haversine) distances in km between points given in degrees."""
    phi = np.radians(np.asarray(lat, dtype=np.float64))
    lam = np.radians(np.asarray(lon, dtype=np.float64))
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    h = np.sin(dphi / 2) ** 2 + np.cos(phi)[:, None] * np.cos(phi)[None, :] * np.sin(dlam / 2) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    np.fill_diagonal(d, 0.0)
    return d.astype(np.float32)


def hilbert_order(lat: FloatArray, lon: FloatArray, bits: int = 10) -> npt.NDArray[np.int64]:
    """Ranks of the points along a Hilbert curve, so that neighbours in the order are near."""
    lat = np.asarray(lat, dtype=np.float64)
    lon = np.asarray(lon, dtype=np.float64)
    side = 1 << bits

    def grid(v: np.ndarray) -> np.ndarray:
        span = float(v.max() - v.min()) if v.size else 0.0
        return ((v - v.min()) / (span or 1.0) * (side - 1)).astype(np.int64)

    x, y = grid(lon), grid(lat)
    key = np.zeros(x.shape, dtype=np.int64)
    s = side // 2
    while s > 0:
        rx = (x & s) > 0
        ry = (y & s) > 0
        key += s * s * ((3 * rx) ^ ry)
        flip = ~ry & rx
        x = np.where(flip, side - 1 - x, x)
        y = np.where(flip, side - 1 - y, y)
        swap = ~ry
        x, y = np.where(swap, y, x), np.where(swap, x, y)
        s //= 2
    return np.argsort(np.argsort(key, kind="stable"), kind="stable")


@dataclass(frozen=True)
class Geography:
    """Distances and reach between regencies for one ``reach_km``.

    ``factor[a * R + b]`` is ``1 - d(a, b) / reach_km`` (``float64``, in ``[0, 1]``) when
    ``d(a, b) <= reach_km`` and ``-1`` when b is out of commuting reach of a.
    ``near_ptr``/``near`` list, for each regency, the regencies within reach (CSR layout).
    """

    distance_km: npt.NDArray[np.float32]
    reach_km: float
    factor: npt.NDArray[np.float64]
    near_ptr: npt.NDArray[np.int64]
    near: npt.NDArray[np.int32]
    order: npt.NDArray[np.int64]

    @property
    def size(self) -> int:
        return int(self.distance_km.shape[0])

    @classmethod
    def build(cls, regions: Regions, reach_km: float) -> Geography:
        dist = haversine_km(regions.lat, regions.lon)
        within = dist.astype(np.float64) <= reach_km
        factor = np.where(within, 1.0 - dist.astype(np.float64) / reach_km, -1.0)
        rows, cols = np.nonzero(within)
        near_ptr = np.zeros(dist.shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=dist.shape[0]), out=near_ptr[1:])
        return cls(
            distance_km=dist,
            reach_km=float(reach_km),
            factor=np.ascontiguousarray(factor.ravel()),
            near_ptr=near_ptr,
            near=cols.astype(np.int32),
            order=hilbert_order(regions.lat, regions.lon),
        )

    def within_reach(self, regency: int) -> npt.NDArray[np.int32]:
        """Regencies within commuting reach of ``regency`` (itself included)."""
        return self.near[self.near_ptr[regency] : self.near_ptr[regency + 1]]
