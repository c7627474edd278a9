from tests.localstripe import localstripe_url, stripe_off, stripe_on  # noqa: F401
