"""``docker build`` as a learner's terminal runs it: BuildKit, through the ``docker`` CLI.

docker-py, and so :func:`helpers.objects.build.build`, uses the classic builder (``Step N/M``,
``Using cache``). The ``docker`` CLI builds with BuildKit: through the buildx plugin on
Docker 23 and later, or built in (``DOCKER_BUILDKIT=1``) on 20.10. Its ``--progress=plain``
output numbers each step ``#N [k/n] INSTRUCTION`` and marks a reused one ``#N CACHED``.
:func:`support` finds out which applies to the ``docker`` on ``PATH``; :func:`build` runs it.
"""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field

from ..engine.errors import BuildError
from ..engine.labels import course_labels
from . import build_cache

CLI_TIMEOUT = 15
BUILD_TIMEOUT = 300
_STEP = re.compile(r"^#(\d+) \[(?:[\w-]+ )?(\d+)/(\d+)\] (.*)$")
_STATUS = re.compile(r"^#(\d+) (CACHED|DONE|ERROR)\b")
_NAMING = re.compile(r"^#\d+ naming to (\S+)")

EXAMPLE = """\
#4 [1/2] FROM docker.io/kursus/busybox:latest
#4 DONE 0.0s
#5 [2/2] RUN echo "dibangun oleh BuildKit" > /buildkit.txt
#5 DONE 0.3s
#6 exporting to image
#6 naming to docker.io/kursus/06-buildkit:1.0 done
#6 DONE 0.1s
"""
"""What a BuildKit build prints (Docker 26.1 with buildx), shown where the CLI here cannot build with it."""


def _run(command, env=None, timeout=CLI_TIMEOUT):
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)


@dataclass(frozen=True)
class Support:
    """Whether the ``docker`` CLI on ``PATH`` builds with BuildKit, and how.

    Attributes:
        cli: The CLI's path, or ``None`` when there is none.
        version: The CLI's version, e.g. ``"26.1.5+dfsg1"``.
        via: ``"buildx"`` (the plugin), ``"bawaan"`` (built into a CLI before 23, with
            ``DOCKER_BUILDKIT=1``), or ``None`` (no BuildKit here).
        reason: When ``via`` is ``None``: why, in Indonesian.
    """

    cli: object
    version: object
    via: object
    reason: str = ""


def _major(version):
    match = re.match(r"(\d+)", version or "")
    return int(match[1]) if match else 0


def support():
    """Find out how the ``docker`` CLI on ``PATH`` builds with BuildKit.

    Similar to ``docker buildx version`` and ``docker version --format '{{.Client.Version}}'``.
    """
    cli = shutil.which("docker")
    if cli is None:
        return Support(None, None, None, "Program `docker` (CLI) tidak ada di PATH mesin ini.")
    try:
        version = _run([cli, "version", "--format", "{{.Client.Version}}"]).stdout.strip() or None
        has_buildx = _run([cli, "buildx", "version"]).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return Support(cli, None, None, f"`{cli}` tidak menjawab dalam {CLI_TIMEOUT} detik.")
    if has_buildx:
        return Support(cli, version, "buildx")
    if _major(version) < 23:
        return Support(cli, version, "bawaan")
    return Support(cli, version, None,
                   f"`docker` {version} di {cli} menjalankan BuildKit hanya lewat plugin buildx, dan plugin itu "
                   "tidak terpasang di sini (paket `docker-buildx`, atau `docker-buildx-plugin` dari Docker).")


@dataclass
class BuildKitResult:
    """What a BuildKit build printed: every line, and the Dockerfile steps with their status."""

    tag: str
    lines: list
    steps: dict = field(default_factory=dict)
    """``{k: (header line, status line)}`` for step ``k`` of ``[k/n]``."""

    def step_lines(self):
        """The lines of the Dockerfile's own steps, in step order: ``#N [k/n] ...`` and ``#N CACHED`` / ``DONE``."""
        return [line for _, pair in sorted(self.steps.items()) for line in pair if line]

    @property
    def cached(self):
        """How many steps after ``FROM`` BuildKit reused from its cache (``FROM`` only resolves the base image)."""
        return sum(status.endswith("CACHED") for header, status in self.steps.values() if "] FROM " not in header)

    @property
    def named(self):
        """The ``naming to ...`` line, e.g. ``naming to docker.io/kursus/06-buildkit:1.0``."""
        return next((m[1] for m in map(_NAMING.match, self.lines) if m), None)


def parse(lines, tag=""):
    """Read ``docker build --progress=plain`` output into a :class:`BuildKitResult`."""
    headers, statuses, steps = {}, {}, {}
    for line in lines:
        step = _STEP.match(line)
        if step:
            headers[step[1]] = (int(step[2]), line)
            continue
        status = _STATUS.match(line)
        if status:
            statuses[status[1]] = re.sub(r"^(#\d+ \w+).*$", r"\1", line)
    for vertex, (number, header) in headers.items():
        steps[number] = (header, statuses.get(vertex, ""))
    return BuildKitResult(tag, list(lines), steps)


def build(context, tag, owner, no_cache=False, found=None):
    """Build ``context`` (a folder) with BuildKit through the ``docker`` CLI, labelled for ``owner``.

    Similar to ``docker build --progress=plain --label ... -t TAG FOLDER``. The build cache
    records the build leaves are noted for ``owner`` (:mod:`helpers.objects.build_cache`), so
    the course's clean-up removes them too.

    Args:
        context: The build context folder.
        tag: The image's tag, e.g. ``"kursus/06-buildkit:1.0"``.
        owner: The notebook or lab id stored in the image's labels.
        no_cache: Build every step afresh (``--no-cache``).
        found: A :class:`Support` from :func:`support` (found again when omitted).

    Raises:
        BuildError: When this CLI cannot build with BuildKit, or the build fails.
    """
    found = found or support()
    if found.via is None:
        raise BuildError(f"BuildKit tidak tersedia: {found.reason}")
    labels = [arg for key, value in course_labels(owner).items() for arg in ("--label", f"{key}={value}")]
    command = [found.cli, "build", "--progress=plain", *labels, "-t", tag, *(["--no-cache"] if no_cache else []),
               str(context)]
    env = dict(os.environ, DOCKER_BUILDKIT="1")
    try:
        with build_cache.noting(owner):
            done = _run(command, env=env, timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise BuildError(f"`docker build` tidak selesai dalam {BUILD_TIMEOUT} detik.") from exc
    lines = (done.stdout + done.stderr).splitlines()
    if done.returncode != 0:
        raise BuildError(f"`docker build` gagal (kode keluar {done.returncode}):\n" + "\n".join(lines[-8:]))
    return parse(lines, tag)
