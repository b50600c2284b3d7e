"""Kelas: the course for a whole class on one server, each student with a rootless Docker engine.

- ``settings``: the class's names, ports, addresses, limits and folders;
- ``roster``: reading and checking the roster CSV;
- ``accounts``: the students' Linux accounts and the record of what the class created;
- ``cgroups``: per-student memory and pids limits (cgroup v1), set and enforced by root;
- ``netns``: per-student network namespaces, reachable by the hub alone;
- ``confine``: starting a process as a student, inside their limits and namespace;
- ``engine``: a student's rootless engine (start, answer, base images, wipe);
- ``session``: what runs as the student when their server starts;
- ``spawner`` and ``hubconfig``: JupyterHub's spawner and configuration;
- ``hub``: starting and stopping JupyterHub, the proxy and the shared base images;
- ``install``: the system and Python packages the class needs;
- ``status``, ``progress``: what the teacher sees;
- ``classroom``: ``up``, ``down``, ``reset`` and ``remove``;
- ``cli``: ``python -m helpers kelas ...``.
"""
