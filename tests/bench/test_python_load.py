"""The Python load generator that stands in for wrk where wrk cannot be installed
(bench.web.drive_python), against a small server of the standard library on loopback."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import web


class Answers(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn answers wrk
    cookies: list[str] = []

    def do_GET(self):
        Answers.cookies.append(self.headers.get("Cookie", ""))
        status = 302 if self.path == "/lost-session/" else 200
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Answers.cookies = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_every_answer_but_200_is_counted_and_every_request_carries_its_cookie(server):
    visitors = [
        web.Visitor("sessionid=one", ["/page/", "/lost-session/"]),
        web.Visitor("sessionid=two", ["/page/"]),
    ]
    load = web.drive_python(server, visitors, connections=2, seconds=1, mode="own")

    assert load.requests > 0
    assert load.tool == "python"
    assert load.socket_errors == 0
    # Connection 0 is visitor one, alternating between its pages; connection 1 asks only /page/.
    assert 0 < load.non200 < load.requests
    assert len(load.quantiles_ms) == 1001
    assert load.quantiles_ms == sorted(load.quantiles_ms)
    assert {"sessionid=one", "sessionid=two"} <= set(Answers.cookies)
