"""Kursus Docker's helpers, in floors, each using only the floors below it.

- ``engine``: the door to the daemon (connection, errors, labels, name checks, private paths);
- ``objects``: containers, images, builds, volumes, networks, the registry client, events, clean-up;
- ``host``: processes, namespaces and limits, as the host sees a container;
- ``api``: the HTTP API lesson (raw request, call recorder, endpoint map);
- ``setup``: engine provisioning, base images, the registry server;
- ``lesson``: the first and last cell of a notebook, the ``docker`` CLI in a cell;
- ``labs``: lab tasks checked from the engine's state;
- ``widgets``: widgets and drawings for the notebooks;
- ``cli``: ``python -m helpers``.
"""
