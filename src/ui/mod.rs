//! The counter window (iced). The core stays iced-free; this module adapts it:
//! each screen owns its state, messages and view, and long work runs in
//! background tasks over the blocking core.

mod app_view;
pub mod back_office;
pub mod backend;
pub mod counter;
pub mod counter_pause;
pub mod counter_view;
pub mod counter_visits;
pub mod display;
pub mod draft;
pub mod event_step;
pub mod floor;
pub mod intake;
pub mod kiosk;
pub mod live;
pub mod login;
pub mod new_household;
pub mod newborn;
pub mod page_preview;
pub mod printing;
pub mod procedures;
pub mod settings;
pub mod theme;
pub mod tr;

use std::sync::Arc;
use std::time::Duration;

use iced::{keyboard, window, Font, Subscription, Task, Theme};

use crate::api::Role;
use crate::client::SyncState;
use backend::{Backend, HubPlace, Mode, Settings};
use tr::t;

/// Run blocking core work off the UI thread.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| format!("background work failed: {e}"))?
}

pub enum Screen {
    Login(login::Login),
    Counter(Box<counter::CounterScreen>),
    Floor(Box<floor::Floor>),
    BackOffice(Box<back_office::BackOffice>),
    Kiosk(kiosk::Kiosk),
    Display(display::Display),
    Settings(Box<settings::SettingsScreen>),
}

pub struct App {
    pub settings: Settings,
    pub hub: HubPlace,
    pub screen: Screen,
    pub backend: Option<Arc<Backend>>,
    pub status: SyncState,
    /// Leaving was asked for while work is open: asked first.
    pub confirm_close: Option<Leave>,
    pub startup_error: Option<String>,
    /// The layout last drawn, and a flip that forces a full repaint when it changes.
    repaint: std::cell::Cell<(u64, bool)>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Login(login::Message),
    Counter(counter::Message),
    Floor(floor::Message),
    BackOffice(back_office::Message),
    /// A supervisor moves between the floor board and the back office.
    OpenBackOffice,
    OpenFloor,
    Kiosk(kiosk::Message),
    Display(display::Message),
    Settings(settings::Message),
    Tick,
    CloseRequested(window::Id),
    ConfirmClose,
    CancelClose,
    Key(keyboard::Key, keyboard::Modifiers),
    Logout,
}

impl App {
    pub fn boot() -> (App, Task<Message>) {
        let (settings, settings_error) = Settings::load(&crate::paths::settings_to_read());
        let (hub, hub_error) = match &settings.hub_url {
            Some(url) => (HubPlace::remote(url.clone()), None),
            None => match backend::embedded_hub() {
                Ok(h) => (h, None),
                Err(e) => (HubPlace::remote(String::new()), Some(e)),
            },
        };
        tr::set_language(&settings.language);
        let demo = hub.is_embedded();
        let screen = Screen::Login(login::Login::new(hub.url.clone(), demo, settings.mode));
        let startup_error = settings_error.or(hub_error);
        let app = App {
            settings,
            hub,
            screen,
            backend: None,
            status: SyncState::default(),
            confirm_close: None,
            startup_error,
            repaint: std::cell::Cell::new((0, false)),
        };
        (app, iced::widget::operation::focus("password"))
    }

    /// The screen for the mode chosen at login (and the user's role).
    fn enter(&mut self, backend: Arc<Backend>, mode: Mode) -> Task<Message> {
        match (mode, backend.login.role) {
            (Mode::Kiosk, _) => {
                let (s, t) = kiosk::Kiosk::new(backend);
                self.screen = Screen::Kiosk(s);
                Task::batch([
                    t.map(Message::Kiosk),
                    set_window_mode(window::Mode::Fullscreen),
                ])
            }
            (Mode::Display, _) => {
                let (s, t) = display::Display::new(backend);
                self.screen = Screen::Display(s);
                Task::batch([
                    t.map(Message::Display),
                    set_window_mode(window::Mode::Fullscreen),
                ])
            }
            (Mode::Counter, Role::Clerk | Role::Admin) => {
                let (s, t) = counter::CounterScreen::new(backend);
                self.screen = Screen::Counter(Box::new(s));
                t.map(Message::Counter)
            }
            (Mode::Counter, Role::BackOffice) => self.open_back_office(backend),
            (Mode::Counter, _) => {
                let (s, t) = floor::Floor::new(backend);
                self.screen = Screen::Floor(Box::new(s));
                t.map(Message::Floor)
            }
        }
    }

    fn open_back_office(&mut self, backend: Arc<Backend>) -> Task<Message> {
        let (s, t) = back_office::BackOffice::new(backend);
        self.screen = Screen::BackOffice(Box::new(s));
        t.map(Message::BackOffice)
    }

    fn login_screen(&self) -> Screen {
        Screen::Login(login::Login::new(
            self.hub.url.clone(),
            self.hub.is_embedded(),
            self.settings.mode,
        ))
    }

    /// What the window's layout is now: the screen, the intake step and the
    /// panels that open and close.
    fn layout_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::mem::discriminant(&self.screen).hash(&mut h);
        if let Screen::Counter(c) = &self.screen {
            if let Some(i) = &c.intake {
                (i.step, i.new_household.is_some(), i.show_not_applicable).hash(&mut h);
            }
        }
        self.confirm_close.is_some().hash(&mut h);
        h.finish()
    }

    /// The theme's base style, with a background one millionth off white on
    /// every other layout. The software renderer repaints only what it thinks
    /// changed and has left stale pixels when a screen or step changes (seen
    /// under Xvfb: a line of the procedures list on the print step); a changed
    /// background makes it repaint the whole window, and the colour rounds to
    /// the same pixels.
    pub fn style(&self, theme: &Theme) -> iced::theme::Style {
        use iced::theme::Base;
        let mut style = theme.base();
        let key = self.layout_key();
        let (last, flip) = self.repaint.get();
        let flip = if key == last { flip } else { !flip };
        self.repaint.set((key, flip));
        if flip {
            style.background_color.r -= 1e-6;
        }
        style
    }

    pub fn title(&self) -> String {
        let who = self
            .backend
            .as_ref()
            .map(|b| format!("　{}（{}）", b.login.user, b.login.role.as_str()))
            .unwrap_or_default();
        format!("{}{who}", t("app-title"))
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Login(m) => {
                let Screen::Login(login) = &mut self.screen else {
                    return Task::none();
                };
                match login.update(m, &self.settings) {
                    login::Action::None => Task::none(),
                    login::Action::Run(t) => t.map(Message::Login),
                    login::Action::LoggedIn(backend, mode) => {
                        // The login itself reached the hub: online until the sync worker says otherwise.
                        self.status = backend.status();
                        self.status.online = true;
                        self.backend = Some(backend.clone());
                        self.enter(backend, mode)
                    }
                    login::Action::OpenSettings { admin, hash } => {
                        // Remember this administrator, so the settings open for
                        // them when the hub cannot be reached.
                        self.settings.admin_user = Some(admin);
                        self.settings.admin_hash = Some(hash);
                        let path = crate::paths::settings_file();
                        let _ = self.settings.save(&path);
                        self.screen = Screen::Settings(Box::new(settings::SettingsScreen::new(
                            &self.settings,
                            &path,
                        )));
                        Task::none()
                    }
                }
            }
            Message::Settings(m) => {
                let Screen::Settings(s) = &mut self.screen else {
                    return Task::none();
                };
                match s.update(m) {
                    settings::Outcome::None => Task::none(),
                    settings::Outcome::Saved(new) => {
                        self.settings = *new;
                        Task::none()
                    }
                    settings::Outcome::Back => {
                        self.screen = self.login_screen();
                        iced::widget::operation::focus("password")
                    }
                }
            }
            Message::Counter(m) => match &mut self.screen {
                Screen::Counter(c) => c.update(m).map(Message::Counter),
                _ => Task::none(),
            },
            Message::Floor(floor::Message::ToBackOffice) | Message::OpenBackOffice => {
                match &self.backend {
                    Some(b) => {
                        let b = b.clone();
                        self.open_back_office(b)
                    }
                    None => Task::none(),
                }
            }
            Message::BackOffice(back_office::Message::ToFloor) | Message::OpenFloor => {
                match &self.backend {
                    Some(b) => {
                        let (s, t) = floor::Floor::new(b.clone());
                        self.screen = Screen::Floor(Box::new(s));
                        t.map(Message::Floor)
                    }
                    None => Task::none(),
                }
            }
            Message::Floor(m) => match &mut self.screen {
                Screen::Floor(f) => f.update(m).map(Message::Floor),
                _ => Task::none(),
            },
            Message::BackOffice(m) => match &mut self.screen {
                Screen::BackOffice(b) => b.update(m).map(Message::BackOffice),
                _ => Task::none(),
            },
            Message::Kiosk(m) => match &mut self.screen {
                Screen::Kiosk(k) => k.update(m).map(Message::Kiosk),
                _ => Task::none(),
            },
            Message::Display(m) => match &mut self.screen {
                Screen::Display(d) => d.update(m).map(Message::Display),
                _ => Task::none(),
            },
            Message::Tick => {
                let mut purge = Task::none();
                let mut raise = Task::none();
                // A second start over this data directory asked for this window.
                if crate::instance::raise_requested(&crate::paths::data_dir()) {
                    raise = window::latest().and_then(|id| {
                        Task::batch([window::minimize(id, false), window::gain_focus(id)])
                    });
                }
                if let Some(b) = &self.backend {
                    self.status = b.status();
                    // Open past midnight: yesterday's residents leave the PC now.
                    if let Some(today) = b.day_changed(chrono::Utc::now()) {
                        let b = b.clone();
                        purge = Task::future(blocking(move || b.purge_day_end(today))).discard();
                    }
                }
                let refresh = match &mut self.screen {
                    // Live screens poll only while their event stream is down.
                    Screen::Floor(f) => {
                        let tick = f.update(floor::Message::Tick).map(Message::Floor);
                        if f.queue.live {
                            tick
                        } else {
                            Task::batch([
                                tick,
                                f.update(floor::Message::Queue(live::QueueMessage::Refresh))
                                    .map(Message::Floor),
                            ])
                        }
                    }
                    Screen::Display(d) if d.queue.live => Task::none(),
                    Screen::Counter(c) => c.update(counter::Message::Tick).map(Message::Counter),
                    Screen::Kiosk(k) => k.update(kiosk::Message::Refresh).map(Message::Kiosk),
                    Screen::Display(d) => {
                        d.update(live::QueueMessage::Refresh).map(Message::Display)
                    }
                    Screen::BackOffice(b) if b.live => Task::none(),
                    Screen::BackOffice(b) => b
                        .update(back_office::Message::Load)
                        .map(Message::BackOffice),
                    Screen::Login(_) | Screen::Settings(_) => Task::none(),
                };
                Task::batch([purge, refresh, raise])
            }
            Message::Key(key, modifiers) => match (&mut self.screen, key.as_ref()) {
                (Screen::BackOffice(b), _) => b
                    .update(back_office::Message::Key(key.clone(), modifiers))
                    .map(Message::BackOffice),
                (Screen::Counter(c), keyboard::Key::Named(keyboard::key::Named::F2)) => {
                    c.update(counter::Message::CallNext).map(Message::Counter)
                }
                (Screen::Counter(c), keyboard::Key::Character("f")) if modifiers.control() => c
                    .update(counter::Message::Intake(intake::Message::Print(
                        printing::Message::Finish,
                    )))
                    .map(Message::Counter),
                // Ctrl+P prints the batch, on the print step only.
                (Screen::Counter(c), keyboard::Key::Character("p"))
                    if modifiers.control()
                        && c.intake
                            .as_ref()
                            .is_some_and(|i| i.step == intake::Step::Print) =>
                {
                    c.update(counter::Message::Intake(intake::Message::Print(
                        printing::Message::Print,
                    )))
                    .map(Message::Counter)
                }
                (Screen::Kiosk(_) | Screen::Display(_), keyboard::Key::Character(c))
                    if modifiers.control() && modifiers.shift() && c.eq_ignore_ascii_case("q") =>
                {
                    self.update(Message::Logout)
                }
                // Keyboard first: Tab and Shift+Tab move between the fields.
                (_, keyboard::Key::Named(keyboard::key::Named::Tab)) => {
                    if modifiers.shift() {
                        iced::widget::operation::focus_previous()
                    } else {
                        iced::widget::operation::focus_next()
                    }
                }
                _ => Task::none(),
            },
            Message::CloseRequested(id) => {
                let open_intake = matches!(&self.screen, Screen::Counter(c) if c.has_open_work());
                if self.status.pending > 0 || open_intake {
                    self.confirm_close = Some(Leave::Close(id));
                    Task::none()
                } else {
                    close_and_exit(id)
                }
            }
            Message::ConfirmClose => {
                if let Screen::Counter(c) = &mut self.screen {
                    // The half-finished intake is kept for the next start.
                    let _ = c.flush_draft();
                }
                match self.confirm_close.take() {
                    Some(Leave::Close(id)) => close_and_exit(id),
                    Some(Leave::Logout) => self.logout(),
                    None => Task::none(),
                }
            }
            Message::CancelClose => {
                self.confirm_close = None;
                Task::none()
            }
            Message::Logout => {
                // An open intake is kept as a draft, but the next clerk to sign
                // in here would find it: asked first.
                if matches!(&self.screen, Screen::Counter(c) if c.has_open_work()) {
                    self.confirm_close = Some(Leave::Logout);
                    Task::none()
                } else {
                    self.logout()
                }
            }
        }
    }

    fn logout(&mut self) -> Task<Message> {
        if let Screen::Counter(c) = &mut self.screen {
            let _ = c.flush_draft();
            counter_pause::close(&c.backend);
        }
        self.backend = None;
        let fullscreen = matches!(self.screen, Screen::Kiosk(_) | Screen::Display(_));
        self.screen = self.login_screen();
        let focus = iced::widget::operation::focus("password");
        if fullscreen {
            Task::batch([set_window_mode(window::Mode::Windowed), focus])
        } else {
            focus
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let tick = if self.backend.is_some() {
            iced::time::every(Duration::from_secs(2)).map(|_| Message::Tick)
        } else {
            Subscription::none()
        };
        let live = match (&self.screen, &self.backend) {
            (Screen::Floor(_), Some(b)) => live::queue_changes(b.hub.clone())
                .map(|l| Message::Floor(floor::Message::Queue(live::QueueMessage::Live(l)))),
            (Screen::Display(_), Some(b)) => live::queue_changes(b.hub.clone())
                .map(|l| Message::Display(live::QueueMessage::Live(l))),
            (Screen::BackOffice(_), Some(b)) => live::queue_changes(b.hub.clone())
                .map(|l| Message::BackOffice(back_office::Message::Live(l))),
            (Screen::Counter(_), Some(b)) => live::queue_changes(b.hub.clone())
                .map(|l| Message::Counter(counter::Message::Live(l))),
            _ => Subscription::none(),
        };
        Subscription::batch([
            tick,
            live,
            window::close_requests().map(Message::CloseRequested),
            keyboard::listen().filter_map(|e| match e {
                keyboard::Event::KeyPressed { key, modifiers, .. } => {
                    Some(Message::Key(key, modifiers))
                }
                _ => None,
            }),
        ])
    }
}

/// What the clerk asked to leave by, while work was open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leave {
    Close(window::Id),
    Logout,
}

/// Full screen for the kiosk and the display; windowed otherwise.
fn set_window_mode(mode: window::Mode) -> Task<Message> {
    window::latest().and_then(move |id| window::set_mode(id, mode))
}

/// Set by `run`: closing the window ends the process (not in tests, which
/// drive the app without a process of its own).
static EXIT_ON_CLOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// How long work still under way may take after the window closed.
pub const EXIT_GRACE: Duration = Duration::from_millis(1500);

/// Close the window and end the process within `EXIT_GRACE`: whatever is
/// still running (a hub request, an event stream waiting for its next event)
/// must not keep a closed window's process alive. Everything that matters is
/// already on disk (the cache and the drafts are written as they change, and
/// survive even a kill -9), so nothing is lost by not waiting longer.
fn close_and_exit(id: window::Id) -> Task<Message> {
    if EXIT_ON_CLOSE.load(std::sync::atomic::Ordering::Relaxed) {
        let _ = std::thread::Builder::new().name("exit".into()).spawn(|| {
            std::thread::sleep(EXIT_GRACE);
            std::process::exit(0);
        });
    }
    window::close(id)
}

/// Open the window.
pub fn run() -> iced::Result {
    EXIT_ON_CLOSE.store(true, std::sync::atomic::Ordering::Relaxed);
    // The renderer is chosen before the window exists; ICED_BACKEND set by
    // hand still wins.
    if std::env::var_os("ICED_BACKEND").is_none() {
        let (settings, _) = Settings::load(&crate::paths::settings_file());
        std::env::set_var("ICED_BACKEND", settings.renderer.iced_backend());
    }
    iced::application(App::boot, App::update, App::view)
        .title(App::title)
        .subscription(App::subscription)
        .theme(|_: &App| theme::theme())
        .scale_factor(|app: &App| app.settings.scale())
        .style(App::style)
        .font(crate::print::font::FONT_BYTES)
        .default_font(Font::with_name(crate::print::font::FONT_NAME))
        .window_size((1280.0, 800.0))
        .exit_on_close_request(false)
        .run()
}
