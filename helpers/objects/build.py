"""``docker build`` step by step: which steps came from the cache, which ran, and why one failed.

The classic builder streams ``Step N/M : INSTRUCTION`` lines, then ``Using cache`` for a cached
step or ``Running in <id>`` for a step that runs; a failed ``RUN`` ends in an ``error`` with
its exit code. :func:`build` turns that stream into :class:`Step` records as they arrive.
"""

import io
import json
import os
import re
import shutil
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from docker.utils import exclude_paths

from ..engine import client, engine_errors
from ..engine.errors import BuildError, InvalidInputError
from ..engine.labels import course_labels
from ..engine.paths import contexts_dir
from ..engine.validate import container_name

BUILD_TIMEOUT = 300
LARGE_CONTEXT_MB = 100
_COPY = re.compile(r"^\s*(COPY|ADD)\s+(.*)$", re.I | re.M)
_STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)$")
_EXIT_CODE = re.compile(r"returned a non-zero code: (\d+)")
_NOISE = re.compile(r"^ ---> |^Removing intermediate container |^Successfully (built|tagged) ")


@dataclass
class Step:
    """One Dockerfile instruction as the builder ran it."""

    number: int
    total: int
    instruction: str
    cached: bool = False
    output: list = field(default_factory=list)

    @property
    def chooses_base(self):
        """Whether this is a ``FROM`` step, which only chooses the base image."""
        return self.instruction.upper().startswith("FROM ")

    @property
    def status(self):
        """``"image dasar"`` for ``FROM``, else ``"cache"`` (reused) or ``"dibangun"`` (ran now)."""
        if self.chooses_base:
            return "image dasar"
        return "cache" if self.cached else "dibangun"

    def summary(self):
        """One stable line for the learner, e.g. ``" 3/9  cache        WORKDIR /app"``."""
        return f"{self.number:>2}/{self.total}  {self.status:<11}  {self.instruction}"


@dataclass
class BuildResult:
    """What :func:`build` made: the image, its tag and every step."""

    image: object
    tag: str
    steps: list

    @property
    def cached_steps(self):
        """How many steps came from the build cache."""
        return sum(step.cached for step in self.steps)

    @property
    def built_steps(self):
        """How many steps ran in this build, neither reused from the cache nor a ``FROM``."""
        return sum(not step.cached and not step.chooses_base for step in self.steps)


def tar_archive(files):
    """Pack ``{"Dockerfile": "...", "busybox": (data, 0o755)}`` as a tar archive, e.g. a build context.

    Similar to ``tar -c Dockerfile app.py``. A value is text, bytes, or ``(bytes, mode)``.

    Returns:
        A file object positioned at the start of the archive.
    """
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        for name, content in files.items():
            data, mode = content if isinstance(content, tuple) else (content, 0o644)
            data = data.encode() if isinstance(data, str) else data
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), mode
            tar.addfile(info, io.BytesIO(data))
    archive.seek(0)
    return archive


def write_context(files, name):
    """Write ``files`` into a fresh build-context folder ``name`` and return its path.

    The folder lies in the course's private data folder (never a shared ``/tmp``), and an
    earlier folder of that name is replaced. Similar to ``mkdir NAME`` followed by writing its
    ``Dockerfile``, sources and ``.dockerignore``.

    Args:
        files: Relative file names mapped to text, e.g. ``{"Dockerfile": "FROM ..."}``.
        name: The folder name, e.g. ``"kursus-06-app"``.

    Returns:
        The folder as a ``pathlib.Path``.
    """
    folder = contexts_dir() / container_name(name)
    shutil.rmtree(folder, ignore_errors=True)
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return folder


def remove_context(name):
    """Delete the folder :func:`write_context` made for ``name``. Similar to ``rm -r NAME``."""
    shutil.rmtree(contexts_dir() / container_name(name), ignore_errors=True)


def _copy_sources(dockerfile):
    for match in _COPY.finditer(dockerfile):
        rest = match[2].strip()
        words = json.loads(rest) if rest.startswith("[") else rest.split()
        if any(word.startswith("--from") for word in words):
            continue  # copies from another build stage, not from the context
        words = [w for w in words if not w.startswith("--")]
        yield from words[:-1]


def check_context(context):
    """Refuse a build context that reaches outside itself; warn when it is large.

    ``COPY ../x`` and symlinks that point out of the context cannot work: the daemon only
    receives the context. Similar to the checks ``docker build`` does on the client side.

    Raises:
        InvalidInputError: Naming the offending source or link.
    """
    if isinstance(context, (str, os.PathLike)):
        root = Path(context).resolve()
        dockerfile = (root / "Dockerfile").read_text() if (root / "Dockerfile").exists() else ""
        patterns = (root / ".dockerignore").read_text().splitlines() if (root / ".dockerignore").exists() else []
        files = [root / name for name in exclude_paths(str(root), patterns)]
        for path in files:
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                raise InvalidInputError(
                    f"Symlink {path.relative_to(root)} menunjuk ke luar build context; daemon tidak akan menerimanya. "
                    "Salin berkasnya ke dalam folder context.")
        size_mb = sum(p.stat().st_size for p in files if p.is_file() and not p.is_symlink()) / 1e6
        if size_mb > LARGE_CONTEXT_MB:
            print(f"⚠️ Build context berukuran {size_mb:.0f} MB dan akan dikirim utuh ke daemon; "
                  "tambahkan yang tidak perlu ke .dockerignore.")
    else:
        dockerfile = context.get("Dockerfile", "")
        dockerfile = dockerfile.decode() if isinstance(dockerfile, bytes) else dockerfile
    for source in _copy_sources(dockerfile):
        if source.startswith("/") or ".." in Path(source).parts:
            raise InvalidInputError(
                f"COPY {source} mengambil dari luar build context; Docker hanya bisa menyalin dari dalam context. "
                "Pindahkan berkas itu ke folder context.")


def _stream(context, tag, owner, nocache, buildargs):
    options = dict(tag=tag, labels=course_labels(owner), rm=True, forcerm=True, nocache=nocache,
                   buildargs=buildargs, decode=True, timeout=BUILD_TIMEOUT)
    if isinstance(context, (str, os.PathLike)):
        return client().api.build(path=str(context), **options)
    return client().api.build(fileobj=tar_archive(context), custom_context=True, **options)


def build(context, tag, owner, on_step=None, nocache=False, buildargs=None):
    """Build an image and report each step as it happens.

    Similar to ``docker build -t TAG --label ... CONTEXT``.

    Args:
        context: A folder (with its ``Dockerfile`` and ``.dockerignore``) or a dict of file names to contents.
        tag: The tag of the new image, e.g. ``"kursus/app:1.0"``.
        owner: The notebook or lab id stored in the image's labels.
        on_step: Called with each :class:`Step` when it starts and again when it is done.
        nocache: Rebuild every step, like ``--no-cache``.
        buildargs: Values for ``ARG`` instructions, like ``--build-arg``.

    Returns:
        A :class:`BuildResult`.

    Raises:
        BuildError: Naming the failed step, its exit code and its last lines of output.
        InvalidInputError: When the context reaches outside itself.
    """
    check_context(context)
    steps = []
    notify = on_step or (lambda step: None)
    with engine_errors(timeout=BUILD_TIMEOUT):
        for chunk in _stream(context, tag, owner, nocache, buildargs):
            if "error" in chunk:
                _fail(chunk, steps)
            for line in chunk.get("stream", "").splitlines():
                match = _STEP.match(line)
                if match:
                    if steps:
                        notify(steps[-1])
                    steps.append(Step(int(match[1]), int(match[2]), match[3]))
                    notify(steps[-1])
                elif steps and line.strip() == "---> Using cache":
                    steps[-1].cached = True
                elif steps and line.strip() and not _NOISE.match(line):
                    steps[-1].output.append(line)
        if steps:
            notify(steps[-1])
        image = client().images.get(tag)
    return BuildResult(image, tag, steps)


def _fail(chunk, steps):
    message = chunk["error"].strip()
    code = _EXIT_CODE.search(message)
    step = steps[-1] if steps else None
    where = f"langkah {step.number}/{step.total} ({step.instruction})" if step else "awal build"
    raise BuildError(
        f"Build gagal di {where}" + (f" dengan kode keluar {code[1]}." if code else f": {message}"),
        step=step and step.instruction, exit_code=int(code[1]) if code else None,
        output=step.output[-5:] if step else (),
    )
