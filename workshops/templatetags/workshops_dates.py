"""The date filters moved to ``common.templatetags.maillage_dates`` (one set for the site)."""

from common.templatetags.maillage_dates import *  # noqa: F403
from common.templatetags.maillage_dates import MONTHS_ABBR, WEEKDAYS_ABBR, register  # noqa: F401
