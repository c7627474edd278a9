"""Tills, till sessions, cash control and the technical events journal (« JET »).

JET events are entries of kind ``event`` in the same hash chain as the tickets and closings, so
they are chained, protected by the append-only trigger, verified and archived (signed) with them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from common.audit import log_action

from ..exceptions import InvalidAmount, NoOpenSession, ReasonRequired, SessionAlreadyOpen
from ..models import CashMovement, JournalEntry, PaymentMethod, SalePayment, Till, TillSession
from .common import to_cents
from .journal import journal_append


class Event:
    """Names of the technical events (payload ``event``)."""

    SESSION_OPEN = "session_open"
    SESSION_CLOSE = "session_close"
    SIGN_IN = "sign_in"
    CASH_MOVEMENT = "cash_movement"
    REPRINT = "reprint"
    CORRECTION = "correction"
    ARCHIVE_EXPORT = "archive_export"
    VERIFY = "verify"
    CONFIG_CHANGE = "config_change"


def _who(actor) -> dict:
    if getattr(actor, "pk", None):
        return {"user_id": actor.pk, "user": actor.email}
    return {"user_id": None, "user": ""}


def event_record(*, event: str, actor=None, **details) -> JournalEntry:
    """Append one technical event to the chain (details: JSON-safe, amounts as strings)."""
    payload = {"event": event, **_who(actor), **dict(details.items())}
    return journal_append(kind=JournalEntry.Kind.EVENT, payload=payload)


def parse_amount(raw, *, field: str, allow_zero: bool = True) -> Decimal:
    """« 12,50 » or « 12.50 » → Decimal('12.50'); InvalidAmount naming the field otherwise."""
    text = (
        str(raw if raw is not None else "").strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    )
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidAmount(field=field, value=raw) from None
    if not value.is_finite() or value < 0 or (value == 0 and not allow_zero) or value >= Decimal("1e9"):
        raise InvalidAmount(field=field, value=raw)
    return to_cents(value)


def till_default() -> Till:
    """The main office's till (created on first use)."""
    till = Till.objects.filter(is_active=True).order_by("position", "pk").first()
    if till is None:
        from network.selectors import office_main

        office = office_main()
        till, _created = Till.objects.get_or_create(
            code="OT",
            defaults={"name": "Caisse de l'office", "office": office if office.pk else None},
        )
    return till


def till_open_session(till: Till) -> TillSession | None:
    return TillSession.objects.filter(till=till, closed_at__isnull=True).first()


def till_sign_in(*, till: Till, actor) -> JournalEntry:
    """A person starts working at a till (recorded once per login session by the counter view)."""
    return event_record(event=Event.SIGN_IN, actor=actor, till=till.code)


def till_session_open(*, till: Till, actor, opening_float) -> TillSession:
    """Open a session with its float. Raises SessionAlreadyOpen, InvalidAmount."""
    amount = parse_amount(opening_float, field="Fonds de caisse")
    with transaction.atomic():
        Till.objects.select_for_update().get(pk=till.pk)
        if till_open_session(till):
            raise SessionAlreadyOpen(till=till.code)
        session = TillSession.objects.create(till=till, opened_by=actor, opening_float=amount)
        event_record(
            event=Event.SESSION_OPEN,
            actor=actor,
            till=till.code,
            session=session.pk,
            opening_float=str(amount),
        )
        log_action(actor, "shop.till.session_opened", session, opening_float=amount)
    return session


def cash_movement_record(*, session: TillSession, actor, kind: str, amount, reason: str) -> CashMovement:
    """Cash in or out of an open session, with its reason (journalled)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    value = parse_amount(amount, field="Montant", allow_zero=False)
    if kind not in CashMovement.Kind.values:
        raise InvalidAmount(field="Nature", value=kind)
    with transaction.atomic():
        session = TillSession.objects.select_for_update().get(pk=session.pk)
        if not session.is_open:
            raise NoOpenSession(till=session.till.code)
        movement = CashMovement.objects.create(
            session=session, kind=kind, amount=value, reason=reason, actor=actor
        )
        event_record(
            event=Event.CASH_MOVEMENT,
            actor=actor,
            till=session.till.code,
            session=session.pk,
            kind=kind,
            amount=str(value),
            reason=reason,
        )
    return movement


def session_expected_cash(session: TillSession) -> Decimal:
    """Float + cash taken (net of change and refunds) + cash in − cash out."""
    cash = SalePayment.objects.filter(sale__till_session=session, method=PaymentMethod.CASH).aggregate(
        s=Sum("amount")
    )["s"] or Decimal("0")
    moves = session.cash_movements.aggregate(
        i=Sum("amount", filter=Q(kind=CashMovement.Kind.IN)),
        o=Sum("amount", filter=Q(kind=CashMovement.Kind.OUT)),
    )
    return session.opening_float + cash + (moves["i"] or 0) - (moves["o"] or 0)


def till_session_close(*, session: TillSession, actor, counted_cash) -> TillSession:
    """Count the cash, record the expected amount and the difference, close (journalled)."""
    counted = parse_amount(counted_cash, field="Espèces comptées")
    with transaction.atomic():
        session = TillSession.objects.select_for_update().get(pk=session.pk)
        if not session.is_open:
            raise NoOpenSession(till=session.till.code)
        expected = session_expected_cash(session)
        session.closed_at = timezone.now()
        session.closed_by = actor
        session.expected_cash = expected
        session.counted_cash = counted
        session.difference = counted - expected
        session.save(update_fields=["closed_at", "closed_by", "expected_cash", "counted_cash", "difference"])
        event_record(
            event=Event.SESSION_CLOSE,
            actor=actor,
            till=session.till.code,
            session=session.pk,
            expected_cash=str(expected),
            counted_cash=str(counted),
            difference=str(session.difference),
        )
        log_action(actor, "shop.till.session_closed", session, difference=session.difference)
    return session


def journal_check_record(*, actor=None, source: str = "staff"):
    """Run the verification and chain its result into the journal (a JET event)."""
    from .journal import journal_verify

    check = journal_verify()
    event_record(
        event=Event.VERIFY,
        actor=actor,
        source=source,
        ok=check.ok,
        checked=check.checked,
        broken_sequence=check.broken_sequence,
        problem=check.problem,
    )
    return check


def receipt_reprint(*, sale, actor) -> int:
    """Record a reprint of a ticket; returns its duplicate number (1, 2, …) counted in the chain."""
    from .journal import journal_lock

    with transaction.atomic():
        journal_lock()
        number = reprint_count(sale.reference) + 1
        event_record(
            event=Event.REPRINT,
            actor=actor,
            reference=sale.reference,
            ticket=sale.ticket_number,
            duplicate=number,
        )
        log_action(actor, "shop.sale.reprinted", sale, duplicate=number)
    return number


def reprint_count(reference: str) -> int:
    return JournalEntry.objects.filter(
        kind=JournalEntry.Kind.EVENT, payload__event=Event.REPRINT, payload__reference=reference
    ).count()
