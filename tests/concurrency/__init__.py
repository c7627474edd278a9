"""Race tests: threads that start together (a barrier) against the real database."""

import threading

from django.db import connection


def run_at_once(n, target):
    """Call ``target(i)`` for i in 0..n-1 from n threads released together; returns each
    result, or the exception it raised (the loser's answer is what a race test checks). Each
    thread closes its own database connection."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def worker(i):
        try:
            barrier.wait()
            try:
                results[i] = target(i)
            except Exception as exc:  # noqa: BLE001 - returned to the test
                results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results
