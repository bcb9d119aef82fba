import pytest

from .server import FeedServer


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()
