//! Whole-window tests: the real `App` (update, view) driven through iced_test's
//! Simulator (clicks and typing on what is shown), with the Tasks that `update`
//! returns run to completion on a tokio runtime, as the iced runtime would.
//! Widget operations (focus) and window actions are not performed here.
#![allow(dead_code)]

use iced::keyboard;
use iced::{Font, Size};
use iced_test::selector::{Candidate, Selector, Text as TextTarget};
use iced_test::simulator::Simulator;
use iced_test::{runtime, Error};

use madoguchi::ui::{App, Message};

/// The app reads MADOGUCHI_HOME from the environment: one window test at a time.
pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

pub const WINDOW: Size = Size::new(1280.0, 800.0);

/// The window's size: 1280×800, or `MADOGUCHI_WINDOW=1920x1080` (screenshots of
/// a large counter screen).
fn window() -> Size {
    std::env::var("MADOGUCHI_WINDOW")
        .ok()
        .and_then(|v| {
            let (w, h) = v.split_once('x')?;
            Some(Size::new(w.parse().ok()?, h.parse().ok()?))
        })
        .unwrap_or(WINDOW)
}

/// Headless renderer with the bundled Japanese font (no font on a fresh machine).
pub fn settings() -> iced::Settings {
    if std::env::var_os("ICED_TEST_BACKEND").is_none() {
        std::env::set_var("ICED_TEST_BACKEND", "tiny-skia");
    }
    iced::Settings {
        fonts: vec![madoguchi::print::font::FONT_BYTES.into()],
        default_font: Font::with_name(madoguchi::print::font::FONT_NAME),
        ..iced::Settings::default()
    }
}

pub struct Driver {
    pub app: App,
    rt: tokio::runtime::Runtime,
    /// Every message the app received, in order.
    pub log: Vec<String>,
}

impl Driver {
    pub fn boot() -> Driver {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let (app, task) = {
            let _guard = rt.enter();
            App::boot()
        };
        let mut d = Driver {
            app,
            rt,
            log: Vec::new(),
        };
        d.run(task);
        d
    }

    /// Send one message and run what it starts, to the end.
    pub fn send(&mut self, message: Message) {
        self.log
            .push(format!("{message:?}").chars().take(80).collect());
        let task = {
            let _guard = self.rt.enter();
            self.app.update(message)
        };
        self.run(task);
    }

    fn run(&mut self, task: iced::Task<Message>) {
        let Some(mut stream) = runtime::task::into_stream(task) else {
            return;
        };
        // Actions other than outputs (window and widget operations) are
        // dropped at once, which cancels whatever waits on their reply.
        while let Some(action) = self.rt.block_on(futures_util::StreamExt::next(&mut stream)) {
            if let runtime::Action::Output(m) = action {
                self.send(m);
            }
        }
    }

    /// Interact with what the window shows now; the messages it produces are
    /// then sent in order.
    pub fn ui<T>(&mut self, f: impl FnOnce(&mut Simulator<'_, Message>) -> T) -> T {
        let (out, messages) = {
            let mut sim = Simulator::with_size(settings(), window(), self.app.view());
            let out = f(&mut sim);
            (out, sim.into_messages().collect::<Vec<_>>())
        };
        for m in messages {
            self.send(m);
        }
        out
    }

    /// Whether a text containing `needle` is shown.
    pub fn shows(&mut self, needle: &str) -> bool {
        self.ui(|s| s.find(Contains(needle.to_string())).is_ok())
    }

    /// Every text shown, for assertion messages.
    pub fn texts(&mut self) -> Vec<String> {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = seen.clone();
        self.ui(move |s| {
            let _ = s.find(AllTexts(sink));
        });
        let out = seen.lock().map(|v| v.clone()).unwrap_or_default();
        out
    }

    /// Assert that a text containing `needle` is shown, listing what is if not.
    pub fn expect_shown(&mut self, needle: &str, why: &str) {
        if !self.shows(needle) {
            let shown = self.texts();
            panic!("{needle:?} not shown ({why}); shown: {shown:?}");
        }
    }

    /// What the window shows now, as pixels (drawn by tiny-skia through the
    /// Simulator; `dir` receives the PNG).
    #[allow(dead_code)] // not every test binary looks at pixels
    pub fn screenshot(&mut self, dir: &std::path::Path, name: &str) -> image::RgbaImage {
        let path = dir.join(name);
        let written = self.ui(|s| {
            let shot = s
                .snapshot(&madoguchi::ui::theme::theme())
                .expect("snapshot");
            // A new path: the snapshot is written there, not compared.
            shot.matches_image(&path).expect("write snapshot")
        });
        assert!(written);
        let file = std::fs::read_dir(dir)
            .expect("read dir")
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&format!("{name}-")) && n.ends_with(".png"))
            })
            .expect("the snapshot's file");
        let image = image::open(&file).expect("snapshot png").to_rgba8();
        std::fs::remove_file(&file).expect("remove snapshot");
        image
    }

    pub fn click(&mut self, label: &str) {
        let r = self.ui(|s| s.click(label).map(|_| ()));
        if let Err(e) = r {
            let shown = self.texts();
            panic!("click {label:?}: {e:?}\nshown: {shown:?}");
        }
    }

    /// Click the widget with this id (a role's member button: `role:deceased:h`).
    #[allow(dead_code)]
    pub fn click_id(&mut self, id: &str) {
        let owned = id.to_string();
        let r = self.ui(move |s| s.click(iced_test::selector::id(owned)).map(|_| ()));
        if let Err(e) = r {
            let shown = self.texts();
            panic!("click #{id}: {e:?}\nshown: {shown:?}");
        }
    }

    pub fn click_containing(&mut self, needle: &str) {
        let r = self.ui(|s| s.click(Contains(needle.to_string())).map(|_| ()));
        if let Err(e) = r {
            let shown = self.texts();
            panic!("click text containing {needle:?}: {e:?}\nshown: {shown:?}");
        }
    }

    /// Focus a text input by id, replace its contents with `text`, and
    /// optionally press Enter.
    pub fn type_into(&mut self, id: &'static str, text: &str, enter: bool) {
        let r = self.ui(|s| -> Result<(), Error> {
            s.click(iced_test::selector::id(id))?;
            select_all(s);
            s.typewrite(text);
            if enter {
                s.tap_key(keyboard::key::Named::Enter);
            }
            Ok(())
        });
        if let Err(e) = r {
            let shown = self.texts();
            panic!("type into {id}: {e:?}\nshown: {shown:?}");
        }
    }

    pub fn key(&mut self, key: keyboard::Key, modifiers: keyboard::Modifiers) {
        self.send(Message::Key(key, modifiers));
    }
}

fn select_all(s: &mut Simulator<'_, Message>) {
    use iced::keyboard::{key, Event, Key, Location, Modifiers};
    let a = Key::Character("a".into());
    s.simulate([
        iced::Event::Keyboard(Event::ModifiersChanged(Modifiers::CTRL)),
        iced::Event::Keyboard(Event::KeyPressed {
            key: a.clone(),
            modified_key: a.clone(),
            physical_key: key::Physical::Code(key::Code::KeyA),
            location: Location::Standard,
            modifiers: Modifiers::CTRL,
            text: None,
            repeat: false,
        }),
        iced::Event::Keyboard(Event::KeyReleased {
            key: a.clone(),
            modified_key: a,
            physical_key: key::Physical::Code(key::Code::KeyA),
            location: Location::Standard,
            modifiers: Modifiers::CTRL,
        }),
        iced::Event::Keyboard(Event::ModifiersChanged(Modifiers::empty())),
    ]);
}

/// A text (or text input) whose content contains the needle.
pub struct Contains(pub String);

impl Selector for Contains {
    type Output = TextTarget;

    fn select(&mut self, candidate: Candidate<'_>) -> Option<Self::Output> {
        match candidate {
            Candidate::Text {
                id,
                bounds,
                visible_bounds,
                content,
            } if content.contains(self.0.as_str()) => Some(TextTarget::Raw {
                id: id.cloned(),
                bounds,
                visible_bounds,
            }),
            _ => None,
        }
    }

    fn description(&self) -> String {
        format!("text containing {:?}", self.0)
    }
}

/// Collects every text; never matches, so the walk covers the whole tree.
struct AllTexts(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl Selector for AllTexts {
    type Output = ();

    fn select(&mut self, candidate: Candidate<'_>) -> Option<Self::Output> {
        if let (Candidate::Text { content, .. }, Ok(mut v)) = (candidate, self.0.lock()) {
            v.push(content.to_string());
        }
        None
    }

    fn description(&self) -> String {
        "all texts".into()
    }
}

/// A portable home whose settings name the hub and the counter.
pub fn home_for(dir: &std::path::Path, hub_url: &str) -> std::path::PathBuf {
    let home = dir.join("home");
    std::fs::create_dir_all(&home).expect("home");
    std::fs::write(
        home.join("settings.toml"),
        format!(
            "version = 1\nhub_url = \"{hub_url}\"\ncounter_id = \"2\"\ncounter_prefix = \"K2\"\n"
        ),
    )
    .expect("settings");
    std::env::set_var(madoguchi::paths::HOME_ENV, &home);
    home
}

pub fn issue(url: &str, category: &str) -> madoguchi::api::Ticket {
    madoguchi::client::HubClient::new(url, "clerk", "clerk-demo")
        .expect("client")
        .issue(&super::hub::walk_in(category), None)
        .expect("ticket")
}

pub fn pdftotext(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    // Word spacing differs by layout: compare without whitespace.
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The case id of a visit (as the counter names it) and its printed batch's text.
pub fn printed_batch(home: &std::path::Path, ticket: &madoguchi::api::Ticket) -> (String, String) {
    let case_id = madoguchi::ui::intake::case_id(ticket);
    let text = pdftotext(&home.join("print").join(format!("{case_id}.pdf")));
    (case_id, text)
}

/// Words of ASCII letters that are data, names or terms Japanese uses as
/// they are (the language chooser names English in English), not sentences.
const ALLOWED: [&str; 18] = [
    "madoguchi",
    "clerk",
    "floor",
    "supervisor",
    "admin",
    "demo",
    "PDF",
    "QR",
    "YYYY",
    "MM",
    "DD",
    "http",
    "English",
    "GPU",
    "URL",
    // Key names, as printed on keyboards.
    "Ctrl",
    "Esc",
    "backoffice",
];

pub fn english_words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || !c.is_ascii())
        .filter(|w| !w.contains('/') && !w.contains("://"))
        .flat_map(|w| {
            w.split(|c: char| !c.is_ascii_alphabetic())
                .filter(|p| p.len() >= 3)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w| !ALLOWED.contains(&w.as_str()))
        .collect()
}
