import pytest

from tests.localstripe import localstripe_url, stripe_off, stripe_on  # noqa: F401


@pytest.fixture
def hook_calls():
    """Register recording handlers for the test reference kind; removed afterwards."""
    from payments import hooks

    calls: list[tuple[str, str]] = []
    handlers = {
        event: (lambda payment, event=event: calls.append((event, payment.reference_id)))
        for event in ("succeeded", "failed", "expired")
    }
    for event, handler in handlers.items():
        hooks.register(f"test.thing:{event}", handler)
    yield calls
    for event, handler in handlers.items():
        hooks.unregister(f"test.thing:{event}", handler)
