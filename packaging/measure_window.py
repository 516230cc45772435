#!/usr/bin/env python3
"""Release-build figures for the counter window under Xvfb (issue 5's goals):
time to first frame (< 1 s), resident memory after a minute (< 150 MB) and
idle CPU (< 1 %). Needs Xvfb and xwd (Debian: xvfb, x11-apps) and python-xlib.

    cargo build --release && python3 packaging/measure_window.py [--mode counter|display] [--hub URL]

With no --hub the app starts its embedded hub (in the same process, over the
demo registry): that is what a newcomer runs, and it counts the hub's memory
too. The first start in a new home also builds the demo database; it is
measured separately ("cold") from a start over an existing home ("warm").
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile
import time

TICK = os.sysconf("SC_CLK_TCK")
X11 = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "support", "x11.py")


def center_pixel(display):
    """The root window's centre pixel as (r, g, b), read from an xwd dump."""
    raw = subprocess.run(
        ["xwd", "-root", "-silent", "-display", display], capture_output=True, check=True
    ).stdout
    f = struct.unpack(">25I", raw[:100])
    header, width, height, bpp, bpl, ncolors = f[0], f[4], f[5], f[11], f[12], f[19]
    off = header + ncolors * 12 + (height // 2) * bpl + (width // 2) * (bpp // 8)
    b, g, r = raw[off], raw[off + 1], raw[off + 2]
    return r, g, b


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def start(binary, home, display, env_extra):
    env = dict(os.environ, DISPLAY=display, MADOGUCHI_HOME=home, **env_extra)
    before = center_pixel(display)
    t0 = time.monotonic()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while center_pixel(display) == before:
        if proc.poll() is not None:
            sys.exit(f"the app exited: {proc.stderr.read().decode(errors='replace')}")
        if time.monotonic() - t0 > 60:
            sys.exit("no frame within 60 s")
        time.sleep(0.005)
    return proc, time.monotonic() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/madoguchi")
    ap.add_argument("--mode", default="counter", choices=["counter", "display", "kiosk"])
    ap.add_argument("--hub", help="a running hub's URL (default: the embedded hub)")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--shot", help="save a screenshot of the screen measured (PNG, needs import)")
    ap.add_argument("--user", help="type this user name first (a real hub's login is empty)")
    ap.add_argument("--password", help="log in (as the demo user the login screen offers) "
                    "and measure the signed-in screen instead of the login screen")
    args = ap.parse_args()

    display = ":97"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24"],
                            stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    home = tempfile.mkdtemp(prefix="madoguchi-measure-")
    with open(os.path.join(home, "settings.toml"), "w") as f:
        f.write(f'version = 1\nmode = "{args.mode}"\n')
        if args.hub:
            f.write(f'hub_url = "{args.hub}"\n')
    try:
        cold, cold_s = start(args.binary, home, display, {})
        cold.terminate()
        cold.wait()
        time.sleep(0.5)
        proc, warm_s = start(args.binary, home, display, {})
        print(f"first frame: cold {cold_s * 1000:.0f} ms (builds the demo database), "
              f"warm {warm_s * 1000:.0f} ms")
        if args.password:
            # No window manager under Xvfb: x11.py gives the window the keyboard
            # and types (XTEST, python-xlib).
            words = [args.password, "Return"]
            if args.user:
                # Focus starts in the password field: back to the user's, and on.
                words = ["shift+Tab", args.user, "Tab"] + words
            subprocess.run([sys.executable, X11, display, "keys", *words], check=True)
        # Idle: nothing typed or clicked for the whole minute.
        time.sleep(2)
        c0, t0 = cpu_ticks(proc.pid), time.monotonic()
        time.sleep(args.seconds)
        c1, t1 = cpu_ticks(proc.pid), time.monotonic()
        cpu = (c1 - c0) / TICK / (t1 - t0) * 100
        print(f"after {args.seconds + 2} s: RSS {rss_mb(proc.pid):.0f} MB, "
              f"idle CPU {cpu:.2f} % ({c1 - c0} ticks in {t1 - t0:.0f} s)")
        if args.shot:
            subprocess.run(["import", "-display", display, "-window", "root", args.shot], check=True)
        proc.terminate()
        proc.wait()
    finally:
        xvfb.terminate()


if __name__ == "__main__":
    main()
