"""Questionnaires: the defaults installed, published, new versions with their answer mapping."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from common.audit import log_action

from .. import exceptions as e
from ..defaults import DEFAULTS
from ..exceptions import SelfDiagnosisError
from ..models import (
    Choice,
    Criterion,
    Dimension,
    Indicator,
    IndicatorMapping,
    Questionnaire,
)

# --- Questionnaires --------------------------------------------------------------------------


def questionnaire_install_defaults(*, actor=None) -> list[Questionnaire]:
    """Create (once) and publish the questionnaires of ``defaults.py``. Idempotent: an existing
    version 1 is left as it is (it may already be frozen)."""
    installed = []
    for spec in DEFAULTS:
        with transaction.atomic():
            questionnaire = Questionnaire.objects.filter(code=spec["code"], version=1).first()
            if questionnaire is None:
                questionnaire = _questionnaire_from_spec(spec)
                questionnaire = questionnaire_publish(questionnaire=questionnaire, actor=actor)
            installed.append(questionnaire)
    return installed


def _questionnaire_from_spec(spec: dict) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        code=spec["code"],
        version=1,
        kind=spec["kind"],
        title=spec["title"],
        introduction=spec["introduction"],
        statement=spec["statement"],
    )
    for d_order, d in enumerate(spec["dimensions"]):
        dimension = Dimension.objects.create(
            questionnaire=questionnaire,
            code=d["code"],
            title=d["title"],
            description=d.get("description", ""),
            scored=d.get("scored", True),
            order=d_order,
        )
        for c_order, c in enumerate(d["criteria"]):
            criterion = Criterion.objects.create(
                dimension=dimension,
                order=c_order,
                **{
                    k: c[k]
                    for k in (
                        "code",
                        "title",
                        "public_label",
                        "scope",
                        "mandatory",
                        "weight",
                        "respondent_kinds",
                    )
                },
            )
            for i_order, i in enumerate(c["indicators"]):
                indicator = Indicator.objects.create(
                    criterion=criterion,
                    questionnaire=questionnaire,
                    order=i_order,
                    **{k: v for k, v in i.items() if k != "choices"},
                )
                Choice.objects.bulk_create(
                    [
                        Choice(indicator=indicator, code=code, label=label, points=points, order=n)
                        for n, (code, label, points) in enumerate(i["choices"])
                    ]
                )
    return questionnaire


def questionnaire_publish(*, questionnaire: Questionnaire, actor) -> Questionnaire:
    """Freeze a draft so it can be used in campaigns. Earlier published versions are archived.

    Raises SelfDiagnosisError when it has no indicator. Idempotent."""
    with transaction.atomic():
        questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if questionnaire.status == Questionnaire.Status.PUBLISHED:
            return questionnaire
        if questionnaire.status != Questionnaire.Status.DRAFT:
            raise SelfDiagnosisError(e.QUESTIONNAIRE_FROZEN)
        if not questionnaire.indicators.exists():
            raise SelfDiagnosisError(e.QUESTIONNAIRE_EMPTY)
        Questionnaire.objects.filter(code=questionnaire.code, status=Questionnaire.Status.PUBLISHED).update(
            status=Questionnaire.Status.ARCHIVED
        )
        questionnaire.status = Questionnaire.Status.PUBLISHED
        questionnaire.published_at = timezone.now()
        questionnaire.save(update_fields=["status", "published_at", "updated_at"])
        log_action(actor, "selfdiagnosis.questionnaire.published", questionnaire)
    return questionnaire


def questionnaire_new_version(*, source: Questionnaire, actor) -> Questionnaire:
    """Copy ``source`` into a new draft version; every copied indicator maps back to its
    original, so answers carry over. Staff then edit the draft (and its mappings)."""
    with transaction.atomic():
        last = Questionnaire.objects.filter(code=source.code).order_by("-version").first()
        new = Questionnaire.objects.create(
            code=source.code,
            version=(last.version if last is not None else source.version) + 1,
            kind=source.kind,
            title=source.title,
            introduction=source.introduction,
            statement=source.statement,
            thresholds=source.thresholds,
            previous=source,
        )
        for dimension in source.dimensions.prefetch_related("criteria__indicators__choices"):
            new_dimension = Dimension.objects.create(
                questionnaire=new,
                code=dimension.code,
                title=dimension.title,
                description=dimension.description,
                scored=dimension.scored,
                order=dimension.order,
            )
            for criterion in dimension.criteria.all():
                new_criterion = Criterion.objects.create(
                    dimension=new_dimension,
                    code=criterion.code,
                    title=criterion.title,
                    public_label=criterion.public_label,
                    scope=criterion.scope,
                    mandatory=criterion.mandatory,
                    weight=criterion.weight,
                    respondent_kinds=list(criterion.respondent_kinds),
                    order=criterion.order,
                )
                for indicator in criterion.indicators.all():
                    choices = list(indicator.choices.all())
                    old_pk = indicator.pk
                    indicator.pk = None
                    indicator.id = None
                    indicator._state.adding = True
                    indicator.criterion = new_criterion
                    indicator.questionnaire = new
                    indicator.save()
                    Choice.objects.bulk_create(
                        [
                            Choice(
                                indicator=indicator,
                                code=c.code,
                                label=c.label,
                                points=c.points,
                                order=c.order,
                            )
                            for c in choices
                        ]
                    )
                    IndicatorMapping.objects.create(source_id=old_pk, target=indicator)
        log_action(actor, "selfdiagnosis.questionnaire.versioned", new, source=source.label)
    return new
