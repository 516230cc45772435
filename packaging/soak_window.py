#!/usr/bin/env python3
"""Memory of the counter window over a long use (issue 14: RSS after 25
minutes under 150 MB): the release build under Xvfb, signed in as the
supervisor on the live floor board, against a separate hub process, while
tickets are issued and called every few seconds (the board redraws on each
event) and the day's tally is printed every minute (its button pressed).
Prints RSS every minute. Needs Xvfb and python-xlib.

    cargo build --release && python3 packaging/soak_window.py [--minutes 25]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
X11 = os.path.join(HERE, "..", "tests", "support", "x11.py")


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def call(url, path, body=None, token=None):
    req = urllib.request.Request(url + path, method="POST" if body is not None else "GET")
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(req, data=data, timeout=10) as r:
        return json.loads(r.read() or b"null")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/madoguchi")
    ap.add_argument("--minutes", type=float, default=25)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="madoguchi-soak-")
    db = os.path.join(work, "hub.db")
    subprocess.run([args.binary, "demo-data", "--db", db, "--residents", "2000"], check=True,
                   stdout=subprocess.DEVNULL)
    hub = subprocess.Popen([args.binary, "hub", "--db", db, "--listen", "127.0.0.1:0"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = hub.stdout.readline().strip().rsplit(" ", 1)[-1]
    home = os.path.join(work, "home")
    os.makedirs(home)
    with open(os.path.join(home, "settings.toml"), "w") as f:
        f.write(f'version = 1\nhub_url = "{url}"\ncounter_id = "2"\ncounter_prefix = "K2"\n')
    display = ":96"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stderr=subprocess.DEVNULL)
    time.sleep(1)
    env = dict(os.environ, DISPLAY=display, MADOGUCHI_HOME=home, ICED_BACKEND="tiny-skia")
    app = subprocess.Popen([args.binary], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        time.sleep(4)
        subprocess.run([sys.executable, X11, display, "keys", "shift+Tab", "ctrl+a", "supervisor",
                        "Tab", "supervisor-demo", "Return"], check=True)
        time.sleep(3)
        token = call(url, "/api/login", {"user": "clerk", "password": "clerk-demo",
                                         "counter": "5"})["token"]
        start = time.monotonic()
        print(f"signed in; RSS {rss_mb(app.pid):.0f} MB", flush=True)
        n, minute = 0, 0
        while time.monotonic() - start < args.minutes * 60:
            call(url, "/api/tickets", {"category": "ABCD"[n % 4]}, token)
            if n % 2:
                call(url, "/api/tickets/call-next", {"counter": "5", "categories": []}, token)
            n += 1
            elapsed = time.monotonic() - start
            if int(elapsed // 60) > minute:
                minute = int(elapsed // 60)
                # 本日の集計を印刷, top right of the board.
                subprocess.run([sys.executable, X11, display, "click", "1083", "68"], check=True)
                print(f"{minute:>3} min: RSS {rss_mb(app.pid):.0f} MB, {n} tickets", flush=True)
            time.sleep(3)
        print(f"after {args.minutes:g} min: RSS {rss_mb(app.pid):.0f} MB", flush=True)
    finally:
        app.terminate()
        hub.terminate()
        xvfb.terminate()


if __name__ == "__main__":
    main()
