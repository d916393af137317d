"""Keep every run offline and telemetry-free.

Imported first by ``governance/__init__.py`` so the variables are in place before
Prefect, Great Expectations, tldextract or Hugging Face libraries are imported.
"""

from __future__ import annotations

import os

OFFLINE_ENV: dict[str, str] = {
    # Prefect SDK and server analytics.
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Great Expectations analytics.
    "GX_ANALYTICS_ENABLED": "false",
    # tldextract (inside Presidio's email recognizer): use the bundled public suffix
    # snapshot instead of fetching it.
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    # Hugging Face libraries: never reach for a hub.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    # Ray (runner `ray`): no usage statistics.
    "RAY_USAGE_STATS_ENABLED": "0",
}


# Defaults a user may override: Prefect's temporary API waits 20 s for its server, too
# little on a busy machine (or in a worker started beside others).
DEFAULT_ENV: dict[str, str] = {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}


def apply() -> None:
    """Force the offline, no-telemetry settings into this process's environment."""
    os.environ.update(OFFLINE_ENV)
    for name, value in DEFAULT_ENV.items():
        os.environ.setdefault(name, value)
