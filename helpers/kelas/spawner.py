"""JupyterHub's spawner for the class: each student's server, confined, with their own engine.

Before the server starts, root prepares the student's cgroups, network namespace and runtime
folder (:func:`.confine.prepare`). The server process joins them before it runs anything and
runs :mod:`.session` as the student, which starts the rootless engine and then the server.
Stopping the server stops everything in the student's cgroup: the engine goes with it.
"""

import asyncio
import json
import os

from jupyterhub.spawner import LocalProcessSpawner

from . import accounts, cgroups, confine
from .settings import SERVER_PORT, load

ENGINE_STARTS = asyncio.Semaphore(max(2, os.cpu_count() or 2))
"""Engines started (and base images loaded) at once: a whole class logging in together would
otherwise share the processors so thinly that no server answers in time."""
ENGINE_TIMEOUT = 600


class KelasSpawner(LocalProcessSpawner):
    """A :class:`LocalProcessSpawner` that confines each student and gives them a rootless engine."""

    def _student(self):
        settings = load()
        return settings, accounts.find(settings, self.user.name)

    async def start(self):
        """Prepare the student's limits and namespace, then start :mod:`.session` inside them."""
        settings, student = self._student()
        await asyncio.to_thread(confine.prepare, settings, student)
        self._confined = (settings, student)
        async with ENGINE_STARTS:
            await asyncio.to_thread(self._start_engine, settings, student)
        self.ip, self.port = settings.student_ip(student.index), SERVER_PORT
        self.cmd = [str(settings.student_bin() / "python"), "-I", "-m", "helpers.kelas.session", str(settings.images_tar)]
        return await super().start()

    def _start_engine(self, settings, student):
        """Start the student's engine with the base images and registry, as the student (see :mod:`.probe`)."""
        done = confine.run(settings, student, ["engine-start", str(settings.images_tar)], timeout=ENGINE_TIMEOUT)
        lines = done.stdout.strip().splitlines()
        answer = json.loads(lines[-1]) if lines else {"error": done.stderr.strip()[-200:]}
        if "error" in answer:  # the server still starts; the session tries once more and logs why
            self.log.warning("[kelas %s] engine belum siap: %s", student.username, answer["error"])
        else:
            self.log.info("[kelas %s] engine siap dalam %s detik", student.username, answer["seconds"])

    def make_preexec_fn(self, name):
        settings, student = self._confined
        return confine.preexec(settings, student)

    def user_env(self, env):
        env = super().user_env(env)
        settings, student = getattr(self, "_confined", None) or self._student()
        env.update(confine.environment(settings, student))
        return env

    async def stop(self, now=False):
        """Stop the server, then every other process of the student (engine, containers, registry)."""
        await super().stop(now=now)
        settings, student = self._student()
        await asyncio.to_thread(cgroups.stop_all, settings, student.username)
