#!/usr/bin/env python3
"""Reproducers of issue 13 (hostile input), run against a local `r1j serve` on loopback; every loop is bounded.

    scripts/hostile-probe.py [--r1j ./r1j] [--port 18613] ITEM...     ITEM: redos abandon slowloris http model strict template

Each item starts its own server (the tiny Q8_0 fixture unless the item mutates one), prints one line of figures per
measurement and stops the server. Compare two builds by pointing --r1j at each launcher.
"""
import argparse
import json
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "reference", "tiny-qwen2", "tiny-qwen2-Q8_0.gguf"))


class Server:
    def __init__(self, r1j, port, model=MODEL, extra=()):
        self.port = port
        self.data = tempfile.mkdtemp(prefix="r1j-probe-")
        self.log_path = os.path.join(self.data, "server.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([r1j, "serve", "--model", model, "--host", "127.0.0.1", "--port", str(port),
                                      "--data-dir", self.data, "--no-warmup", *extra],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("server exited: " + open(self.log_path).read()[-2000:])
            try:
                urllib.request.urlopen(self.url("/health"), timeout=2).read()
                return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("server did not start")

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def log_lines(self):
        self.log.flush()
        return sum(1 for _ in open(self.log_path, errors="replace"))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def post(url, body, timeout=120, content_type="application/json"):
    """(status, body); status is "client timeout" when no answer came within the timeout."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except (socket.timeout, TimeoutError):
        return "client timeout", ""


def metrics(s):
    text = urllib.request.urlopen(s.url("/metrics"), timeout=10).read().decode()
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, value = line.rsplit(" ", 1)
        out[name] = float(value)
    return out


def metric(m, prefix, label=""):
    return sum(v for k, v in m.items() if k.startswith(prefix) and label in k)


def raw(port, data, read_timeout=10, shut_write=False):
    """Sends bytes on a fresh connection; returns the status line, Content-Type and the first body bytes."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_timeout) as c:
        c.sendall(data)
        if shut_write:
            c.shutdown(socket.SHUT_WR)
        got = b""
        try:
            while b"\r\n\r\n" not in got or len(got) < 4096:
                chunk = c.recv(65536)
                if not chunk:
                    break
                got += chunk
        except socket.timeout:
            pass
    head, _, body = got.partition(b"\r\n\r\n")
    lines = head.decode(errors="replace").split("\r\n")
    ctype = next((l.split(":", 1)[1].strip() for l in lines[1:] if l.lower().startswith("content-type:")), "-")
    return lines[0] if lines else "(nothing)", ctype, body[:100].decode(errors="replace")


def redos(args):
    s = Server(args.r1j, args.port)
    try:
        domain = "name: redos\nintents:\n  - name: ask\n    examples: [hello]\nslots:\n  - name: word\n    type: text\n" \
                 "    pattern: \"(.*a){12}$\"\n"
        for n in args.redos_lengths:
            status, body = post(s.url("/v1/conversations"), {"domain": domain})
            if status not in (200, 201):
                print("redos: create ->", status, body[:200])
                return
            cid = json.loads(body)["id"]
            t0 = time.time()
            status, body = post(s.url("/v1/conversations/%s/messages" % cid),
                                {"content": "a" * n + "!", "max_tokens": 1, "tracking": "rules"},
                                timeout=args.redos_timeout)
            took = time.time() - t0
            # Does the same conversation answer someone else meanwhile (409 while the tracker burns)?
            other, _ = post(s.url("/v1/conversations/%s/messages" % cid), {"content": "hi", "max_tokens": 1},
                            timeout=60) if status == "client timeout" else ("-", "")
            print("redos: %d a's + '!': %s in %.2f s; a second message then: %s" % (n, status, took, other))
            if status == "client timeout":
                # Measure how long the server keeps burning after the client gave up: poll until a message gets in.
                t1 = time.time()
                while time.time() - t1 < args.redos_timeout * 4:
                    st, _ = post(s.url("/v1/conversations/%s/messages" % cid), {"content": "hi", "max_tokens": 1},
                                 timeout=args.redos_timeout * 4)
                    if st == 200:
                        break
                    time.sleep(1)
                print("redos:   conversation usable again %.1f s after the client left" % (time.time() - t1))
                return
    finally:
        s.stop()


def abandon(args):
    s = Server(args.r1j, args.port)
    try:
        before = metrics(s)
        body = json.dumps({"messages": [{"role": "user", "content": "hi"}], "max_tokens": 4000,
                           "ignore_eos": True}).encode()
        req = ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               "Content-Length: %d\r\n\r\n" % len(body)).encode() + body
        socks = []
        for _ in range(args.abandoned):
            c = socket.create_connection(("127.0.0.1", args.port))
            c.sendall(req)
            socks.append(c)
        time.sleep(1)  # curl -m1
        for c in socks:
            c.close()
        t0 = time.time()
        while time.time() - t0 < 180:
            m = metrics(s)
            if metric(m, "r1j_num_requests_running") + metric(m, "r1j_num_requests_waiting") == 0:
                break
            time.sleep(0.1)
        after = metrics(s)
        busy = metric(after, "r1j_num_requests_running") + metric(after, "r1j_num_requests_waiting")
        print("abandon: %d non-streamed requests closed after 1 s: %s %.1f s later; finished as abort %d,"
              " length %d" % (args.abandoned, "engine idle" if busy == 0 else "%d still running or waiting" % busy,
                              time.time() - t0,
                              metric(after, "r1j_request_success_total", "abort") - metric(before, "r1j_request_success_total", "abort"),
                              metric(after, "r1j_request_success_total", "length") - metric(before, "r1j_request_success_total", "length")))
    finally:
        s.stop()


def slowloris(args):
    s = Server(args.r1j, args.port)
    socks = []
    try:
        head = ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: 1000\r\n\r\n").encode()
        for _ in range(args.connections):
            try:
                c = socket.create_connection(("127.0.0.1", args.port), timeout=5)
                c.sendall(head + b"{" + b" " * 499)
                c.setblocking(False)
                socks.append(c)
            except OSError as e:
                print("slowloris: connect failed after %d: %s" % (len(socks), e))
                break
        t0 = time.time()
        closed = set()
        last = -1
        while time.time() - t0 < args.hold:
            for i, c in enumerate(socks):
                if i in closed:
                    continue
                try:
                    if c.recv(4096, socket.MSG_PEEK) is not None:
                        closed.add(i)  # an answer (408/400) or EOF: the server gave up on it
                except BlockingIOError:
                    pass
                except OSError:
                    closed.add(i)
            if len(closed) == len(socks):
                break
            if int(time.time() - t0) // 10 != last:
                last = int(time.time() - t0) // 10
                print("slowloris: %3d s: %d of %d half-sent requests closed by the server" % (time.time() - t0, len(closed), len(socks)))
            time.sleep(0.5)
        print("slowloris: after %.0f s: %d of %d half-sent requests closed by the server" % (time.time() - t0, len(closed), len(socks)))
        t1 = time.time()
        try:
            status = urllib.request.urlopen(s.url("/health"), timeout=30).status
        except OSError as e:
            status = repr(e)
        print("slowloris: a normal request then: %s in %.2f s" % (status, time.time() - t1))
    finally:
        for c in socks:
            c.close()
        s.stop()


def http(args):
    s = Server(args.r1j, args.port)
    try:
        n0 = s.log_lines()
        body = b'{"messages":[{"role":"user","content":"hi"}],"max_tokens":1}'
        for _ in range(10):
            status = raw(args.port, b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    b"Content-Length: 100\r\n\r\n" + body[:10], shut_write=True)
        time.sleep(1)
        print("http: short body: %s (%s) %s; server log lines per request: %.1f" % (status[0], status[1], status[2][:60],
                                                                               (s.log_lines() - n0) / 10))
        cases = {
            "wrong method (DELETE /v1/chat/completions)": b"DELETE /v1/chat/completions HTTP/1.1\r\nHost: x\r\n\r\n",
            "wrong method (PUT /v1/models)": b"PUT /v1/models HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
            "bad URL escape (/v1/%zz)": b"GET /v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
            "NUL in a header": b"GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n",
            "414 (URI of 20,000 chars)": b"GET /v1/models?" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
            "431 (header of 20,000 chars)": b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n",
        }
        for what, data in cases.items():
            line, ctype, b = raw(args.port, data)
            print("http: %s: %s, Content-Type %s, body %s" % (what, line, ctype, b[:70].replace("\n", " ")))
    finally:
        s.stop()


def strict(args):
    s = Server(args.r1j, args.port)
    try:
        msgs = [{"role": "user", "content": "hi"}]
        for what, body, ctype in [
            ('"n": " "', {"messages": msgs, "max_tokens": 1, "n": " "}, "application/json"),
            ('"n": ""', {"messages": msgs, "max_tokens": 1, "n": ""}, "application/json"),
            ('"max_tokens": " "', {"messages": msgs, "max_tokens": " "}, "application/json"),
            ('content 5', {"messages": [{"role": "user", "content": 5}], "max_tokens": 1}, "application/json"),
            ('content true', {"messages": [{"role": "user", "content": True}], "max_tokens": 1}, "application/json"),
            ('Content-Type text/plain', {"messages": msgs, "max_tokens": 1}, "text/plain"),
            ('Content-Type application/x-www-form-urlencoded', {"messages": msgs, "max_tokens": 1},
             "application/x-www-form-urlencoded"),
        ]:
            status, text = post(s.url("/v1/chat/completions"), body, content_type=ctype)
            print("strict: %s -> %s %s" % (what, status, text[:110]))
        status, body = post(s.url("/v1/conversations"), {})
        cid = json.loads(body)["id"] if status in (200, 201) else None
        for what, content in [("conversation content 5", 5), ("conversation content false", False)]:
            status, text = post(s.url("/v1/conversations/%s/messages" % cid), {"content": content, "max_tokens": 1})
            print("strict: %s -> %s %s" % (what, status, text[:110]))
    finally:
        s.stop()


def mutate(path, key, fmt, value):
    data = bytearray(open(MODEL, "rb").read())
    i = data.find(key.encode())
    assert i > 0, key
    at = i + len(key) + 4  # key bytes, then the uint32 value type
    struct.pack_into(fmt, data, at, value)
    open(path, "wb").write(data)


def model(args):
    d = tempfile.mkdtemp(prefix="r1j-probe-model-")
    for name, key, value in [("head_count=0", "qwen2.attention.head_count", 0),
                             ("block_count=0x7fffffff", "qwen2.block_count", 0x7FFFFFFF),
                             ("block_count=2^28", "qwen2.block_count", 1 << 28)]:
        path = os.path.join(d, "bad.gguf")
        mutate(path, key, "<I", value)
        t0 = time.time()
        p = subprocess.run(["/usr/bin/time", "-f", "maxrss_kb=%M", args.r1j, "generate", "-m", path, "-p", "hi", "-n", "1"],
                           capture_output=True, text=True, timeout=300)
        out = [l for l in (p.stdout + p.stderr).splitlines() if l.strip() and "incubator" not in l]
        rss = next((l for l in out if l.startswith("maxrss_kb=")), "")
        lines = [l for l in out if not l.startswith("maxrss_kb=")]
        print("model: %s: exit %d in %.1f s, %s, %d output lines, first: %s" % (name, p.returncode, time.time() - t0, rss,
                                                                             len(lines), lines[0][:160] if lines else ""))


def template(args):
    d = tempfile.mkdtemp(prefix="r1j-probe-tpl-")
    path = os.path.join(d, "no-template.gguf")
    data = bytearray(open(MODEL, "rb").read())
    i = data.find(b"tokenizer.chat_template")
    data[i:i + 23] = b"tokenizer.chat_templatX"
    open(path, "wb").write(data)
    for extra in ([], ["--chat-template", "chatml"]):
        try:
            s = Server(args.r1j, args.port, model=path, extra=extra)
        except SystemExit as e:
            print("template: serve %s: did not start: %s" % (" ".join(extra), str(e)[-200:]))
            continue
        try:
            warn = [l for l in open(s.log_path, errors="replace") if "template" in l.lower()]
            status, text = post(s.url("/v1/chat/completions"), {"messages": [{"role": "user", "content": "hi"}],
                                                                "max_tokens": 1})
            print("template: serve %s: start-up says %r; chat -> %s %s" % (" ".join(extra) or "(no flag)",
                                                                        warn[0].strip()[:120] if warn else None,
                                                                        status, text[:140]))
        finally:
            s.stop()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--r1j", default=os.path.join(HERE, "..", "r1j"))
    p.add_argument("--port", type=int, default=18613)
    p.add_argument("--redos-lengths", type=int, nargs="+", default=[20, 22, 24, 33])
    p.add_argument("--redos-timeout", type=float, default=30)
    p.add_argument("--abandoned", type=int, default=50)
    p.add_argument("--connections", type=int, default=500)
    p.add_argument("--hold", type=float, default=75)
    p.add_argument("items", nargs="+", choices=["redos", "abandon", "slowloris", "http", "model", "strict", "template"])
    args = p.parse_args()
    for item in args.items:
        globals()[item](args)


if __name__ == "__main__":
    main()
