"""The bounding box put before the travel-time filter never drops a place that is close enough."""

import random

from common.geo import bounding_box_for_minutes, minutes_between


def test_every_point_within_the_minutes_is_inside_the_box():
    rng = random.Random(45)
    for _ in range(2000):
        lat, lon = rng.uniform(-70, 70), rng.uniform(-170, 170)
        minutes = rng.choice([10, 20, 30, 45, 60])
        lat_min, lat_max, lon_min, lon_max = bounding_box_for_minutes(lat, lon, minutes)
        for _ in range(5):
            plat = lat + rng.uniform(-1.5, 1.5) * (lat_max - lat)
            plon = lon + rng.uniform(-1.5, 1.5) * (lon_max - lon)
            if minutes_between(lat, lon, plat, plon) <= minutes:
                assert lat_min <= plat <= lat_max and lon_min <= plon <= lon_max


def test_the_box_is_not_much_larger_than_the_circle():
    lat_min, lat_max, lon_min, lon_max = bounding_box_for_minutes(45.3, 5.8, 30)
    assert 28 < minutes_between(45.3, 5.8, lat_max, 5.8) < 33
    assert 28 < minutes_between(45.3, 5.8, 45.3, lon_max) < 33
