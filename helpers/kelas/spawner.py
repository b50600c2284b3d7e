"""JupyterHub's spawner for the class: each student's server, confined, with their own engine.

Before the server starts, root prepares the student's cgroups, network namespace and runtime
folder (:func:`.confine.prepare`). The server process joins them before it runs anything and
runs :mod:`.session` as the student, which starts the rootless engine and then the server.
Stopping the server stops everything in the student's cgroup: the engine goes with it.
"""

import asyncio

from jupyterhub.spawner import LocalProcessSpawner

from . import accounts, cgroups, confine
from .settings import SERVER_PORT, load


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
        self.ip, self.port = settings.student_ip(student.index), SERVER_PORT
        self.cmd = [str(settings.student_bin() / "python"), "-I", "-m", "helpers.kelas.session", str(settings.images_tar)]
        return await super().start()

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
