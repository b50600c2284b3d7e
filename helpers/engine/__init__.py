"""The door to the Docker daemon: connection, time limits, Indonesian errors, labels and name checks.

Everything else in ``helpers`` reaches the engine through :func:`client` and wraps its calls in
:func:`engine_errors`, so a failure anywhere reads the same to a learner.
"""

from .connection import (
                         DEFAULT_TIMEOUT,
                         ENGINE_FAILURES,
                         client,
                         connect,
                         describe,
                         engine_errors,
                         engine_url,
                         is_rootless,
                         reset,
                         translate,
)

__all__ = ["DEFAULT_TIMEOUT", "ENGINE_FAILURES", "client", "connect", "describe", "engine_errors", "engine_url", "is_rootless",
           "reset", "translate"]
