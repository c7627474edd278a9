"""``manage.py rundemo``: the development server with a local stand-in of Stripe.

``make run`` uses it so that a newcomer can pay in the demo offline: it starts localstripe
(a development dependency) on a loopback port, gives the site test keys pointing at it,
registers the site's webhook there, then runs ``runserver``. With real keys in the
environment (``STRIPE_SECRET_KEY``), or without localstripe installed, it is plain runserver.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.urls import reverse

STARTED = "MAILLAGE_LOCALSTRIPE"
DEMO_KEYS = {
    "STRIPE_SECRET_KEY": "sk_test_maillage_demo",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_maillage_demo",
    "STRIPE_WEBHOOK_SECRET": "whsec_maillage_demo",
}


def _free_port(preferred: int = 8420) -> int:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(port: int, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


class Command(BaseCommand):
    help = "runserver, with localstripe started so that the demo can pay by card offline."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_true", help="runserver without the autoreloader")

    def handle(self, *args, addrport: str, noreload: bool = False, **options):
        def runserver():
            return call_command("runserver", addrport, use_reloader=not noreload)

        # The autoreloader runs this command again in a child process: the keys are in its
        # environment already, and localstripe is the parent's.
        if settings.STRIPE_SECRET_KEY or os.environ.get(STARTED):
            return runserver()
        if importlib.util.find_spec("localstripe") is None:
            self.stdout.write("localstripe n'est pas installé : paiement en ligne désactivé (sur place).")
            return runserver()
        # Stopped by a signal (make run's terminal closed…): localstripe goes with us.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        port = _free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            if not _wait(port):
                self.stdout.write("localstripe n'a pas démarré : paiement en ligne désactivé (sur place).")
                return runserver()
            base = f"http://127.0.0.1:{port}"
            env = {**DEMO_KEYS, "STRIPE_API_BASE": base, "STRIPE_JS_URL": f"{base}/js.stripe.com/v3/"}
            os.environ.update(env, **{STARTED: "1"})
            for name, value in env.items():
                setattr(settings, name, value)
            host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
            hook = f"http://{host}{reverse('payments:webhook', kwargs={'provider': 'stripe'})}"
            secret = DEMO_KEYS["STRIPE_WEBHOOK_SECRET"]
            body = urllib.parse.urlencode({"url": hook, "secret": secret}).encode()
            urllib.request.urlopen(f"{base}/_config/webhooks/maillage", data=body, timeout=5).close()
            self.stdout.write(
                f"localstripe sur {base} : payez la démo avec la carte 4242 4242 4242 4242 "
                "(refusée : 4000 0000 0000 0002)."
            )
            return runserver()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
