"""Public pages: catalogue, workshop page, booking, manage link, waitlist, groups, survey."""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from common.jsonld import jsonld_script_content
from common.pagecache import anonymous_page_cache
from common.pageshell import shell_key, shell_serve, shells_enabled
from common.ratelimit import RateLimitedPostMixin
from network import selectors as network_selectors

from .. import exceptions as errors
from .. import selectors, services
from ..forms import (
    BookingForm,
    ChangePartyForm,
    GroupAcceptForm,
    GroupRequestForm,
    ReviewForm,
    WaitlistClaimForm,
    WaitlistForm,
    add_service_error,
)
from ..ics import booking_ics, member_feed_ics
from ..jsonld import workshop_event_base, workshop_jsonld_events
from ..models import Booking, CalendarFeed, GroupRequest, Review

logger = logging.getLogger(__name__)


def charter_badge(member) -> bool:
    """Whether the member signed the charter in force (no badge while no charter is published);
    one query."""
    current = network_selectors.charter_current_for(member_id=member.pk)
    return bool(current and current["signed"])


CARD_TEMPLATE = "workshops/partials/_workshop_card.html"
CARD_CACHE_SECONDS = 600


@functools.lru_cache(maxsize=1)
def _card_template_version() -> str:
    return hashlib.sha256(get_template(CARD_TEMPLATE).template.source.encode()).hexdigest()[:12]


def _card_key(state: dict, language: str, eager: bool = False) -> str:
    """Everything a card shows goes into its key, seats left included: a card is never older
    than the rows read for this request, the cache only skips re-rendering the same state."""
    key = (
        _card_template_version(),
        language,
        eager,
        state["pk"],
        state["slug"],
        state["title"],
        state["i18n"],
        state["photo"],
        state["photo_alt"],
        state["member__name"],
        state["commune__name"],
        state["craft__name"],
        state["duration_minutes"],
        str(state["price"]),
        state["review_score"],
        state["travel_minutes"],
        tuple((str(s.public_id), s.start.isoformat(), s.seats_left) for s in state["next_sessions"]),
    )
    return "workshops:card:" + hashlib.sha256(repr(key).encode()).hexdigest()


def render_cards(states: list[dict], *, origin=None, now=None) -> list[str]:
    """The catalogue cards' HTML, fetched from the cache in one round trip; only the missing
    ones load their rows (one query) and render."""
    # The first card's photo is loaded at once (it is in view on arrival), the others lazily.
    language = translation.get_language() or ""
    keys = [_card_key(state, language, eager=i == 0) for i, state in enumerate(states)]
    found = cache.get_many(keys)
    wanted = [i for i, key in enumerate(keys) if key not in found]
    if wanted:
        rows = selectors.workshop_catalogue_rows(
            ids=[states[i]["pk"] for i in wanted], origin=origin, now=now
        )
        by_id = {w.pk: w for w in rows}
        missing = {}
        for i in wanted:
            workshop = by_id.get(states[i]["pk"])
            if workshop is None:  # unpublished between the two reads
                found[keys[i]] = ""
                continue
            # The card shows the dates its key was made of.
            workshop.next_sessions = states[i]["next_sessions"]
            context = {"workshop": workshop, "eager": i == 0}
            found[keys[i]] = missing[keys[i]] = render_to_string(CARD_TEMPLATE, context)
        if missing:
            cache.set_many(missing, CARD_CACHE_SECONDS)
    return [mark_safe(found[key]) for key in keys if found[key]]  # noqa: S308 - our own template


FILTER_PANEL_TEMPLATE = "workshops/partials/_catalogue_filters.html"
# What the panel's HTML comes from besides its context: a new deploy of any of them is a new key.
FILTER_PANEL_SOURCES = (FILTER_PANEL_TEMPLATE, "workshops/partials/_field.html", "common/_quick_dates.html")


@functools.lru_cache(maxsize=1)
def _filter_panel_template_version() -> str:
    sources = "".join(get_template(name).template.source for name in FILTER_PANEL_SOURCES)
    return hashlib.sha256(sources.encode()).hexdigest()[:12]


def render_filter_panel(request, filterset) -> str:
    """The catalogue's filter panel, cached by what it shows: the lists' version (bumped by the
    database at every change of crafts, antennas or communes), the language, today (the quick
    date links) and the visitor's criteria. Seats and bookings never touch it, so a page
    rendered right after a booking reuses it."""
    query = request.GET.copy()
    query.pop("page", None)
    state = (
        _filter_panel_template_version(),
        filterset.lists.version,
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        query.urlencode(),
    )
    key = "workshops:filter-panel:" + hashlib.sha256(repr(state).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render_to_string(FILTER_PANEL_TEMPLATE, {"filter": filterset}, request=request)
        cache.set(key, html, CARD_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own rendered template


CARDS_HOLE = "<!--maillage:cards-->"
# What the catalogue's template puts after each card (its loop's own whitespace).
CARD_SEPARATOR = "\n  "


@method_decorator(anonymous_page_cache(stamp=selectors.catalogue_stamp), name="get")
class CatalogueView(TemplateView):
    """The catalogue. The filter and the cards' states are read at every render (seats change
    which workshops match and what their cards say); for anonymous visitors the rest of the page
    (header, filter panel, counts, pagination, map) is a shell (common.pageshell) kept under the
    content stamp and this page's workshops, and the cards (cached one by one) go into it."""

    template_name = "workshops/public/catalogue.html"

    def get(self, request, *args, **kwargs):
        now = timezone.now()
        self.filterset, self.page = selectors.workshop_catalogue_page(
            data=request.GET, page=request.GET.get("page"), now=now
        )
        self.states = self.page.object_list
        self.cards = render_cards(self.states, origin=self.filterset.origin, now=now)
        if not shells_enabled(request):
            return super().get(request, *args, **kwargs)

        def render():
            return self.render_to_response(self.get_context_data(holes=True)), None

        def fill(content: bytes, _extra) -> bytes:
            cards = CARD_SEPARATOR.join(self.cards)
            return content.replace(CARDS_HOLE.encode(), cards.encode())

        key = shell_key(
            "catalogue",
            selectors.catalogue_content_stamp(),
            request,
            _template_version(self.template_name),
            tuple(state["pk"] for state in self.states),
            len(self.cards),
            self.page.number,
            self.page.has_next,
        )
        return shell_serve(request, key=key, render=render, fill=fill)

    def get_context_data(self, holes: bool = False, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page, states = self.page, self.states
        # One reverse for the page, not one per card.
        url = reverse("workshops:workshop_detail", kwargs={"slug": "-"})
        ctx.update(
            filter=self.filterset,
            filter_panel=render_filter_panel(self.request, self.filterset),
            page_obj=page,
            workshops=states,
            cards=[mark_safe(CARDS_HOLE)] if holes and self.cards else self.cards,  # noqa: S308 - a constant
            # The page's own cards: no second query, and the map matches the list beside it.
            map_points=[
                {
                    "title": state["title"],
                    "lat": state["latitude"],
                    "lon": state["longitude"],
                    "url": url[:-2] + state["slug"] + "/",
                    "place": state["commune__name"],
                }
                for state in states
            ],
        )
        return ctx


BODY_TEMPLATE = "workshops/partials/_workshop_body.html"
SESSION_ROW_TEMPLATE = "workshops/partials/_session_row.html"
SESSION_ROW_SOURCES = (SESSION_ROW_TEMPLATE, "workshops/partials/_session_seats.html")
# The listing columns change with every booking; the page's body does not show them.
BODY_KEY_EXCLUDED = frozenset({"next_start_with_seats", "next_dates"})


@functools.lru_cache(maxsize=4)
def _template_version(*names: str) -> str:
    sources = "".join(get_template(name).template.source for name in names)
    return hashlib.sha256(sources.encode()).hexdigest()[:12]


def _fragment_key(kind: str, state) -> str:
    return f"workshops:{kind}:" + hashlib.sha256(repr(state).encode()).hexdigest()


def render_workshop_body(request, workshop, *, charter_signed: bool, has_sessions: bool) -> str:
    """The workshop page's description, photos and « en bref », cached under everything it is
    made of: every column of the workshop (but the listing ones), its member, antenna, craft,
    commune and photos, the charter badge, the language and today. A booking changes none of them."""
    member = workshop.member
    state = (
        _template_version(BODY_TEMPLATE),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        tuple(
            (field.attname, getattr(workshop, field.attname))
            for field in workshop._meta.concrete_fields
            if field.attname not in BODY_KEY_EXCLUDED
        ),
        (member.pk, member.slug, member.name, member.antenna.name if member.antenna else None),
        (workshop.craft.name, workshop.commune.name, workshop.commune.postcode),
        tuple((photo.pk, photo.image.name, photo.alt) for photo in workshop.photos.all()),
        charter_signed,
        has_sessions,
    )
    key = _fragment_key("body", state)
    html = cache.get(key)
    if html is None:
        context = {
            "workshop": workshop,
            "member": member,
            "charter_signed": charter_signed,
            "sessions": has_sessions,
        }
        html = render_to_string(BODY_TEMPLATE, context, request=request)
        cache.set(key, html, CARD_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own rendered template


def render_session_rows(slug: str, sessions) -> list[str]:
    """One cached row per date, keyed by what it shows (date, seats left, status): right after a
    booking only that date's row renders again."""
    base = (
        _template_version(*SESSION_ROW_SOURCES),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        slug,
    )
    keys = [
        _fragment_key("session-row", (*base, str(s.public_id), s.start.isoformat(), s.seats_left, s.status))
        for s in sessions
    ]
    found = cache.get_many(keys)
    missing = {}
    for key, session in zip(keys, sessions, strict=True):
        if key not in found:
            found[key] = missing[key] = render_to_string(
                SESSION_ROW_TEMPLATE, {"workshop": {"slug": slug}, "session": session}
            )
    if missing:
        cache.set_many(missing, CARD_CACHE_SECONDS)
    return [mark_safe(found[key]) for key in keys]  # noqa: S308 - our own rendered template


# The workshop page's two holes, filled at every render: the dates and their JSON-LD events.
# HTML comments: a visitor's text is escaped, it can never make one.
ROWS_HOLE = "<!--maillage:session-rows-->"
JSONLD_HOLE = "<!--maillage:jsonld-->"


@method_decorator(anonymous_page_cache(stamp=selectors.catalogue_stamp), name="get")
class WorkshopDetailView(TemplateView):
    """The workshop page. For anonymous visitors it is made of a *shell* and its dates.

    The shell is everything but the dates (description, photos, artisan, reviews, header and
    footer), rendered once and cached under ``catalogue_content_stamp`` — which a booking, a
    cancellation or a payment hold never moves — with this visitor's CSRF token and CSP nonce
    taken out. The dates are read at every render (one query) and go into the shell's two holes
    (the list, from the per-date fragments, and the JSON-LD events). So the page right after a
    booking, which the page cache must render again, costs the dates only (issue 18's « cold »).
    Signed-in visitors get the whole page rendered, as before."""

    template_name = "workshops/public/workshop_detail.html"

    def get(self, request, *args, **kwargs):
        slug = self.kwargs["slug"]
        self.sessions = selectors.session_rows_for_workshop_page(slug=slug)
        if not shells_enabled(request):
            return super().get(request, *args, **kwargs)

        def render():
            response = self.render_to_response(self.get_context_data(holes=True))
            return response, getattr(self, "event_base", None)

        def fill(content: bytes, event_base) -> bytes:
            data = workshop_jsonld_events(event_base, self.sessions)
            rows = "".join(render_session_rows(slug, self.sessions))
            jsonld = jsonld_script_content(data) if data else ""
            return content.replace(ROWS_HOLE.encode(), rows.encode()).replace(
                JSONLD_HOLE.encode(), jsonld.encode()
            )

        key = shell_key(
            "workshop",
            selectors.catalogue_content_stamp(),
            request,
            _template_version(self.template_name, BODY_TEMPLATE),
            bool(self.sessions),
        )
        return shell_serve(request, key=key, render=render, fill=fill)

    def get_context_data(self, holes: bool = False, **kwargs):
        ctx = super().get_context_data(**kwargs)
        workshop = selectors.workshop_get_public(slug=self.kwargs["slug"])
        sessions = self.sessions
        self.event_base = workshop_event_base(workshop, base_url=self.request.build_absolute_uri("/")[:-1])
        if holes:
            session_rows = [mark_safe(ROWS_HOLE)] if sessions else []  # noqa: S308 - a constant
            jsonld = mark_safe(JSONLD_HOLE) if sessions else ""  # noqa: S308 - a constant
        else:
            session_rows = render_session_rows(workshop.slug, sessions)
            data = workshop_jsonld_events(self.event_base, sessions)
            jsonld = jsonld_script_content(data) if data else ""
        charter_signed = charter_badge(workshop.member)
        ctx.update(
            workshop=workshop,
            member=workshop.member,
            charter_signed=charter_signed,
            body=render_workshop_body(
                self.request, workshop, charter_signed=charter_signed, has_sessions=bool(sessions)
            ),
            sessions=sessions,
            session_rows=session_rows,
            jsonld=jsonld,
            # No review published (most workshops): the stored count says it, no query.
            reviews=selectors.review_list_public(workshop=workshop) if workshop.review_count else [],
            review_summary=selectors.review_summary(workshop=workshop),
        )
        return ctx


class _SessionMixin:
    def load_session(self):
        self.workshop = selectors.workshop_get_public(slug=self.kwargs["slug"])
        try:
            self.session = selectors.session_get_public(
                workshop=self.workshop, public_id=self.kwargs["public_id"]
            )
        except ValueError:
            raise Http404 from None


class BookingCreateView(RateLimitedPostMixin, _SessionMixin, TemplateView):
    """Pick a party size and book; the losing side of a race gets the form back with the news."""

    rate_limit_scope = "workshops.booking"

    template_name = "workshops/public/booking_form.html"

    def get(self, request, *args, **kwargs):
        self.load_session()
        form = BookingForm(
            workshop=self.workshop,
            initial={"idempotency_key": uuid.uuid4().hex, "seats_seen": max(self.session.seats_left, 0)},
        )
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.load_session()
        form = BookingForm(request.POST, workshop=self.workshop)
        if request.POST.get("action") == "preview":
            # « Voir le total » without JavaScript: the same form back with its total, nothing booked.
            form.is_valid()
            return self.render_to_response(self.get_context_data(form=form, preview=True))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if form.pays_by_card():
            return self.book_and_pay(form)
        try:
            booking = services.booking_create(
                session_id=self.session.pk,
                channel=Booking.Channel.ONLINE,
                language=request.LANGUAGE_CODE,
                **form.service_kwargs(),
            )
        except errors.NotEnoughSeats as exc:
            return self.seats_short(form, exc)
        except errors.WorkshopError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _(
                "Réservation confirmée : votre référence est %(ref)s. Un e-mail de "
                "confirmation vous a été envoyé."
            )
            % {"ref": booking.reference},
        )
        return redirect(booking.get_manage_url())

    def seats_short(self, form, exc: errors.NotEnoughSeats):
        self.session.seats_left = exc.seats_left
        seen = form.cleaned_data.get("seats_seen")
        # « Others just booked » only when seats really went while the form was open.
        others_booked = seen is not None and seen > exc.seats_left
        if not others_booked:
            form.add_error("party_size", exc.message)
        return self.render_to_response(
            self.get_context_data(form=form, race_lost=others_booked, seats_short=True), status=409
        )

    def book_and_pay(self, form):
        """Card payment: the seats are held (a one-line stay, so the stay's payment hooks confirm,
        release or refund them) and the visitor goes to the pay page; told before paying if the
        seats went."""
        from pages import services as stay_services
        from pages.exceptions import StayError

        data = form.cleaned_data
        try:
            key = uuid.UUID(hex=data.get("idempotency_key") or "")
        except ValueError:
            key = uuid.uuid4()
        seat = stay_services.SeatRequest(
            session_id=self.session.pk,
            public_id=str(self.session.public_id),
            party_size=data["party_size"],
            children=data.get("children") or 0,
            youngest_age=data.get("youngest_age"),
            promo_code=data.get("promo_code") or "",
        )
        try:
            result = stay_services.stay_checkout(
                idempotency_key=key,
                seats=[seat],
                products={},
                name=data["name"],
                email=data["email"],
                phone=data.get("phone") or "",
                consent_contact=data["consent_contact"],
                language=self.request.LANGUAGE_CODE,
                pay_online=True,
            )
        except StayError as exc:
            cause = exc.__cause__
            if isinstance(cause, errors.NotEnoughSeats):
                return self.seats_short(form, cause)
            if isinstance(cause, errors.WorkshopError):
                add_service_error(form, cause)
            else:
                form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if result.payment_id:
            return redirect("payments:pay", key=result.payment_id)
        return redirect("pages:stay_confirmation", key=result.key)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        workshop = self.workshop
        form = kwargs.get("form")
        ctx.update(
            workshop=workshop,
            session=self.session,
            # Card payment asked (or offered) on this form; the page then says « payé en ligne ».
            online_payment=getattr(form, "online_payment", False),
            hold_minutes=settings.PAYMENTS_HOLD_MINUTES,
            waitlist_form=WaitlistForm() if self.session.seats_left <= 0 else None,
            # Booking inside the cancellation deadline: no online change afterwards, said before.
            late=timezone.now() >= self.session.start - timedelta(hours=workshop.cancellation_deadline_hours),
            total=party_total(kwargs.get("form"), workshop),
        )
        return ctx


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def party_total(form, workshop):
    """The price of the party typed in the form (its initial values before any input)."""
    if form is None:
        return workshop.price
    if form.is_bound:
        size = _int(form.data.get("party_size"), 1)
        children = _int(form.data.get("children"), 0)
    else:
        size, children = _int(form.initial.get("party_size"), 1), _int(form.initial.get("children"), 0)
    size = min(max(size, 1), workshop.max_participants)
    children = min(max(children, 0), size)
    return workshop.price_for(party_size=size, children=children)


class WaitlistJoinView(RateLimitedPostMixin, _SessionMixin, TemplateView):
    rate_limit_scope = "workshops.waitlist"
    template_name = "workshops/public/waitlist_form.html"

    def get(self, request, *args, **kwargs):
        self.load_session()
        return self.render_to_response(self.get_context_data(form=WaitlistForm()))

    def post(self, request, *args, **kwargs):
        self.load_session()
        form = WaitlistForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            entry = services.waitlist_join(
                session_id=self.session.pk,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                party_size=data["party_size"],
                language=request.LANGUAGE_CODE,
            )
        except errors.WorkshopError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request, _("Vous êtes sur la liste d'attente. Nous vous écrirons dès que des places se libèrent.")
        )
        return redirect("workshops:waitlist_claim", token=entry.token)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(workshop=self.workshop, session=self.session)
        return ctx


class WaitlistClaimView(RateLimitedPostMixin, TemplateView):
    """The waitlist entry's private page: its status, and the offer to claim when seats are held."""

    rate_limit_scope = "workshops.waitlist"

    template_name = "workshops/public/waitlist_claim.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        entry = selectors.waitlist_entry_get_by_token(token=self.kwargs["token"])
        ctx.update(
            entry=entry,
            session=entry.session,
            workshop=entry.session.workshop,
            offer_open=entry.is_offer_open(),
        )
        ctx.setdefault("form", WaitlistClaimForm())
        return ctx

    def post(self, request, token):
        entry = selectors.waitlist_entry_get_by_token(token=token)
        if request.POST.get("action") == "leave":
            services.waitlist_leave(token=token)
            messages.success(request, _("Vous avez quitté la liste d'attente."))
            return redirect("workshops:waitlist_claim", token=token)
        form = WaitlistClaimForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            booking = services.waitlist_claim(
                token=entry.token,
                children=form.cleaned_data["children"] or 0,
                consent_contact=form.cleaned_data["consent_contact"],
            )
        except errors.WorkshopError as exc:
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(
            request, _("Réservation confirmée : votre référence est %(ref)s.") % {"ref": booking.reference}
        )
        return redirect(booking.get_manage_url())


class BookingManageView(TemplateView):
    """The private manage link: see, change the party size or cancel within the deadline."""

    template_name = "workshops/public/booking_manage.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        booking = selectors.booking_get_by_token(token=self.kwargs["token"])
        ctx.update(
            booking=booking,
            session=booking.session,
            workshop=booking.session.workshop,
            can_change=booking.can_change(),
            deadline=booking.change_deadline(),
            can_review=booking.is_active
            and booking.session.end <= timezone.now()
            and not Review.objects.filter(booking=booking).exists(),
            confirm_cancel=kwargs.get("confirm_cancel") or self.request.GET.get("annuler") == "1",
            paid_online=selectors.booking_paid_online(booking),
            voucher_paid=selectors.booking_voucher_paid(booking),
        )
        payment = selectors.booking_payment(booking=booking)
        ctx["payment"] = payment
        if payment is not None:
            line = f"booking:{booking.reference}"
            refunds = payment.refunds.order_by("created_at")
            ctx["refunds"] = [r for r in refunds if not r.lines or line in r.lines]
            if booking.is_active:
                # What cancelling now gives back, said before the visitor confirms.
                percent = booking.session.workshop.cancellation_refund_percent
                left = payment.amount - payment.refunded_total()
                ctx["refund_percent"] = percent
                share = (booking.price * percent / Decimal(100)).quantize(Decimal("0.01"))
                ctx["refund_estimate"] = min(left, share)
        if booking.is_active and ctx["can_change"] and payment is None:
            # How many people the change form can add: free seats, within the workshop's maximum.
            free = services.session_seats_left(session=booking.session)
            limit = (
                booking.session.capacity if booking.is_group else booking.session.workshop.max_participants
            )
            ctx["can_add"] = max(0, min(free, limit - booking.party_size))
        ctx.setdefault(
            "form",
            ChangePartyForm(
                workshop=booking.session.workshop,
                initial={
                    "party_size": booking.party_size,
                    "children": booking.children,
                    "youngest_age": booking.youngest_age,
                },
            ),
        )
        ctx["total"] = party_total(ctx["form"], booking.session.workshop)
        return ctx

    def post(self, request, token):
        booking = selectors.booking_get_by_token(token=token)
        action = request.POST.get("action")
        try:
            if action == "cancel" and request.POST.get("confirm") != "yes":
                # Cancelling is a separate, explicit step (no JavaScript needed): show what happens.
                return self.render_to_response(self.get_context_data(confirm_cancel=True))
            if action == "cancel":
                try:
                    services.booking_cancel(booking_id=booking.pk)
                except errors.WorkshopError as exc:
                    return self.render_to_response(self.get_context_data(error=exc.message), status=409)
                messages.success(request, _("Votre réservation est annulée."))
                return redirect(booking.get_manage_url())
            if action == "po_number" and booking.is_group:
                services.booking_set_po_number(
                    booking_id=booking.pk, po_number=request.POST.get("po_number", "")
                )
                messages.success(request, _("Le numéro de bon de commande est enregistré."))
                return redirect(booking.get_manage_url())
            form = ChangePartyForm(request.POST, workshop=booking.session.workshop)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form), status=400)
            data = form.cleaned_data
            services.booking_change_party_size(
                booking_id=booking.pk,
                party_size=data["party_size"],
                children=data["children"],
                youngest_age=data.get("youngest_age"),
            )
        except errors.WorkshopError as exc:
            form = ChangePartyForm(request.POST, workshop=booking.session.workshop)
            form.is_valid()
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, _("Votre réservation est modifiée."))
        return redirect(booking.get_manage_url())


class BookingIcsView(View):
    def get(self, request, token):
        booking = selectors.booking_get_by_token(token=token)
        response = HttpResponse(booking_ics(booking), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="atelier-{booking.reference}.ics"'
        return response


class ReviewView(RateLimitedPostMixin, TemplateView):
    rate_limit_scope = "workshops.review"
    template_name = "workshops/public/review_form.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        booking = selectors.booking_get_by_token(token=self.kwargs["token"])
        ctx.update(
            booking=booking,
            workshop=booking.session.workshop,
            already=Review.objects.filter(booking=booking).exists(),
            too_early=booking.session.end > timezone.now(),
        )
        ctx.setdefault("form", ReviewForm())
        return ctx

    def post(self, request, token):
        booking = selectors.booking_get_by_token(token=token)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.review_submit(
                booking_id=booking.pk,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                author_name=form.cleaned_data["author_name"],
            )
        except errors.WorkshopError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Merci pour votre avis ! Il sera transmis à l'artisan."))
        return redirect(booking.get_manage_url())


class GroupRequestView(RateLimitedPostMixin, TemplateView):
    rate_limit_scope = "workshops.group_request"
    template_name = "workshops/public/group_request_form.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["workshop"] = selectors.workshop_get_public(slug=self.kwargs["slug"])
        ctx.setdefault("form", GroupRequestForm())
        return ctx

    def post(self, request, slug):
        workshop = selectors.workshop_get_public(slug=slug)
        form = GroupRequestForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.group_request_create(
                workshop=workshop, language=request.LANGUAGE_CODE, **form.cleaned_data
            )
        except errors.WorkshopError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _(
                "Votre demande est envoyée à l'artisan, qui vous répondra par e-mail "
                "avec une proposition de date."
            ),
        )
        return redirect(workshop.get_absolute_url())


class GroupProposalView(TemplateView):
    template_name = "workshops/public/group_proposal.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        request = selectors.group_request_get_by_token(token=self.kwargs["token"])
        ctx.update(
            group=request, workshop=request.workshop, total=(request.proposed_price or 0) * request.size
        )
        ctx.setdefault("form", GroupAcceptForm())
        return ctx

    def post(self, request, token):
        group = selectors.group_request_get_by_token(token=token)
        if group.status == GroupRequest.Status.ACCEPTED and group.booking_id:
            return redirect(group.booking.get_manage_url())
        form = GroupAcceptForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            booking = services.group_request_accept(token=token, po_number=form.cleaned_data["po_number"])
        except errors.WorkshopError as exc:
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _("Séance confirmée, paiement sur facture. Référence : %(ref)s.") % {"ref": booking.reference},
        )
        return redirect(booking.get_manage_url())


class MemberFeedView(View):
    """A member's private iCal feed: the token in the address is the only key."""

    def get(self, request, token):
        feed = get_object_or_404(CalendarFeed.objects.select_related("member"), token=token)
        sessions = selectors.session_feed_for_member(member=feed.member)
        body = member_feed_ics(name=f"{feed.member.name} — {settings.OFFICE_NAME}", sessions=sessions)
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")
