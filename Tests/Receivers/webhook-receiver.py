#!/usr/bin/env python3
"""An HTTPS webhook receiver for the tests, on loopback, with a throwaway CA.

    webhook-receiver.py DIR [PORT]

Makes DIR/ca.pem (a CA made here with the openssl CLI) and a server
certificate it signs for 127.0.0.1 (kept when DIR already has them), listens
on PORT of 127.0.0.1 (a free one by default) and writes it to DIR/port. Each POST is answered by the next line of DIR/plan
(consumed; 200 when none is left):

    500            the status alone
    429 2          a status and a Retry-After of 2 seconds
    302            a redirect to /elsewhere (which a sender must not follow)
    slow 30        waits 30 seconds, then 200
    hang           never answers (the sender's timeout ends the attempt)
    close          sends half a status line, then closes the connection
    huge 500       the status with an endless body (1 MiB chunks until the sender hangs up)

and appended to DIR/requests.jsonl as {"path", "headers", "body", "answered",
"started_at", "received_at"} (answered 0 for hang, close and huge, appended
before they act). On arrival each POST's Intake-Delivery and time are also
appended to DIR/arrived.jsonl, so a test sees an attempt still in progress.
Standard library only (and the openssl CLI)."""
import http.server, json, os, signal, ssl, subprocess, sys, threading, time

# The test process blocks SIGTERM (as `intake watch` does) and a spawned child
# inherits the mask: unblock it, so that the test can stop the receiver.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])

# Descriptors inherited from the test process (another test's pipe to a
# running intake) would keep that pipe open for as long as the receiver lives.
for fd in [int(n) for n in os.listdir("/proc/self/fd")]:
    if fd > 2:
        try:
            os.close(fd)
        except OSError:
            pass

folder = sys.argv[1]
lock = threading.Lock()


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def make_certificates():
    if os.path.exists(os.path.join(folder, "server.pem")):
        return os.path.join(folder, "server.pem"), os.path.join(folder, "server.key")
    ca_key, ca = os.path.join(folder, "ca.key"), os.path.join(folder, "ca.pem")
    key, csr, cert = (os.path.join(folder, n) for n in ("server.key", "server.csr", "server.pem"))
    ext = os.path.join(folder, "server.ext")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca, "-days", "2",
            "-subj", "/CN=Intake test CA")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
    openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", cert, "-days", "2",
            "-extfile", ext)
    return cert, key


def next_answer():
    path = os.path.join(folder, "plan")
    with lock:
        try:
            with open(path) as f:
                lines = [l.strip() for l in f if l.strip()]
        except FileNotFoundError:
            lines = []
        if not lines:
            return "200"
        with open(path, "w") as f:
            f.write("".join(l + "\n" for l in lines[1:]))
        return lines[0]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        started = time.time()
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock, open(os.path.join(folder, "arrived.jsonl"), "a") as f:
            f.write(json.dumps({"delivery": self.headers.get("Intake-Delivery", ""), "at": started}) + "\n")
        answer = next_answer().split()

        def record(status):
            with lock, open(os.path.join(folder, "requests.jsonl"), "a") as f:
                f.write(json.dumps({"path": self.path, "headers": dict(self.headers.items()),
                                    "body": body.decode("utf-8"), "answered": status,
                                    "started_at": started, "received_at": time.time()}) + "\n")

        if answer[0] in ("hang", "close", "huge"):
            record(0)
            self.close_connection = True
            if answer[0] == "hang":
                time.sleep(3600)
            elif answer[0] == "close":
                self.wfile.write(b"HTTP/1.1 20")
                self.wfile.flush()
            else:
                self.wfile.write(("HTTP/1.1 %s Huge\r\nContent-Length: %d\r\n\r\n" % (answer[1], 1 << 40)).encode())
                chunk = b"x" * (1 << 20)
                try:
                    while True:
                        self.wfile.write(chunk)
                except OSError:
                    pass
            return
        if answer[0] == "slow":
            time.sleep(float(answer[1]))
            answer = ["200"]
        status = int(answer[0])
        record(status)
        self.send_response(status)
        if len(answer) > 1:
            self.send_header("Retry-After", answer[1])
        if 300 <= status < 400:
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


cert, key = make_certificates()
http.server.ThreadingHTTPServer.allow_reuse_address = True
server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2]) if len(sys.argv) > 2 else 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(os.path.join(folder, "port.tmp"), "w") as f:  # written last: the receiver is ready
    f.write(str(server.server_address[1]))
os.rename(os.path.join(folder, "port.tmp"), os.path.join(folder, "port"))
server.serve_forever()
