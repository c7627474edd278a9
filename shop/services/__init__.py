"""Writes of the shop: one entry point per business action (see the modules below)."""

from .alerts import stock_alerts_send
from .closings import closing_create, closing_month, closing_year
from .figures import footfall_record
from .journal import journal_append, journal_verify
from .orders import order_collect, order_create, order_mark_ready, order_release, orders_release_expired
from .products import product_create, product_update
from .sales import sale_create, sale_exchange, sale_return, sale_reverse
from .statements import (
    statement_close,
    statement_close_month,
    statement_generate,
    statement_generate_month,
    statement_mark_paid,
)
from .stock import deposit_cancel, deposit_receive, deposit_request, stock_adjust
from .till import (
    cash_movement_record,
    event_record,
    journal_check_record,
    receipt_reprint,
    till_default,
    till_session_close,
    till_session_open,
    till_sign_in,
)

__all__ = [
    "cash_movement_record",
    "closing_create",
    "closing_month",
    "closing_year",
    "event_record",
    "journal_check_record",
    "receipt_reprint",
    "sale_exchange",
    "sale_return",
    "till_default",
    "till_session_close",
    "till_session_open",
    "till_sign_in",
    "deposit_cancel",
    "deposit_receive",
    "deposit_request",
    "footfall_record",
    "journal_append",
    "journal_verify",
    "order_collect",
    "order_create",
    "order_mark_ready",
    "order_release",
    "orders_release_expired",
    "product_create",
    "product_update",
    "sale_create",
    "sale_reverse",
    "statement_close",
    "statement_close_month",
    "statement_generate",
    "statement_generate_month",
    "statement_mark_paid",
    "stock_adjust",
    "stock_alerts_send",
]
