"""Development-only tooling: the embedded dev stack, the benchmark, the demo data and the
generated history (``seed_demo``, ``seed_incidents``). Installed outside production only,
and imported by nothing production runs (a contract in the tests keeps it so)."""

from django.apps import AppConfig


class DevConfig(AppConfig):
    name = "csoa.dev"
    label = "dev"
    verbose_name = "Development tooling"
