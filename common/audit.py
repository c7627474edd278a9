"""Audit helper: services record who did what."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import ActionLog


def log_action(actor, action: str, obj: models.Model | None = None, **data: Any) -> ActionLog:
    """Record ``actor`` doing ``action`` (e.g. "workshops.booking.cancelled") on ``obj``."""
    return ActionLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data={k: _jsonable(v) for k, v in data.items()},
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


# --- Reading the trail on staff pages ---------------------------------------------------------

# What each recorded action means, in words staff read on an object's page. An action missing
# here is still shown (its code, made readable) so nothing recorded is ever hidden.
ACTION_LABELS: dict[str, Any] = {
    "network.application.submitted": _("Candidature déposée"),
    "network.application.taken_in_charge": _("Candidature prise en charge"),
    "network.application.accepted": _("Candidature acceptée"),
    "network.application.refused": _("Candidature refusée"),
    "network.application.waitlisted": _("Candidature mise en liste d'attente"),
    "network.application.info_requested": _("Informations demandées au candidat"),
    "network.application.replied": _("Le candidat a répondu"),
    "network.capacity.set": _("Règle de capacité enregistrée"),
    "network.capacity.deleted": _("Règle de capacité supprimée"),
    "network.charter.drafted": _("Nouvelle version de la charte rédigée"),
    "network.charter.draft_saved": _("Brouillon de la charte modifié"),
    "network.charter.draft_discarded": _("Brouillon de la charte abandonné"),
    "network.charter.published": _("Charte publiée"),
    "network.charter.signed": _("Charte signée"),
    "network.decision_template.created": _("Modèle de réponse créé"),
    "network.decision_template.updated": _("Modèle de réponse modifié"),
    "network.decision_template.deleted": _("Modèle de réponse supprimé"),
    "network.member.colleague_invited": _("Collègue invité"),
    "network.member.lapsed": _("Adhésion échue"),
    "network.member.located": _("Emplacement modifié"),
    "network.member.photo_added": _("Photo ajoutée"),
    "network.member.photo_deleted": _("Photo supprimée"),
    "network.member.profile_updated": _("Profil modifié"),
    "network.member.renewed": _("Adhésion renouvelée"),
    "network.member.status_changed": _("Statut modifié"),
    "network.office.saved": _("Coordonnées de l'office enregistrées"),
    "offers.offer.created": _("Offre créée"),
    "offers.offer.updated": _("Offre modifiée"),
    "offers.offer.submitted": _("Offre soumise à l'office"),
    "offers.offer.preselected": _("Offre présélectionnée"),
    "offers.offer.assessed": _("Offre évaluée"),
    "offers.offer.published": _("Offre publiée"),
    "offers.offer.rejected": _("Offre refusée"),
    "offers.offer.archived": _("Offre archivée"),
    "offers.offer.restored": _("Offre restaurée"),
    "offers.offer.back_to_review": _("Offre renvoyée en relecture après modification"),
    "offers.offer.badge_set": _("Label attribué"),
    "offers.offer.member_linked": _("Offre rattachée à un membre"),
    "shop.order.created": _("Commande passée"),
    "shop.order.ready": _("Commande prête à retirer"),
    "shop.order.collected": _("Commande retirée"),
    "shop.order.cancelled": _("Commande annulée"),
    "shop.order.released": _("Commande libérée (produits remis en vente)"),
    "shop.stock.correction": _("Correction d'inventaire"),
    "shop.stock.return": _("Retour au producteur"),
    "shop.stock.write_off": _("Perte ou casse"),
    "workshops.booking.created": _("Réservation enregistrée"),
    "workshops.booking.cancelled": _("Réservation annulée"),
    "workshops.booking.party_size_changed": _("Nombre de personnes modifié"),
    "workshops.booking.attendance": _("Présence notée"),
    "workshops.booking.paid": _("Réservation payée"),
    "workshops.booking.payment": _("Paiement enregistré"),
    "workshops.booking.hold_released": _("Places retenues libérées"),
    "workshops.booking.po_number": _("Numéro de bon de commande enregistré"),
    "workshops.session.created": _("Séance créée"),
    "workshops.session.series_created": _("Séances créées en série"),
    "workshops.session.cancelled": _("Séance annulée"),
    "workshops.session.capacity_changed": _("Nombre de places modifié"),
    "workshops.session.all_present": _("Tous présents"),
    "workshops.session.go": _("Séance maintenue"),
    "workshops.session.go_no_go_go": _("Séance maintenue (décision automatique)"),
    "workshops.session.go_no_go_asked": _("Artisan sollicité pour maintenir la séance"),
    "workshops.session.go_no_go_auto_cancelled": _("Séance annulée faute de participants"),
    "shop.product.created": _("Produit créé"),
    "shop.product.updated": _("Produit modifié"),
    "offers.type_mapping.created": _("Correspondance de type créée"),
    "offers.type_mapping.updated": _("Correspondance de type modifiée"),
    "offers.type_mapping.deleted": _("Correspondance de type supprimée"),
}

DETAIL_LABELS: dict[str, Any] = {
    "antenna": _("antenne"),
    "before": _("avant"),
    "code": _("code"),
    "craft": _("savoir-faire"),
    "deadline": _("à signer avant le"),
    "email": _("e-mail"),
    "fields": _("champs modifiés"),
    "party_size": _("personnes"),
    "after": _("après"),
    "attendance": _("présence"),
    "bookings": _("réservations"),
    "late": _("en retard"),
    "po_number": _("bon de commande"),
    "quantity": _("quantité"),
    "seats": _("places"),
    "capacity": _("places"),
    "total": _("total"),
    "max_members": _("maximum"),
    "member": _("membre"),
    "message": _("message"),
    "offers": _("offres recalculées"),
    "previous": _("avant"),
    "previous_reviewer": _("examinée avant par"),
    "reason": _("motif"),
    "rejection_reason": _("motif"),
    "source": _("source"),
    "status": _("statut"),
    "status_before_archive": _("statut avant l'archivage"),
    "title": _("titre"),
    "version": _("version"),
}

# Technical details that mean nothing to a reader (timestamps repeat the entry's date).
HIDDEN_DETAILS = {"submitted_at", "published_at", "updated_at", "latitude", "longitude"}


@dataclass(frozen=True)
class AuditEntry:
    created_at: Any
    actor: str
    label: str
    details: list[tuple[str, str]]
    actor_url: str = ""


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    if label is not None:
        return str(label)
    return action.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def _detail_text(value: Any) -> str:
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    if isinstance(value, list):
        return ", ".join(_detail_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} : {_detail_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def _actor_url(actor) -> str:
    """A member's account links to the member's staff page (staff accounts have no page)."""
    member = getattr(actor, "member", None) if actor is not None else None
    if member is None:
        return ""
    from django.urls import reverse

    return reverse("network_staff:member_detail", kwargs={"slug": member.slug})


def _choice_label(obj: models.Model, key: str, value: Any) -> Any:
    """A stored code (« present », « suspended ») by its label when the object's field has choices."""
    try:
        field = obj._meta.get_field(key)
    except Exception:  # a detail that is not a field of the object
        return value
    choices = dict(getattr(field, "flatchoices", None) or [])
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    return value


def _field_name(obj: models.Model, name: str) -> str:
    """A changed field by its French name (« prix de vente TTC », not « price »)."""
    try:
        return str(obj._meta.get_field(name).verbose_name)
    except Exception:  # a translated text (« name_en ») or a field since removed
        return str(name).replace("_", " ")


def audit_entries_for(obj: models.Model, *, limit: int = 50) -> list[AuditEntry]:
    """The audit trail of ``obj``, newest first, in words (one query with the authors)."""
    rows = (
        ActionLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("actor__member")
        .order_by("-created_at", "-pk")[:limit]
    )
    entries = []
    for row in rows:
        data = dict(row.data or {})
        if isinstance(data.get("fields"), list):
            data["fields"] = [_field_name(obj, name) for name in data["fields"]]
        for key, value in data.items():
            data[key] = _choice_label(obj, key, value)
        details = [
            (str(DETAIL_LABELS.get(key, key.replace("_", " "))), _detail_text(value))
            for key, value in data.items()
            if key not in HIDDEN_DETAILS and _detail_text(value)
        ]
        entries.append(
            AuditEntry(
                created_at=row.created_at,
                actor=str(row.actor) if row.actor_id else str(_("système ou compte supprimé")),
                label=action_label(row.action),
                details=details,
                actor_url=_actor_url(row.actor),
            )
        )
    return entries
