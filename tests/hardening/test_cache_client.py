"""The Redis cache backend (common.cache): one Redis client per connection pool, reused by every
call, against a real Redis (db 12); values, expiry, many-key reads and a forked process work."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches
from django.test import override_settings


@pytest.fixture
def redis_cache(redis_url):
    setting = {"default": {"BACKEND": "common.cache.RedisCache", "LOCATION": f"{redis_url}/12"}}
    with override_settings(CACHES=setting):
        cache = caches["default"]
        cache.clear()
        yield cache
        cache.clear()


def test_one_client_is_reused_by_every_call(redis_cache):
    backend = redis_cache._cache
    first = backend.get_client("a")
    assert backend.get_client("b") is first
    assert backend.get_client("c", write=True) is first  # one server: reads and writes share a pool


def test_values_round_trip(redis_cache):
    redis_cache.set("k", {"titre": "Poterie d'été & <raku>"}, 30)
    redis_cache.set_many({"a": 1, "b": "deux"}, 30)
    assert redis_cache.get("k") == {"titre": "Poterie d'été & <raku>"}
    assert redis_cache.get_many(["a", "b", "absent"]) == {"a": 1, "b": "deux"}
    assert redis_cache.incr("a") == 2
    redis_cache.delete("k")
    assert redis_cache.get("k", "gone") == "gone"
    redis_cache.set("short", "x", 0)  # a timeout of 0 stores nothing
    assert redis_cache.get("short") is None


def test_a_forked_process_gets_its_own_connection(redis_cache):
    redis_cache.set("before-fork", "oui", 30)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the shared client notices the new process and reconnects
        try:
            value = redis_cache.get("before-fork")
            redis_cache.set("from-child", "bonjour", 30)
            os.write(write, (value or "").encode())
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    assert os.read(read, 100) == b"oui"
    assert status == 0
    assert redis_cache.get("from-child") == "bonjour"
