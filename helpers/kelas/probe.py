"""What root asks a student's side to do, run as the student: ``python -I -m helpers.kelas.probe WHAT``.

``ping``: does the engine answer; ``progress``: the lab checks against the student's own engine
(they read state only); ``engine-start``: start the engine, load the base images, start the
registry; ``registry-inside``: start the registry (run inside the engine's network namespace);
``wipe``: delete the engine's data. Each prints one JSON object on stdout.
"""

import contextlib
import io
import json
import sys

from . import engine


def _progress():
    from ..labs import progress

    with contextlib.redirect_stdout(io.StringIO()):
        rows = progress.collect()
    return {"labs": [{"lab": row.lab, "done": row.done, "total": row.total} for row in rows]}


def _registry_inside():
    from ..setup import registry_server

    with contextlib.redirect_stdout(io.StringIO()):
        return {"registry": registry_server.ensure_registry()}


def _engine_start(tar):
    seconds = engine.start()
    loaded = engine.load_base_images(tar)
    registry = engine.start_registry()
    return {"engine": "ok", "seconds": round(seconds, 2), "loaded": loaded, "registry": registry}


def main(argv):
    what = argv[0] if argv else ""
    try:
        if what == "ping":
            answer = {"engine": "ok" if engine.ping() else "down"}
        elif what == "progress":
            answer = _progress()
        elif what == "engine-start" and len(argv) == 2:
            answer = _engine_start(argv[1])
        elif what == "registry-inside":
            answer = _registry_inside()
        elif what == "wipe":
            engine.wipe()
            answer = {"wiped": True}
        else:
            answer = {"error": f"perintah probe tidak dikenal: {what!r}"}
    except Exception as exc:  # reported to root as data, never as a traceback
        answer = {"error": str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__}
    print(json.dumps(answer))
    return 1 if "error" in answer else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
