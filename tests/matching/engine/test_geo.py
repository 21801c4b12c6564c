"""Great-circle distances and reach between regencies."""

import numpy as np

from apps.matching.engine import Geography, Regions, haversine_km


def test_one_degree_of_latitude_is_about_111_km():
    d = haversine_km(np.array([0.0, 1.0]), np.array([110.0, 110.0]))
    assert d.dtype == np.float32
    assert abs(float(d[0, 1]) - 111.195) < 0.01
    assert d[0, 0] == 0 and d[0, 1] == d[1, 0]


def test_reach_lists_only_regencies_within_reach_km():
    regions = Regions(lat=[0.0, 0.0, 0.0], lon=[0.0, 0.5, 1.0])  # ~56 km apart
    geo = Geography.build(regions, reach_km=60.0)
    assert sorted(geo.within_reach(0).tolist()) == [0, 1]
    assert sorted(geo.within_reach(1).tolist()) == [0, 1, 2]
