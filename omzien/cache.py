"""Django's Redis cache, with one client per connection pool.

Django's client makes a new redis.Redis for every cache operation (the pool
stays), and redis-py builds its table of response callbacks in each: about
a tenth of a millisecond, several times per API request (throttle, data
version, stored answer). A redis.Redis may be shared between threads (it
takes a connection from the pool per command), so one per pool is enough.
"""

from django.core.cache.backends import redis


class _Client(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
