"""JupyterHub's configuration for the class, applied by ``kelas/jupyterhub_config.py``.

The public proxy listens on 127.0.0.1:KELAS_PORT; the hub's own API listens on the hub's
address in the class subnet, the one address every student's namespace can reach.
"""

from . import accounts, hub
from .settings import HUB_API_PORT, load

SPAWN_TIMEOUT = 900
DEFAULT_URL = "/lab/tree/notebooks/00-persiapan.ipynb"


def configure(c):
    """Fill JupyterHub's config object ``c`` from the class's settings and record."""
    settings = load()
    state = settings.state_dir
    c.JupyterHub.bind_url = f"http://127.0.0.1:{settings.port}"
    c.JupyterHub.hub_bind_url = f"http://{settings.hub_ip}:{HUB_API_PORT}"
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(hub.pid_file(settings))
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.port + 1}"
    c.ConfigurableHTTPProxy.command = [str(hub.proxy_command(settings))]
    c.ConfigurableHTTPProxy.pid_file = str(hub.proxy_pid_file(settings))

    c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
    c.FirstUseAuthenticator.dbm_path = str(state / "passwords.dbm")
    c.FirstUseAuthenticator.min_password_length = 8
    c.Authenticator.allowed_users = {student.username for student in accounts.students(settings)} | {settings.teacher}
    c.Authenticator.admin_users = {settings.teacher}

    c.JupyterHub.services = [{"name": "kelas", "api_token": hub.service_token(settings)}]
    c.JupyterHub.load_roles = [{"name": "kelas-layanan", "services": ["kelas"],
                                "scopes": ["list:users", "read:users", "admin:users", "admin:servers", "tokens"]}]

    c.JupyterHub.spawner_class = "helpers.kelas.spawner.KelasSpawner"
    c.Spawner.env_keep = ["LANG"]
    c.Spawner.notebook_dir = "~"
    c.Spawner.default_url = DEFAULT_URL
    c.Spawner.args = ["--KernelManager.transport=ipc"]
    c.Spawner.start_timeout = SPAWN_TIMEOUT
    c.Spawner.http_timeout = SPAWN_TIMEOUT
    c.JupyterHub.cleanup_servers = True
