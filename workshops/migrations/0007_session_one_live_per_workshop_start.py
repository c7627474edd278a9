from django.db import migrations, models


def cancel_empty_duplicates(apps, schema_editor):
    """Before the unique index: cancel the empty copies of a doubled slot (keep the oldest
    or the booked one). Two *booked* live sessions at the same start need a person: stop."""
    Session = apps.get_model("workshops", "Session")
    Booking = apps.get_model("workshops", "Booking")
    seen: dict[tuple[int, object], int] = {}
    blocked = []
    live = Session.objects.exclude(status="cancelled").order_by("workshop_id", "start", "-seats_booked", "id")
    for session in live.iterator():
        key = (session.workshop_id, session.start)
        if key not in seen:
            seen[key] = session.id
            continue
        if Booking.objects.filter(session_id=session.id).exclude(status="cancelled").exists():
            blocked.append((seen[key], session.id))
            continue
        Session.objects.filter(pk=session.pk).update(
            status="cancelled", cancelled_reason="Doublon d'une autre séance au même horaire"
        )
    if blocked:
        raise RuntimeError(f"Booked duplicate sessions to merge by hand (kept id, duplicate id): {blocked}")


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0006_catalogue_changes"),
    ]

    operations = [
        migrations.RunPython(cancel_empty_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="session",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "cancelled"), _negated=True),
                fields=("workshop", "start"),
                name="session_one_live_per_workshop_start",
            ),
        ),
    ]
