//! The settings screen (from the login screen): the hub, this counter's id and
//! offline prefix, the printer, the scan folder, the office name, the window's
//! language and what this PC is. Saved to `settings.toml`; the language
//! applies at once, a new hub URL at the next start.

use std::path::{Path, PathBuf};

use iced::widget::{button, column, container, row, scrollable, text, text_input, Space};
use iced::{Element, Length};

use super::backend::{Mode, Renderer, Settings};
use super::tr::{s, t, tf, LANGUAGES};

pub struct SettingsScreen {
    pub hub_url: String,
    pub counter_id: String,
    pub counter_prefix: String,
    pub printer: String,
    pub scan_folder: String,
    pub office: String,
    pub language: String,
    pub mode: Mode,
    pub renderer: Renderer,
    pub text_scale: f32,
    /// What was loaded, so saving keeps fields this screen does not show.
    original: Settings,
    pub error: Option<String>,
    pub saved: Option<String>,
    pub restart_needed: bool,
    path: PathBuf,
}

#[derive(Debug, Clone)]
pub enum Message {
    HubUrl(String),
    CounterId(String),
    CounterPrefix(String),
    Printer(String),
    ScanFolder(String),
    Office(String),
    Language(String),
    Mode(Mode),
    Renderer(Renderer),
    TextScale(f32),
    Save,
    Back,
}

pub enum Outcome {
    None,
    /// Saved: the app uses these settings from now on.
    Saved(Box<Settings>),
    Back,
}

impl SettingsScreen {
    pub fn new(settings: &Settings, path: &Path) -> SettingsScreen {
        SettingsScreen {
            hub_url: settings.hub_url.clone().unwrap_or_default(),
            counter_id: settings.counter_id.clone(),
            counter_prefix: settings.counter_prefix.clone(),
            printer: settings.printer.clone().unwrap_or_default(),
            scan_folder: settings
                .scan_folder
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            office: settings.office.clone(),
            language: settings.language.clone(),
            mode: settings.mode,
            renderer: settings.renderer,
            text_scale: settings.scale(),
            original: settings.clone(),
            error: None,
            saved: None,
            restart_needed: false,
            path: path.to_path_buf(),
        }
    }

    /// The settings the form describes, or what is wrong with them.
    pub fn settings(&self) -> Result<Settings, String> {
        let optional = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        let hub_url = optional(&self.hub_url);
        if let Some(url) = &hub_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(t("settings-error-url"));
            }
        }
        let counter_id = self.counter_id.trim().to_string();
        if counter_id.is_empty() {
            return Err(t("settings-error-counter"));
        }
        let prefix = self.counter_prefix.trim().to_string();
        if prefix.is_empty()
            || prefix.chars().count() > 4
            || !prefix.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(t("settings-error-prefix"));
        }
        Ok(Settings {
            hub_url,
            counter_id,
            counter_prefix: prefix,
            printer: optional(&self.printer),
            scan_folder: optional(&self.scan_folder).map(PathBuf::from),
            office: self.office.trim().to_string(),
            language: self.language.clone(),
            mode: self.mode,
            renderer: self.renderer,
            text_scale: self.text_scale,
            ..self.original.clone()
        })
    }

    pub fn update(&mut self, message: Message) -> Outcome {
        self.error = None;
        match message {
            Message::HubUrl(v) => self.hub_url = v,
            Message::CounterId(v) => self.counter_id = v,
            Message::CounterPrefix(v) => self.counter_prefix = v,
            Message::Printer(v) => self.printer = v,
            Message::ScanFolder(v) => self.scan_folder = v,
            Message::Office(v) => self.office = v,
            Message::Language(v) => self.language = v,
            Message::Mode(m) => self.mode = m,
            Message::Renderer(r) => self.renderer = r,
            Message::TextScale(v) => self.text_scale = v,
            Message::Back => return Outcome::Back,
            Message::Save => {
                let settings = match self.settings() {
                    Ok(s) => s,
                    Err(e) => {
                        self.error = Some(e);
                        return Outcome::None;
                    }
                };
                if let Err(e) = settings.save(&self.path) {
                    self.error = Some(e);
                    return Outcome::None;
                }
                self.restart_needed = settings.hub_url != self.original.hub_url
                    || settings.renderer != self.original.renderer;
                self.original = settings.clone();
                // The language applies at once, so the confirmation is in it.
                super::tr::set_language(&settings.language);
                self.saved = Some(tf("settings-saved", &[("path", s(self.path.display()))]));
                return Outcome::Saved(Box::new(settings));
            }
        }
        self.saved = None;
        Outcome::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let field = |label: &str, id: &'static str, value: &str, on: fn(String) -> Message| {
            column![
                text(t(label)).size(14),
                text_input("", value).id(id).on_input(on).width(480)
            ]
            .spacing(2)
        };
        let choices = |items: Vec<(String, Message, bool)>| {
            row(items.into_iter().map(|(label, m, on)| {
                button(text(label))
                    .style(if on {
                        button::primary
                    } else {
                        button::secondary
                    })
                    .on_press(m)
                    .into()
            }))
            .spacing(8)
        };
        let languages = choices(
            LANGUAGES
                .iter()
                .map(|(code, name)| {
                    (
                        name.to_string(),
                        Message::Language(code.to_string()),
                        self.language == *code,
                    )
                })
                .collect(),
        );
        let modes = choices(
            Mode::ALL
                .iter()
                .map(|m| (m.label(), Message::Mode(*m), self.mode == *m))
                .collect(),
        );
        let renderers = choices(
            [
                (Renderer::Software, "settings-renderer-software"),
                (Renderer::Gpu, "settings-renderer-gpu"),
            ]
            .into_iter()
            .map(|(r, label)| (t(label), Message::Renderer(r), self.renderer == r))
            .collect(),
        );
        let scales = choices(
            super::backend::TEXT_SCALES
                .into_iter()
                .map(|v| {
                    (
                        format!("{}%", (v * 100.0).round()),
                        Message::TextScale(v),
                        (self.text_scale - v).abs() < 0.01,
                    )
                })
                .collect(),
        );
        let form = column![
            text(t("settings-title")).size(26),
            column![text(t("settings-text-scale")).size(14), scales].spacing(4),
            column![text(t("settings-language")).size(14), languages].spacing(4),
            column![text(t("settings-mode")).size(14), modes].spacing(4),
            column![text(t("settings-renderer")).size(14), renderers].spacing(4),
            field(
                "settings-hub-url",
                "hub_url",
                &self.hub_url,
                Message::HubUrl
            ),
            field(
                "settings-counter-id",
                "counter_id",
                &self.counter_id,
                Message::CounterId
            ),
            field(
                "settings-counter-prefix",
                "counter_prefix",
                &self.counter_prefix,
                Message::CounterPrefix
            ),
            field(
                "settings-printer",
                "printer",
                &self.printer,
                Message::Printer
            ),
            field(
                "settings-scan-folder",
                "scan_folder",
                &self.scan_folder,
                Message::ScanFolder
            ),
            field("settings-office", "office", &self.office, Message::Office),
            row![
                button(text(t("back"))).on_press(Message::Back),
                Space::new().width(Length::Fill),
                button(text(t("settings-save")))
                    .style(button::primary)
                    .on_press(Message::Save),
            ]
            .width(480),
        ]
        .push(
            self.error
                .as_ref()
                .map(|e| text(e.clone()).style(text::danger)),
        )
        .push(
            self.saved
                .as_ref()
                .map(|m| text(m.clone()).style(text::success)),
        )
        .push(
            self.restart_needed
                .then(|| text(t("settings-restart")).style(text::warning)),
        )
        .push(text(tf("settings-file", &[("path", s(self.path.display()))])).size(12))
        .spacing(12);
        container(scrollable(form)).center_x(Length::Fill).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(dir: &Path) -> SettingsScreen {
        SettingsScreen::new(&Settings::default(), &dir.join("settings.toml"))
    }

    #[test]
    fn bad_entries_are_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = screen(dir.path());
        s.update(Message::HubUrl("hub.example:8080".into()));
        assert!(matches!(s.update(Message::Save), Outcome::None));
        assert!(s.error.is_some());
        assert!(!dir.path().join("settings.toml").exists());
        s.update(Message::HubUrl(String::new()));
        s.update(Message::CounterPrefix("K-12345".into()));
        assert!(matches!(s.update(Message::Save), Outcome::None));
        assert_eq!(
            s.counter_prefix, "K-12345",
            "the entry stays to be corrected"
        );
    }

    #[test]
    fn saved_settings_load_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = screen(dir.path());
        for m in [
            Message::HubUrl(" http://10.0.0.5:8080 ".into()),
            Message::CounterId("7".into()),
            Message::CounterPrefix("K7".into()),
            Message::Printer("counter7".into()),
            Message::Mode(Mode::Kiosk),
        ] {
            s.update(m);
        }
        let Outcome::Saved(saved) = s.update(Message::Save) else {
            panic!("valid settings save");
        };
        assert!(s.restart_needed, "a new hub takes effect at the next start");
        let (loaded, error) = Settings::load(&dir.path().join("settings.toml"));
        assert_eq!(error, None);
        assert_eq!(loaded, *saved);
        assert_eq!(loaded.hub_url.as_deref(), Some("http://10.0.0.5:8080"));
        assert_eq!(loaded.mode, Mode::Kiosk);
        assert_eq!(loaded.printer.as_deref(), Some("counter7"));
    }
}
