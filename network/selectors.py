"""Reads of the network app. Other apps use these (and only these) to see the network.

Public selectors for other apps:

- ``member_list_active()``: active members (the directory), with commune, antenna, crafts.
- ``member_get_public(slug=)``: one active member or 404.
- ``craft_list()``, ``antenna_list()``, ``commune_list()``, ``commune_get(insee_code=)``.
- ``members_near(lat=, lon=, max_minutes=)``: active members annotated with
  ``travel_minutes`` (see ``common.geo``), closest first, within ``max_minutes`` if given.
- ``member_has_signed_current_charter(member)``: bool.
- ``antennas_for_coordinator(user)``: the antennas a user may manage (all for office staff).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse

from common.access import is_office_staff, is_staff_user
from common.geo import travel_minutes_expression

from .filters import ApplicationFilter, ContactFilter, MemberDirectoryFilter, StaffMemberFilter
from .models import (
    Antenna,
    CapacityRule,
    CharterSignature,
    CharterVersion,
    Commune,
    Contact,
    Craft,
    Member,
    MemberPhoto,
    MembershipApplication,
    Office,
)

# --- Territory -------------------------------------------------------------------------


def craft_list() -> QuerySet[Craft]:
    return Craft.objects.order_by("name")


def antenna_list() -> QuerySet[Antenna]:
    return Antenna.objects.select_related("territory").order_by("name")


def antenna_list_with_counts() -> QuerySet[Antenna]:
    return Antenna.objects.annotate(
        active_members=Count("members", filter=Q(members__status=Member.Status.ACTIVE))
    ).order_by("name")


def commune_list() -> QuerySet[Commune]:
    return Commune.objects.select_related("antenna").order_by("name")


def commune_get(*, insee_code: str) -> Commune:
    return get_object_or_404(commune_list(), insee_code=insee_code)


def antennas_for_coordinator(user) -> QuerySet[Antenna]:
    """Antennas ``user`` may see and decide for: all for office staff, theirs for coordinators."""
    if is_office_staff(user):
        return Antenna.objects.order_by("name")
    if is_staff_user(user):
        return Antenna.objects.filter(coordinators=user).order_by("name")
    return Antenna.objects.none()


def coordinated_antenna_ids(user) -> list[int] | None:
    """The ids of the antennas a staff user is limited to; None when they see every antenna
    (office staff). The ONE rule of « what a coordinator sees », with ``in_antennas``."""
    if is_office_staff(user):
        return None
    return list(antennas_for_coordinator(user).values_list("pk", flat=True))


def in_antennas(antennas, *, member: str = "member", commune: str | None = None) -> Q:
    """Objects in ``antennas``: by their member's antenna; an object without a member (an external
    provider's offer…) by its commune's antenna when ``commune`` names that path.

    An offer whose member belongs to antenna A but whose commune lies in antenna B is A's.
    """
    q = Q(**{f"{member}__antenna__in": antennas})
    if commune is not None:
        q |= Q(**{f"{member}__isnull": True, f"{commune}__antenna__in": antennas})
    return q


def scope_to_antennas(user, queryset, *, member: str = "member", commune: str | None = None):
    """``queryset`` as ``user`` may see it: everything for office staff, their antennas' for
    coordinators (see ``in_antennas``), nothing for anyone else."""
    antennas = coordinated_antenna_ids(user)
    if antennas is None:
        return queryset
    return queryset.filter(in_antennas(antennas, member=member, commune=commune))


# --- Members ---------------------------------------------------------------------------


def member_public_queryset() -> QuerySet[Member]:
    return (
        Member.objects.filter(status=Member.Status.ACTIVE)
        .select_related("commune", "antenna")
        .prefetch_related("crafts")
    )


def member_list_active() -> QuerySet[Member]:
    return member_public_queryset().order_by("name")


def member_get_public(*, slug: str) -> Member:
    queryset = member_public_queryset().prefetch_related(
        Prefetch("photos", queryset=MemberPhoto.objects.order_by("position", "id"))
    )
    return get_object_or_404(queryset, slug=slug)


def members_near(*, lat: float, lon: float, max_minutes: float | None = None) -> QuerySet[Member]:
    queryset = member_public_queryset().annotate(
        travel_minutes=travel_minutes_expression(lat, lon, "latitude", "longitude")
    )
    if max_minutes is not None:
        queryset = queryset.filter(travel_minutes__lte=max_minutes)
    return queryset.order_by("travel_minutes", "name")


@dataclass
class Directory:
    filterset: MemberDirectoryFilter
    members: QuerySet[Member]
    origin: tuple[float, float, str] | None


def member_directory(*, params: QueryDict) -> Directory:
    """The public directory: filters applied, sorted by travel time when an origin is given."""
    filterset = MemberDirectoryFilter(params, queryset=member_public_queryset())
    members = filterset.qs
    origin = filterset.origin()
    if origin is not None:
        lat, lon, _name = origin
        members = members.annotate(
            travel_minutes=travel_minutes_expression(lat, lon, "latitude", "longitude")
        )
        max_minutes = filterset.max_minutes()
        if max_minutes is not None:
            members = members.filter(travel_minutes__lte=max_minutes)
        members = members.order_by("travel_minutes", "name")
    else:
        members = members.order_by("name")
    return Directory(filterset=filterset, members=members, origin=origin)


def member_map_points(*, members: QuerySet[Member]) -> list[dict]:
    """Plain rows for the map markers: one query, no model instances, crafts aggregated."""
    url = reverse("pages:member_detail", kwargs={"slug": "__slug__"})
    rows = (
        members.order_by()
        .values("slug", "name", "latitude", "longitude", "commune__name")
        .annotate(craft_names=ArrayAgg("crafts__name", distinct=True, default=[]))
    )
    return [
        {
            "name": r["name"],
            "lat": r["latitude"],
            "lon": r["longitude"],
            "url": url.replace("__slug__", r["slug"]),
            "commune": r["commune__name"],
            "crafts": ", ".join(n for n in r["craft_names"] if n),
        }
        for r in rows
    ]


def member_list_for_staff(*, user, params: QueryDict | None = None) -> StaffMemberFilter:
    queryset = (
        Member.objects.filter(antenna__in=antennas_for_coordinator(user))
        .select_related("commune", "antenna")
        .prefetch_related("crafts", "users")
        .annotate(signed_current=Exists(_current_signature_subquery()))
        .order_by("name")
    )
    return StaffMemberFilter(params or QueryDict(), queryset=queryset)


def member_get_for_staff(*, user, slug: str) -> Member:
    queryset = (
        Member.objects.filter(antenna__in=antennas_for_coordinator(user))
        .select_related("commune", "antenna")
        .prefetch_related("crafts", "users", "charter_signatures__version")
    )
    return get_object_or_404(queryset, slug=slug)


def member_photos(*, member: Member) -> QuerySet[MemberPhoto]:
    return MemberPhoto.objects.filter(member=member).order_by("position", "id")


# --- Charter ---------------------------------------------------------------------------


def charter_current() -> CharterVersion | None:
    return CharterVersion.objects.filter(published_at__isnull=False).order_by("-number").first()


def charter_history() -> QuerySet[CharterVersion]:
    return CharterVersion.objects.filter(published_at__isnull=False).order_by("-number")


def charter_get_published(*, number: int) -> CharterVersion:
    return get_object_or_404(charter_history(), number=number)


def _current_signature_subquery():
    current = CharterVersion.objects.filter(published_at__isnull=False).order_by("-number")
    return CharterSignature.objects.filter(member=OuterRef("pk"), version=current.values("pk")[:1])


def charter_draft() -> CharterVersion | None:
    """The version being drafted: the highest-numbered one not yet published."""
    return CharterVersion.objects.filter(published_at__isnull=True).order_by("-number").first()


def charter_next_number() -> int:
    last = CharterVersion.objects.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def charter_commitment_changes(
    previous: CharterVersion | None, current: CharterVersion
) -> list[tuple[str, str]]:
    """What changed between two versions' commitments: ("added"|"removed"|"same", text).

    The one diff members see before signing and staff preview before publishing.
    """
    old = previous.commitments if previous else []
    lines: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=current.commitments).get_opcodes():
        if op == "equal":
            lines += [("same", t) for t in current.commitments[b1:b2]]
        else:
            lines += [("removed", t) for t in old[a1:a2]]
            lines += [("added", t) for t in current.commitments[b1:b2]]
    return lines


def member_has_signed_current_charter(member: Member) -> bool:
    current = charter_current()
    if current is None:
        return True
    return CharterSignature.objects.filter(member=member, version=current).exists()


def charter_current_for(*, member_id: int) -> dict | None:
    """The current charter's number and deadline and whether ``member_id`` signed it: one query."""
    return (
        CharterVersion.objects.filter(published_at__isnull=False)
        .annotate(signed=Exists(CharterSignature.objects.filter(member_id=member_id, version=OuterRef("pk"))))
        .order_by("-number")
        .values("number", "sign_deadline", "signed")
        .first()
    )


def member_last_signature(*, member: Member) -> CharterSignature | None:
    return (
        CharterSignature.objects.filter(member=member)
        .select_related("version", "signer")
        .order_by("-version__number")
        .first()
    )


def members_without_current_signature(*, user=None) -> QuerySet[Member]:
    """Active members who have not signed the published version with the highest number."""
    if charter_current() is None:
        return Member.objects.none()
    queryset = Member.objects.filter(status=Member.Status.ACTIVE)
    if user is not None:
        queryset = queryset.filter(antenna__in=antennas_for_coordinator(user))
    return (
        queryset.exclude(Exists(_current_signature_subquery()))
        .select_related("antenna", "commune")
        .prefetch_related(
            Prefetch(
                "charter_signatures",
                queryset=CharterSignature.objects.select_related("version").order_by("-version__number"),
            )
        )
        .order_by("charter_overdue_since", "name")
    )


# --- Applications and capacity ---------------------------------------------------------


def application_get_by_token(*, token: str) -> MembershipApplication:
    queryset = MembershipApplication.objects.select_related("commune", "antenna").prefetch_related(
        "crafts", "documents"
    )
    return get_object_or_404(queryset, token=token)


def application_open_for_email(*, email: str) -> MembershipApplication | None:
    return MembershipApplication.objects.filter(
        email__iexact=email, status__in=MembershipApplication.OPEN_STATUSES
    ).first()


def application_list_for_staff(*, user, params: QueryDict | None = None) -> ApplicationFilter:
    """Applications the user may decide on (coordinators: their antennas only).

    Without a status filter, open applications are listed, oldest first.
    """
    params = params or QueryDict()
    queryset = (
        MembershipApplication.objects.filter(antenna__in=antennas_for_coordinator(user))
        .select_related("commune", "antenna", "reviewer")
        .prefetch_related("crafts")
        .annotate(document_count=Count("documents", distinct=True))
    )
    if not params.get("status"):
        queryset = queryset.filter(status__in=MembershipApplication.OPEN_STATUSES)
    return ApplicationFilter(params, queryset=queryset.order_by("created_at"), user=user)


def application_get_for_staff(*, user, reference: str) -> MembershipApplication:
    queryset = (
        MembershipApplication.objects.filter(antenna__in=antennas_for_coordinator(user))
        .select_related("commune", "antenna", "charter_version", "decided_by", "reviewer", "member")
        .prefetch_related("crafts", "documents")
    )
    return get_object_or_404(queryset, reference=reference)


def waitlist_positions() -> dict[int, int]:
    """Position of every waitlisted application in its antenna × craft queue (1 = next).

    An application with several crafts takes its best position.
    """
    queues: dict[tuple[int, int], int] = defaultdict(int)
    positions: dict[int, int] = {}
    waitlisted = (
        MembershipApplication.objects.filter(status=MembershipApplication.Status.WAITLISTED)
        .order_by("waitlisted_at", "id")
        .prefetch_related(Prefetch("crafts", queryset=Craft.objects.only("id")))
    )
    for application in waitlisted:
        best = None
        for craft in application.crafts.all():
            queues[(application.antenna_id, craft.id)] += 1
            position = queues[(application.antenna_id, craft.id)]
            best = position if best is None else min(best, position)
        positions[application.id] = best or 1
    return positions


def waitlist_first_for(*, antenna: Antenna, crafts) -> MembershipApplication | None:
    """The applicant waiting longest for one of ``crafts`` in ``antenna``."""
    return (
        MembershipApplication.objects.filter(
            status=MembershipApplication.Status.WAITLISTED, antenna=antenna, crafts__in=list(crafts)
        )
        .select_related("commune")
        .order_by("waitlisted_at", "id")
        .first()
    )


@dataclass
class CapacityLine:
    rule: CapacityRule
    used: int

    @property
    def free(self) -> int:
        return max(self.rule.max_members - self.used, 0)

    @property
    def is_full(self) -> bool:
        return self.used >= self.rule.max_members


def capacity_rules_for(*, antenna_id: int, craft_ids) -> QuerySet[CapacityRule]:
    return (
        CapacityRule.objects.filter(
            Q(craft__isnull=True) | Q(craft_id__in=list(craft_ids)), antenna_id=antenna_id
        )
        .select_related("craft", "antenna")
        .order_by("id")
    )


def capacity_used(*, rule: CapacityRule, exclude_member_id: int | None = None) -> int:
    members = Member.objects.filter(antenna_id=rule.antenna_id, status=Member.Status.ACTIVE)
    if rule.craft_id:
        members = members.filter(crafts=rule.craft_id)
    if exclude_member_id:
        members = members.exclude(pk=exclude_member_id)
    return members.count()


def capacity_for(*, antenna_id: int, craft_ids) -> list[CapacityLine]:
    return [
        CapacityLine(rule=rule, used=capacity_used(rule=rule))
        for rule in capacity_rules_for(antenna_id=antenna_id, craft_ids=craft_ids)
    ]


def capacity_rule_list_for_staff(*, user) -> list[CapacityLine]:
    """The capacity rules of the antennas ``user`` may see, each with its places taken."""
    rules = (
        CapacityRule.objects.filter(antenna__in=antennas_for_coordinator(user))
        .select_related("craft", "antenna")
        .order_by("antenna__name", "craft__name", "id")
    )
    return [CapacityLine(rule=rule, used=capacity_used(rule=rule)) for rule in rules]


def capacity_rule_get_for_staff(*, user, pk: int) -> CapacityRule:
    return get_object_or_404(
        CapacityRule.objects.filter(antenna__in=antennas_for_coordinator(user)).select_related(
            "craft", "antenna"
        ),
        pk=pk,
    )


def freed_places_with_waitlist(*, user) -> list[tuple[CapacityLine, MembershipApplication]]:
    """Capacity rules with a free place while someone waits for them: staff act on these."""
    result = []
    antennas = antennas_for_coordinator(user)
    rules = CapacityRule.objects.filter(antenna__in=antennas).select_related("craft", "antenna")
    for rule in rules.order_by("antenna__name", "craft__name"):
        line = CapacityLine(rule=rule, used=capacity_used(rule=rule))
        if line.is_full:
            continue
        waiting = MembershipApplication.objects.filter(
            status=MembershipApplication.Status.WAITLISTED, antenna=rule.antenna
        )
        if rule.craft_id:
            waiting = waiting.filter(crafts=rule.craft_id)
        first = waiting.order_by("waitlisted_at", "id").first()
        if first is not None:
            result.append((line, first))
    return result


@dataclass
class InventoryRow:
    craft: Craft
    cells: list[tuple[Antenna, int, int | None]]  # antenna, active members, capacity
    total: int


def craft_inventory() -> tuple[list[Antenna], list[InventoryRow]]:
    """« Inventaire des savoir-faire »: active members per craft × antenna, in 4 queries."""
    antennas = list(Antenna.objects.order_by("name"))
    crafts = list(Craft.objects.order_by("name"))
    counts = {
        (row["antenna_id"], row["crafts"]): row["n"]
        for row in Member.objects.filter(status=Member.Status.ACTIVE)
        .values("antenna_id", "crafts")
        .annotate(n=Count("id", distinct=True))
    }
    limits = {
        (rule.antenna_id, rule.craft_id): rule.max_members
        for rule in CapacityRule.objects.filter(craft__isnull=False)
    }
    rows = []
    for craft in crafts:
        cells = [(a, counts.get((a.id, craft.id), 0), limits.get((a.id, craft.id))) for a in antennas]
        rows.append(InventoryRow(craft=craft, cells=cells, total=sum(c[1] for c in cells)))
    return antennas, rows


# --- Contacts --------------------------------------------------------------------------


def contact_list_for_staff(*, params: QueryDict | None = None) -> ContactFilter:
    """Contacts for office staff, most recently seen first, with the list's filters."""
    return ContactFilter(params or QueryDict(), queryset=Contact.objects.order_by("-last_seen_at", "id"))


def contact_reachable(*, purpose: str) -> QuerySet[Contact]:
    """THE consent registry: contacts who may be written to for ``purpose`` right now.

    Every export and every send (network CSV, workshops CSV, segments, campaigns, surveys) goes
    through here: news need a consent (or soft opt-in) not withdrawn since; surveys are sent
    unless the person objected; an address reported undeliverable (bounce, complaint) never.
    """
    from network.models import ConsentPurpose

    qs = Contact.objects.filter(undeliverable_at__isnull=True)
    if purpose == ConsentPurpose.NEWS:
        return qs.filter(marketing_consent=True)
    if purpose == ConsentPurpose.SURVEYS:
        return qs.filter(surveys_opt_out_at__isnull=True)
    raise ValueError(f"unknown purpose {purpose!r}")


def email_reachable(*, email: str, purpose: str) -> bool:
    return contact_reachable(purpose=purpose).filter(email=(email or "").strip().lower()).exists()


def contact_export_consenting(*, params: QueryDict | None = None) -> QuerySet[Contact]:
    """Only contacts the registry says may receive news, whatever the filters say."""
    from network.models import ConsentPurpose

    params = (params or QueryDict()).copy()
    params.pop("consent", None)  # the consent filter of the list can never widen the export
    reachable = contact_reachable(purpose=ConsentPurpose.NEWS).values("pk")
    return contact_list_for_staff(params=params).qs.filter(pk__in=reachable).order_by("email")


def contact_get_by_token(*, token: str) -> Contact:
    return get_object_or_404(Contact, unsubscribe_token=token)


def office_list() -> QuerySet[Office]:
    return Office.objects.select_related("antenna").order_by("-is_main", "position", "name")


def office_main() -> Office:
    """The main office: the seller on documents and publisher of the site.

    Falls back to the first office, then to an unsaved one named after ``SITE_NAME`` so that
    documents and pages render on an empty database.
    """
    office = office_list().first()
    if office is None:
        from django.conf import settings

        office = Office(name=getattr(settings, "SITE_NAME", "Maillage"), is_main=True)
    return office
