"""Template context of the network app: the « charter to sign » banner of the portal."""

from __future__ import annotations

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from . import selectors


def _banner(member_id: int) -> dict | None:
    row = selectors.charter_current_for(member_id=member_id)
    if row is None or row["signed"]:
        return None
    deadline = row["sign_deadline"]
    return {
        "number": row["number"],
        "deadline": deadline,
        "overdue": deadline is not None and deadline < timezone.localdate(),
    }


def charter_banner(request) -> dict:
    """``charter_banner``: the unsigned current charter of the signed-in member, else None.

    Lazy: the one query runs only on pages that show the banner (portal layout), and only
    for users linked to a member; nothing at all for visitors and staff.
    """
    user = getattr(request, "user", None)
    member_id = getattr(user, "member_id", None) if user is not None and user.is_authenticated else None
    if not member_id:
        return {"charter_banner": None}
    return {"charter_banner": SimpleLazyObject(lambda: _banner(member_id))}
