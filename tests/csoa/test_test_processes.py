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


@pytest.mark.parametrize(
    ("url", "database"),
    [("unix:///srv/var/redis.sock?db=4", "4"), ("unix:///srv/var/redis.sock", None),
     ("redis://127.0.0.1:6379/4", None)],
)  # fmt: skip
def test_celery_uses_the_database_a_redis_sockets_url_names(url, database):
    from celery import Celery

    from csoa.settings import _celery_broker, _socket_database

    app = Celery(broker=_celery_broker(url))
    app.conf.broker_vhost = _socket_database(url)
    with app.connection_for_write() as connection:
        channel_db = connection.transport.Channel._prepare_virtual_host(
            None, connection.virtual_host
        )
    assert channel_db == int(database or (url.rsplit("/", 1)[-1] if "redis://" in url else 0))
