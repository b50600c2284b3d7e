"""A background listener on the engine's event stream that stops cleanly when asked.

The stream is opened in the caller's thread (so no event after the call is missed and the
HTTP request happens at a predictable moment); a daemon thread reads it. :meth:`EventListener.stop`
closes the socket under the stream, which ends the blocking read at once.
"""

import threading
import weakref

import docker

from ..engine import ENGINE_FAILURES, client, describe, engine_errors

_running = weakref.WeakSet()


class EventListener:
    """Call ``on_event(event)`` for every engine event matching ``filters``, until :meth:`stop`.

    Similar to ``docker events --filter ...``.

    Args:
        filters: Filters as for ``docker events --filter``, e.g. ``{"type": "container", "container": "web"}``.
        on_event: Called in the listener's thread with each decoded event dict.
        since: Replay earlier events from this time (``datetime`` or Unix seconds) first.
        on_error: Called once, in the listener's thread, with an Indonesian message when the
            stream breaks or ``on_event`` fails; the message is also kept in :attr:`error`.
    """

    def __init__(self, filters, on_event, since=None, on_error=None):
        self._on_event = on_event
        self._on_error = on_error or (lambda message: None)
        self.error = None
        with engine_errors():
            self._stream = client().events(decode=True, filters=filters, since=since)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._read, name="kursus-events", daemon=True)
        self._thread.start()
        _running.add(self)

    def _read(self):
        try:
            for event in self._stream:
                if self._stopped.is_set():
                    return
                try:
                    self._on_event(event)
                except Exception as exc:  # a broken widget update must not end the listener silently
                    self._fail(f"Tampilan gagal memproses event '{event.get('Action')}': {exc}. Jalankan sel ini lagi.")
                    return
        except ENGINE_FAILURES as exc:
            if not self._stopped.is_set():
                self._fail(str(describe(exc) or f"Aliran event dari engine terputus ({type(exc).__name__}).")
                           + " Jalankan sel ini lagi untuk menyambung.")

    def _fail(self, message):
        self.error = message
        self._on_error(message)

    def stop(self, timeout=2.0):
        """Close the stream and wait (at most ``timeout`` seconds) for the thread to end."""
        self._stopped.set()
        try:
            self._stream.close()
        except (docker.errors.DockerException, OSError):
            pass  # SSH streams cannot be cancelled: the stop flag ends the thread at the next event
        self._thread.join(timeout)
        _running.discard(self)


def stop_all():
    """Stop every listener still running in this process (e.g. before the kernel shuts down)."""
    for listener in list(_running):
        listener.stop()


def wait_for_event(container, action, since, timeout=10):
    """Wait until the engine reports event ``action`` (e.g. ``"oom"``) for ``container``.

    Similar to ``docker events --since SINCE --filter container=NAME --filter event=ACTION``.

    Args:
        container: The container the event is about.
        action: The event's ``Action``.
        since: Unix time (seconds) from which earlier events count too.
        timeout: Seconds after ``since`` at which to give up.

    Returns:
        Whether the event arrived.
    """
    with engine_errors():
        stream = client().events(since=int(since), until=int(since) + timeout, decode=True,
                                 filters={"container": container.id, "event": action})
        try:
            return next(stream, None) is not None
        finally:
            stream.close()
