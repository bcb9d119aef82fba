"""Backing off from a service that cannot be reached (Redis as the cache, the broker), so an
outage costs each request nothing rather than a connection timeout per call: after a
failure the service is not asked again from this process for ``retry_after`` seconds."""

from __future__ import annotations

import logging
import threading
import time

logger = logging.getLogger(__name__)


class Outage:
    """When a service was last found unreachable, shared by the threads of a process."""

    def __init__(self, service: str, retry_after: float) -> None:
        self.service = service
        self.retry_after = retry_after
        self.until = 0.0
        self.lock = threading.Lock()

    def ongoing(self) -> bool:
        return time.monotonic() < self.until

    def begin(self, error: BaseException) -> None:
        """The service failed: say so once per outage, and leave it alone for a while."""
        with self.lock:
            if not self.ongoing():
                logger.warning("%s cannot be reached: %s", self.service, error)
            self.until = time.monotonic() + self.retry_after

    def end(self) -> None:
        self.until = 0.0
