"""Waiting for something the engine or a program does in its own time, always with a time limit."""

import time

POLL_INTERVAL = 0.2
"""Seconds between two looks."""


def wait_until(condition, timeout, interval=POLL_INTERVAL):
    """Call ``condition()`` until it returns a true value or ``timeout`` seconds have passed.

    Similar to a shell loop ``until CONDITION; do sleep 0.2; done`` with a deadline.

    Returns:
        The last value ``condition()`` returned (true when it was met in time).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)
