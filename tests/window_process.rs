//! The window as a process, on a real X server (Xvfb): signed in as the floor
//! manager with the live board open (its event stream waiting on the hub),
//! pressing the window's close button ends the process within 2 s; and a
//! second start over the same data directory does not open the same cache
//! again: it asks the first window to come forward and exits with a message.
//! Needs `Xvfb` and python-xlib (`.ci/run` installs both).

#[path = "support/hub.rs"]
mod hub;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_madoguchi");

struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    /// An X server on a display nobody uses: a number with no lock file or
    /// socket (a killed server leaves both), checked to be up.
    fn start() -> Xvfb {
        let first = 90 + (std::process::id() % 100);
        for n in (first..first + 200).map(|n| 90 + (n - 90) % 400) {
            let lock = PathBuf::from(format!("/tmp/.X{n}-lock"));
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
            if lock.exists() || socket.exists() {
                continue;
            }
            let display = format!(":{n}");
            let mut child = Command::new("Xvfb")
                .args([
                    display.as_str(),
                    "-screen",
                    "0",
                    "1280x800x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("Xvfb runs (apt-get install xvfb)");
            let up = hub::wait_until(Duration::from_secs(10), || {
                socket.exists() || child.try_wait().ok().flatten().is_some()
            });
            if up && child.try_wait().ok().flatten().is_none() {
                return Xvfb { child, display };
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("no free X display for Xvfb");
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        // TERM, not KILL: the server removes its lock file and socket.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        if exits_within(&mut self.child, Duration::from_secs(5)).is_none() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

fn x11(display: &str, args: &[&str]) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/x11.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(display)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "x11.py {args:?}: {} (pip install python-xlib)",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn window(home: &Path, display: &str) -> Command {
    let mut c = Command::new(BIN);
    c.env("DISPLAY", display)
        .env("MADOGUCHI_HOME", home)
        .env("ICED_BACKEND", "tiny-skia")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// A child process killed when the test ends, passed or not.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The process's end within `limit`, or none.
fn exits_within(child: &mut Child, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().expect("wait").is_some() {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn closing_with_the_board_open_exits_and_a_second_start_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = hub::demo_db(dir.path(), 20);
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    std::fs::write(
        home.join("settings.toml"),
        format!(
            "version = 1\nhub_url = \"{}\"\ncounter_id = \"2\"\ncounter_prefix = \"K2\"\n",
            hub.url
        ),
    )
    .expect("settings");
    let x = Xvfb::start();

    let mut started = Killed(window(&home, &x.display).spawn().expect("start the window"));
    let first = &mut started.0;
    let opened = hub::wait_until(Duration::from_secs(60), || {
        first.try_wait().ok().flatten().is_some()
            || x11(&x.display, &["windows"]).contains("madoguchi")
    }) && first.try_wait().ok().flatten().is_none();
    if !opened {
        let _ = first.kill();
        let mut err = String::new();
        if let Some(mut e) = first.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut err);
        }
        panic!("the window did not open on {}: {err}", x.display);
    }
    // Sign in as the floor manager: the live board follows the hub's events.
    std::thread::sleep(Duration::from_millis(500));
    x11(
        &x.display,
        &[
            "keys",
            "shift+Tab",
            "ctrl+a",
            "floor",
            "Tab",
            "floor-demo",
            "Return",
        ],
    );
    assert!(
        hub::wait_until(Duration::from_secs(20), || {
            hub::hub_rows(&db, "SELECT count(*) FROM sessions")
                .first()
                .and_then(|r| r.first())
                .is_some_and(|n| n != "0")
        }),
        "the floor manager signed in"
    );
    std::thread::sleep(Duration::from_secs(2));
    assert!(first.try_wait().expect("wait").is_none(), "running");

    // A second start over the same data directory: refused with a message,
    // and the first window is asked to come forward.
    let second = window(&home, &x.display).output().expect("second start");
    assert_eq!(second.status.code(), Some(4), "{second:?}");
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("already running"),
        "{second:?}"
    );
    let raise = home.join("raise-window");
    assert!(
        hub::wait_until(Duration::from_secs(5), || !raise.exists()),
        "the running window took the request to come forward"
    );

    // The close button: the process ends within 2 s.
    x11(&x.display, &["close", "madoguchi"]);
    let took = exits_within(first, Duration::from_secs(10));
    assert!(
        took.is_some_and(|t| t <= Duration::from_secs(2)),
        "the process ended after {took:?} (limit 2 s)"
    );
}
