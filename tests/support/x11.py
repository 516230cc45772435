"""Drive a real window on an X server (Xvfb) the way a person would: type
with the keyboard (XTEST) and press the window's close button (a
WM_DELETE_WINDOW request, what a window manager sends). Used by
tests/window_process.rs.

    python3 x11.py DISPLAY keys floor Tab floor-demo Return
    python3 x11.py DISPLAY close TITLE-PART
    python3 x11.py DISPLAY click X Y
    python3 x11.py DISPLAY windows
"""
import sys
import time

from Xlib import X, XK, display, protocol
from Xlib.ext import xtest


def windows(d):
    """Top-level windows with a name, as (window, name)."""
    found = []
    for w in d.screen().root.query_tree().children:
        try:
            name = w.get_wm_name()
            if name is None:
                prop = w.get_full_property(d.intern_atom("_NET_WM_NAME"), 0)
                name = prop.value.decode("utf-8", "replace") if prop else None
        except Exception:
            name = None
        if name:
            found.append((w, name if isinstance(name, str) else name.decode("utf-8", "replace")))
    return found


def chord(d, mod, key):
    m = d.keysym_to_keycode(XK.string_to_keysym(mod))
    k = d.keysym_to_keycode(XK.string_to_keysym(key))
    xtest.fake_input(d, X.KeyPress, m)
    xtest.fake_input(d, X.KeyPress, k)
    xtest.fake_input(d, X.KeyRelease, k)
    xtest.fake_input(d, X.KeyRelease, m)
    d.sync()
    time.sleep(0.05)


SPARE = None
NAMED = ("Tab", "Return", "BackSpace", "Escape", "F2", "Down", "Up")


def spare_keycode(d, sym):
    """A keycode with nothing on it, given `sym` (how xdotool types a
    character the keyboard has no key for)."""
    global SPARE
    first = d.display.info.min_keycode
    if SPARE is None:
        count = d.display.info.max_keycode - first + 1
        mapping = d.get_keyboard_mapping(first, count)
        empty = [first + i for i in range(count) if not any(mapping[i])]
        if not empty:
            raise SystemExit("no spare keycode")
        SPARE = (empty[-1], len(mapping[0]))
    code, width = SPARE
    d.change_keyboard_mapping(code, [(sym,) * width])
    d.sync()
    time.sleep(0.05)
    return code


def keys(d, words):
    for word in words:
        if word == "ctrl+a":
            chord(d, "Control_L", "a")
            continue
        if word == "shift+Tab":
            chord(d, "Shift_L", "Tab")
            continue
        if word.startswith("ctrl+") and len(word) == 6:
            chord(d, "Control_L", word[5])
            continue
        if word in NAMED:
            seq = [word]
        else:
            seq = list(word)
        for ch in seq:
            sym = XK.string_to_keysym(ch)
            if sym == 0:
                # Beyond Latin-1 (kana, kanji): X's Unicode keysym.
                sym = ord(ch) if ord(ch) < 0x100 else 0x01000000 + ord(ch)
            code = d.keysym_to_keycode(sym)
            if code == 0:
                code = spare_keycode(d, sym)
            shift = ch.isupper() or ch in "_"
            if shift:
                xtest.fake_input(d, X.KeyPress, d.keysym_to_keycode(XK.XK_Shift_L))
            xtest.fake_input(d, X.KeyPress, code)
            xtest.fake_input(d, X.KeyRelease, code)
            if shift:
                xtest.fake_input(d, X.KeyRelease, d.keysym_to_keycode(XK.XK_Shift_L))
            d.sync()
            time.sleep(0.03)


def close(d, part):
    protocols = d.intern_atom("WM_PROTOCOLS")
    delete = d.intern_atom("WM_DELETE_WINDOW")
    for w, name in windows(d):
        if part in name:
            ev = protocol.event.ClientMessage(
                window=w, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0])
            )
            w.send_event(ev, event_mask=X.NoEventMask)
            d.sync()
            return 0
    print("no window named like %r: %r" % (part, [n for _, n in windows(d)]), file=sys.stderr)
    return 1


def main():
    d = display.Display(sys.argv[1])
    what = sys.argv[2]
    if what == "keys":
        # The pointer over the window, so it has the keyboard (no window manager).
        xtest.fake_input(d, X.MotionNotify, x=640, y=400)
        # No window manager gives the window the focus: give it, as one would.
        for w, _ in windows(d):
            w.set_input_focus(X.RevertToParent, X.CurrentTime)
        d.sync()
        time.sleep(0.2)
        keys(d, sys.argv[3:])
        return 0
    if what == "click":
        x, y = int(sys.argv[3]), int(sys.argv[4])
        xtest.fake_input(d, X.MotionNotify, x=x, y=y)
        xtest.fake_input(d, X.ButtonPress, 1)
        xtest.fake_input(d, X.ButtonRelease, 1)
        d.sync()
        return 0
    if what == "close":
        return close(d, sys.argv[3])
    if what == "windows":
        for _, name in windows(d):
            print(name)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
