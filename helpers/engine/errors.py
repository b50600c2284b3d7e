"""Exceptions of the course: one root class, each message one or two Indonesian lines.

Every failure a learner can meet is raised as a :class:`KursusError` subclass whose
message names the cause and the next step, in the style of docker-py's ``errors.py``.
"""


class KursusError(Exception):
    """Root of every error the course raises; ``str(err)`` is the learner's message.

    In a notebook, :func:`helpers.lesson.course.start` has IPython show it as that message alone.
    """


class EngineError(KursusError):
    """The Docker engine cannot be reached or used."""


class NoSocketError(EngineError):
    """The engine's socket does not exist."""


class EngineNotRunningError(EngineError):
    """The socket exists but no daemon answers on it."""


class EnginePermissionError(EngineError):
    """The user may not open the engine's socket."""


class InsecureRemoteError(EngineError):
    """A remote engine over plain TCP without TLS was refused."""


class EngineTimeoutError(EngineError):
    """The engine did not answer within the time limit."""


class EngineTooOldError(EngineError):
    """The engine speaks an API older than the course needs."""


class EngineRequestError(EngineError):
    """The engine answered, but refused the request."""


class InvalidInputError(KursusError, ValueError):
    """A name, tag, path or option given by the learner is not valid."""


class UnsafeOptionError(KursusError):
    """An option that would weaken the host was refused."""


class RegistryError(KursusError):
    """The local registry could not be started or reached."""


class BuildError(KursusError):
    """A ``docker build`` step failed.

    Args:
        step: The Dockerfile step that failed, e.g. ``"Step 3/5 : RUN false"``.
        exit_code: The exit code of the failed ``RUN``, if any.
        output: The last lines the step printed.
    """

    def __init__(self, message, step=None, exit_code=None, output=()):
        super().__init__(message)
        self.step = step
        self.exit_code = exit_code
        self.output = list(output)


class AppNotAnsweringError(KursusError):
    """A containerised web app did not answer over HTTP in time."""
