"""Geographic helpers: straight-line distance and estimated travel time.

Travel time is an estimate, not a route: road distance is taken as the straight-line
(great-circle) distance multiplied by a winding factor (``TRAVEL_WINDING_FACTOR``, 1.35 by
default, typical of mountain and rural roads), driven at ``TRAVEL_AVERAGE_SPEED_KMH``
(50 km/h by default). Both are settings.

``travel_minutes_expression`` gives the same estimate as a database expression so lists can
be filtered ("less than 20 minutes") and sorted in PostgreSQL.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.db.models import ExpressionWrapper, F, FloatField, Func, Value
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def travel_minutes(distance: float) -> float:
    road_km = distance * settings.TRAVEL_WINDING_FACTOR
    return road_km / settings.TRAVEL_AVERAGE_SPEED_KMH * 60


def minutes_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return travel_minutes(distance_km(lat1, lon1, lat2, lon2))


def distance_km_expression(lat: float, lon: float, lat_field: str, lon_field: str):
    """Spherical law of cosines in SQL (accurate to metres at this scale)."""
    cos_angle = Sin(Radians(Value(lat))) * Sin(Radians(F(lat_field))) + Cos(Radians(Value(lat))) * Cos(
        Radians(F(lat_field))
    ) * Cos(Radians(F(lon_field)) - Radians(Value(lon)))
    clamped = Least(Greatest(cos_angle, Value(-1.0)), Value(1.0))
    return ExpressionWrapper(ACos(clamped) * Value(EARTH_RADIUS_KM), output_field=FloatField())


def travel_minutes_expression(lat: float, lon: float, lat_field: str, lon_field: str):
    factor = settings.TRAVEL_WINDING_FACTOR / settings.TRAVEL_AVERAGE_SPEED_KMH * 60
    return ExpressionWrapper(
        distance_km_expression(lat, lon, lat_field, lon_field) * Value(factor),
        output_field=FloatField(),
    )


def bounding_box_for_minutes(lat: float, lon: float, minutes: float) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max) holding every point within ``minutes`` of travel:
    a cheap, index-friendly filter to put before the travel-time expression (issue 18)."""
    km = minutes * settings.TRAVEL_AVERAGE_SPEED_KMH / 60 / settings.TRAVEL_WINDING_FACTOR
    dlat = math.degrees(km / EARTH_RADIUS_KM) * 1.01
    dlon = dlat / max(math.cos(math.radians(min(abs(lat) + dlat, 89.0))), 0.01)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


class Round1(Func):
    function = "ROUND"
    template = "ROUND((%(expressions)s)::numeric, 1)"


# The travel-time choices of every search (offers, workshops, directory): one list, so that a
# visitor meets the same steps on each page (issue 10 point 13). Values are minutes by car.
TRAVEL_TIME_CHOICES = [
    ("10", _("moins de 10 minutes")),
    ("20", _("moins de 20 minutes")),
    ("30", _("moins de 30 minutes")),
    ("45", _("moins de 45 minutes")),
    ("60", _("moins d'une heure")),
]
