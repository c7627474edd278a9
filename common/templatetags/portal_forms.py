"""Form pieces of the member portal: a pin on a map instead of typed coordinates, and a word
when a chosen file could not be kept across a form that came back with errors."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()

# The network's centre (Chartreuse / Grésivaudan), where an empty map opens.
DEFAULT_CENTRE = (45.36, 5.81)


@register.inclusion_tag("common/_pin_map.html")
def pin_map(latitude, longitude, centre=None):
    """Hidden latitude/longitude fields set by tapping or dragging a pin (static/common/pin_map.js).

    ``centre`` (an object with latitude/longitude, e.g. the member's commune) is where the map
    opens when no pin is set. Field errors are spelled out with the field's label."""
    lat = getattr(centre, "latitude", None) or DEFAULT_CENTRE[0]
    lon = getattr(centre, "longitude", None) or DEFAULT_CENTRE[1]
    return {
        "latitude": latitude,
        "longitude": longitude,
        "centre": f"{lat:.5f},{lon:.5f}",
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
    }


@register.filter
def upload_lost(form, name: str) -> bool:
    """True when the form came back with errors although a file was chosen for ``name``: browsers
    never fill a file input again, so the person must be told to choose it once more."""
    return bool(form.is_bound and form.errors and form.files.get(form.add_prefix(name)))
