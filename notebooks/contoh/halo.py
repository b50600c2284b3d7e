# Aplikasi web kecil untuk kursus: menjawab GET / dengan JSON, hanya dengan pustaka standar Python.
# Dipakai notebook 08 dan lab 03, yang menyalinnya ke build context masing-masing.
import json
import os
import signal
import socket
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Halo(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({
            "pesan": "Halo dari container!",
            "versi": os.environ.get("VERSI_APP", "1.0"),
            "uid": os.getuid(),               # pengguna yang menjalankan aplikasi di dalam container
            "host": socket.gethostname(),     # hostname container = id pendeknya
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `docker stop` menghentikan aplikasi seketika
# "" = semua antarmuka di dalam container; di sisi host, port hanya dibuka di 127.0.0.1
HTTPServer(("", int(os.environ.get("PORT", "8000"))), Halo).serve_forever()
