"""Using the class as a student would, through the hub: log in, start the server, run code in a kernel.

The tests and ``make kelas-bench`` use it; nothing here has privileges: every request carries
the student's own password or token, through the public proxy.
"""

import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

HTTP_TIMEOUT = 60
READY_TIMEOUT = 300


class HubError(Exception):
    """The hub or a student's server answered with an error."""


def _request(url, method="GET", body=None, token=None, timeout=HTTP_TIMEOUT):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()[:300].decode(errors="replace")
    except OSError as exc:  # a busy hub may answer late: the caller decides whether to retry
        return 0, f"{type(exc).__name__}: {exc}"


def _retrying(call, attempts=5, pause=3):
    for attempt in range(attempts):
        status, answer = call()
        if status not in (0, 429, 502, 503) or attempt == attempts - 1:
            return status, answer
        time.sleep(pause)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def form_login(base, username, password, timeout=HTTP_TIMEOUT):
    """Log in through the login form, as a browser does. Returns whether the hub accepted it."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    page = opener.open(f"{base}/hub/login", timeout=timeout).read().decode(errors="replace")
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page)
    form = urllib.parse.urlencode({"username": username, "password": password,
                                   "_xsrf": xsrf.group(1) if xsrf else ""}).encode()
    try:
        opener.open(urllib.request.Request(f"{base}/hub/login?next=", data=form, method="POST"), timeout=timeout)
        return False  # 200: the form came back with an error
    except urllib.error.HTTPError as exc:
        return exc.code == 302 and "/login" not in (exc.headers.get("Location") or "")


def token(base, username, password):
    """Ask the hub's REST API for a token with the student's password (FirstUseAuthenticator sets it the first time)."""
    status, answer = _retrying(lambda: _request(
        f"{base}/hub/api/users/{username}/tokens", "POST",
        {"auth": {"username": username, "password": password}, "note": "kelas", "expires_in": 7200}))
    if status != 201:
        raise HubError(f"login {username}: {status} {answer}")
    return answer["token"]


def start_server(base, username, user_token):
    status, answer = _retrying(lambda: _request(f"{base}/hub/api/users/{username}/server", "POST", {}, user_token))
    if status not in (0, 201, 202, 400):  # 400: already running or pending; 0: no answer yet, wait_ready tells
        raise HubError(f"start {username}: {status} {answer}")


def wait_ready(base, username, user_token, timeout=READY_TIMEOUT):
    """Wait until the student's server is ready; return the seconds waited."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        status, answer = _request(f"{base}/hub/api/users/{username}", token=user_token)
        server = (answer or {}).get("servers", {}).get("", {}) if status == 200 else {}
        if server.get("ready"):
            return time.monotonic() - began
        if status == 200 and not server and time.monotonic() - began > 30:
            raise HubError(f"server {username} berhenti saat dinyalakan")
        time.sleep(0.5)
    raise HubError(f"server {username} tidak siap dalam {timeout} detik")


def stop_server(base, username, user_token):
    _request(f"{base}/hub/api/users/{username}/server", "DELETE", token=user_token)


class Kernel:
    """A kernel in the student's own server, reached through the proxy with the student's token."""

    def __init__(self, base, username, user_token, path=None):
        """Start a kernel; with ``path`` (a notebook in the student's home) it runs in that notebook's folder."""
        import websocket

        self.api = f"{base}/user/{username}/api"
        self.user_token = user_token
        self.session_id = None
        if path:
            status, answer = _retrying(lambda: _request(f"{self.api}/sessions", "POST", {
                "path": path, "name": path.rsplit("/", 1)[-1], "type": "notebook", "kernel": {"name": "python3"}},
                user_token))
            if status != 201:
                raise HubError(f"kernel {username}: {status} {answer}")
            self.session_id, answer = answer["id"], answer["kernel"]
        else:
            status, answer = _retrying(lambda: _request(f"{self.api}/kernels", "POST", {"name": "python3"}, user_token))
            if status != 201:
                raise HubError(f"kernel {username}: {status} {answer}")
        self.id = answer["id"]
        socket_url = f"{self.api}/kernels/{self.id}/channels".replace("http://", "ws://", 1)
        self.socket = websocket.create_connection(socket_url, header=[f"Authorization: token {user_token}"],
                                                  timeout=HTTP_TIMEOUT)
        self.session = uuid.uuid4().hex

    def execute(self, code, timeout=300):
        """Run ``code``; return ``(ok, text)``: its streams and results, or the error's name and value."""
        message_id = uuid.uuid4().hex
        self.socket.send(json.dumps({
            "header": {"msg_id": message_id, "msg_type": "execute_request", "username": "", "session": self.session,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        ok, parts, deadline = True, [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.socket.settimeout(max(1, deadline - time.monotonic()))
            message = json.loads(_message_text(self.socket.recv()))
            if message.get("parent_header", {}).get("msg_id") != message_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                parts.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                parts.append(content.get("data", {}).get("text/plain", ""))
            elif kind == "error":
                ok = False
                parts.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                return ok, "".join(parts)
        return False, "".join(parts) + f" (lebih dari {timeout} detik)"

    def close(self):
        try:
            self.socket.close()
        finally:
            if self.session_id:
                _request(f"{self.api}/sessions/{self.session_id}", "DELETE", token=self.user_token)
            _request(f"{self.api}/kernels/{self.id}", "DELETE", token=self.user_token)


def _message_text(frame):
    """The JSON part of a kernel message; a binary frame (a message with buffers, e.g. a widget's) carries
    its parts' count and offsets first (Jupyter's websocket protocol)."""
    if isinstance(frame, str):
        return frame
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i:8 + 4 * i], "big") for i in range(count)]
    return frame[offsets[0]:offsets[1] if count > 1 else None].decode()


def notebook_cells(path):
    """The code cells of a notebook, as source strings."""
    with open(path, encoding="utf-8") as handle:
        notebook = json.load(handle)
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]
