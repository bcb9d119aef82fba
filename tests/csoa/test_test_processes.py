"""The test processes of ``make test`` (pytest-xdist) each have a Redis database of their
own, on the machine's Redis and on the embedded one's socket alike."""

import pytest

from tests.settings import _redis_of_worker


@pytest.mark.parametrize(
    ("given", "worker", "used"),
    [
        ("redis://127.0.0.1:6379/5", "gw0", "redis://127.0.0.1:6379/6"),
        ("redis://127.0.0.1:6379/5", "gw1", "redis://127.0.0.1:6379/7"),
        ("redis://127.0.0.1:6379", "gw0", "redis://127.0.0.1:6379/1"),
        ("unix:///srv/var/test/redis.sock?db=0", "gw0", "unix:///srv/var/test/redis.sock?db=1"),
        ("unix:///srv/var/test/redis.sock", "gw3", "unix:///srv/var/test/redis.sock?db=4"),
    ],
)
def test_each_test_process_has_a_redis_database_of_its_own(given, worker, used):
    assert _redis_of_worker(given, worker) == used
