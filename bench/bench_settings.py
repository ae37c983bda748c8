"""Settings for bench/pages.py: the site's own settings, plus one trivial view to compare
against (bench/bench_urls.py), served by the same processes through the same middleware."""

import os

from complaints_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
if os.environ.get("BENCH_NO_CACHE"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# collectstatic for the bench goes to a throwaway folder, not the project's staticfiles/.
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
