"""Till documents: VAT rates the French way (« 5,50 % »)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def rate(value) -> str:
    """'5.50' → « 5,50 % »."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    return f"{number_format(amount, 2)}\u00a0%"
