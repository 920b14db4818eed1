"""Shared counters for the per-IP / per-device limits and the captcha threshold, exact under concurrent requests.

A vote first *reserves* its place in each counter with an atomic increment and then compares the value it got with
the limit: of two requests racing for the last place, exactly one sees a value within the limit. A vote that is then
refused (by that limit, by the captcha or by any later rule) hands its places back with a decrement. So a counter
never lets more votes through than its limit; while a request that will be refused still holds its place, another
request may be refused a moment too early (the safe side).

On Redis (production: shared by every app server) all increments of a vote are one Lua script in one round trip
(`SET key 0 EX ttl NX` then `INCR key` for each), and so are the decrements. On any other cache backend, `add` then `incr`:
atomic within one process for the local-memory cache (it holds a lock), which is only good for one process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches

if TYPE_CHECKING:
    from typing import Any

TTL = 25 * 3600
# A key "name<TAB>member" is a set, not a counter: reserving adds the member and answers how many distinct members it
# holds (the distinct verified numbers seen at an address); releasing leaves it as it is (the number was seen).
MEMBER = "\t"


RESERVE = """
local out = {}
for i, key in ipairs(KEYS) do
    local cut = string.find(key, '\t', 1, true)
    if cut then
        local set = string.sub(key, 1, cut - 1)
        redis.call('SADD', set, string.sub(key, cut + 1))
        redis.call('EXPIRE', set, ARGV[1])
        out[i] = redis.call('SCARD', set)
    else
        redis.call('SET', key, 0, 'EX', ARGV[1], 'NX')
        out[i] = redis.call('INCR', key)
    end
end
return out
"""
RELEASE = "for _, key in ipairs(KEYS) do if not string.find(key, '\\t', 1, true) then redis.call('DECR', key) end end return 0"


class _Redis:
    """One client (and its scripts) per cache backend object, reused: Django's Redis cache builds a new client
    object for every operation, which costs more CPU than the round trip itself on the vote's hot path."""

    def __init__(self, backend):
        self.backend = backend
        self.client = backend._cache.get_client(write=True)
        self.reserve = self.client.register_script(RESERVE)
        self.release = self.client.register_script(RELEASE)
        self.loads = backend._cache._serializer.loads

    def key(self, key):
        return self.backend.make_key(key)


def _redis():
    """The shared-counter helper when the default cache is Django's Redis backend; else None."""
    backend = caches[DEFAULT_CACHE_ALIAS]  # this thread's backend object (what the `cache` proxy stands for)
    helper = getattr(backend, "_vote_redis", None)
    if helper is None:
        if type(backend).__name__ != "RedisCache":
            return None
        helper = backend._vote_redis = _Redis(backend)  # type: ignore[attr-defined]  # kept on the backend object
    return helper


def get(key: str) -> Any:
    """cache.get(key), with one reused client on Redis."""
    redis = _redis()
    if redis is None:
        return cache.get(key)
    value = redis.client.get(redis.key(key))
    return None if value is None else redis.loads(value)


def reserve(keys, ttl=TTL):
    """Increment each key by one (created at 0 with `ttl` if absent); returns the values after the increments, in
    order. A key may repeat (several votes' counters at once): each occurrence takes the next place."""
    keys = list(keys)
    if not keys:
        return []
    redis = _redis()
    if redis is not None:  # one round trip, one script: atomic as a whole
        return [int(value) for value in redis.reserve(keys=[redis.key(k) for k in keys], args=[ttl])]
    out = []
    for key in keys:
        if MEMBER in key:  # one process's cache (development): a set held as a value
            name, member = key.split(MEMBER, 1)
            members = cache.get(name) or set()
            members.add(member)
            cache.set(name, members, ttl)
            out.append(len(members))
            continue
        cache.add(key, 0, ttl)
        try:
            out.append(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.add(key, 0, ttl)
            out.append(cache.incr(key))
    return out


def release(keys):
    """Hand back places taken by `reserve` for a vote that was not recorded."""
    keys = list(keys)
    if not keys:
        return
    redis = _redis()
    if redis is not None:
        redis.release(keys=[redis.key(k) for k in keys])
        return
    for key in keys:
        if MEMBER in key:
            continue
        try:
            cache.decr(key)
        except ValueError:
            pass
