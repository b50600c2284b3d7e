"""JupyterHub configuration of the class; `make kelas` starts the hub with it.

The values (port, subnet, limits, teacher) come from the KELAS_* variables that `make kelas`
passes on; the students come from the record of the accounts it created. See kelas/README.md.
"""

from helpers.kelas.hubconfig import configure

configure(get_config())  # noqa: F821 (JupyterHub provides get_config)
