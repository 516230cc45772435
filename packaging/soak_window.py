#!/usr/bin/env python3
"""Memory of the counter window over a long use (issue 14: RSS after 25
minutes with preview, board and tally under 150 MB): the release build under
Xvfb against a separate hub process, driven by the keyboard and the pointer
as a person would (XTEST). Each round, about a minute:

- signed in as a clerk: two visits from "call next" through the household
  search (kana typed), the move-in's former address, the procedures, the
  print step's preview paged through to the last page, the batch printed (to
  a PDF: no printer is set) and the visit handed over;
- signed in as the supervisor: the live floor board while tickets are issued
  and called every 3 s, and the day's tally printed by its button.

Prints RSS after every round. Needs Xvfb and python-xlib.
With --board-only, the board and tally alone (the first soak).

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
    ap.add_argument("--board-only", action="store_true")
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
        token = call(url, "/api/login", {"user": "clerk", "password": "clerk-demo",
                                         "counter": "5"})["token"]
        x11 = lambda *a: subprocess.run([sys.executable, X11, display, *a], check=True)
        start = time.monotonic()
        n, rounds, visits = 0, 0, 0
        print(f"started; RSS {rss_mb(app.pid):.0f} MB", flush=True)

        def sign_in(user):
            x11("keys", "shift+Tab", "ctrl+a", user, "Tab", f"{user}-demo", "Return")
            time.sleep(2.5)

        def visit(hit):
            # A ticket, called with F2, its intake started.
            call(url, "/api/tickets", {"category": "A"}, token)
            time.sleep(0.5)
            x11("keys", "F2")
            time.sleep(1)
            x11("click", "157", "297")  # インテーク開始
            time.sleep(1)
            x11("keys", "ヤ", "Return")
            time.sleep(1.5)
            x11("click", "600", str(225 + 52 * hit))  # a household found
            time.sleep(1)
            # The move-in's former address, as on the 転出証明書.
            x11("click", "793", "424")
            x11("keys", "山口県")
            x11("click", "793", "485")
            x11("keys", "山口県下関市竹崎町1丁目2番3号")
            x11("click", "1235", "766")  # 次へ: the procedures
            time.sleep(1)
            x11("click", "1235", "766")  # 次へ: print, with its preview
            time.sleep(2.5)
            for _ in range(6):
                x11("click", "1016", "146")  # 次のページ
                time.sleep(0.4)
            x11("keys", "ctrl+p")  # 一括印刷
            time.sleep(3)
            x11("keys", "ctrl+f")  # 受付完了
            time.sleep(1.5)

        while time.monotonic() - start < args.minutes * 60:
            if not args.board_only:
                sign_in("clerk")
                for i in range(2):
                    visit((rounds * 2 + i) % 8)
                    visits += 1
                x11("click", "1226", "17")  # ログアウト
                time.sleep(1)
            sign_in("supervisor")
            board_until = time.monotonic() + (60 if args.board_only else 30)
            while time.monotonic() < board_until:
                call(url, "/api/tickets", {"category": "ABCD"[n % 4]}, token)
                if n % 2:
                    call(url, "/api/tickets/call-next", {"counter": "5", "categories": []}, token)
                n += 1
                time.sleep(3)
            x11("click", "1083", "68")  # 本日の集計を印刷
            time.sleep(2)
            rounds += 1
            minutes = (time.monotonic() - start) / 60
            print(f"{minutes:5.1f} min: RSS {rss_mb(app.pid):.0f} MB, {visits} visits printed, "
                  f"{n} tickets", flush=True)
            x11("click", "1226", "17")  # ログアウト
            time.sleep(1)
        print(f"after {args.minutes:g} min: RSS {rss_mb(app.pid):.0f} MB, {visits} visits",
              flush=True)
    finally:
        app.terminate()
        hub.terminate()
        xvfb.terminate()


if __name__ == "__main__":
    main()
