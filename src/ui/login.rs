//! Log in as a clerk, floor manager or supervisor.

use std::sync::Arc;

use iced::widget::{button, column, container, row, text, text_input};
use iced::{Alignment, Element, Length, Task};

use super::backend::{Backend, Mode, Settings};
use super::blocking;
use super::tr::{s, t, tf};

pub struct Login {
    pub user: String,
    pub password: String,
    pub busy: bool,
    pub error: Option<String>,
    pub hub_url: String,
    pub demo: bool,
    pub mode: Mode,
}

#[derive(Debug, Clone)]
pub enum Message {
    User(String),
    Password(String),
    Submit,
    Mode(Mode),
    OpenSettings,
    /// The administrator check for the settings: the hash to keep, or why not.
    AdminChecked(Result<String, super::backend::AdminRefused>),
    Done(Result<Arc<Backend>, String>),
}

pub enum Action {
    None,
    Run(Task<Message>),
    LoggedIn(Arc<Backend>, Mode),
    /// An administrator opened the settings: as who, and their password's hash.
    OpenSettings {
        admin: String,
        hash: String,
    },
}

impl Login {
    pub fn new(hub_url: String, demo: bool, mode: Mode) -> Login {
        Login {
            user: if demo { "clerk".into() } else { String::new() },
            password: String::new(),
            busy: false,
            error: None,
            hub_url,
            demo,
            mode,
        }
    }

    pub fn update(&mut self, message: Message, settings: &Settings) -> Action {
        match message {
            Message::User(u) => self.user = u,
            Message::Password(p) => self.password = p,
            Message::Mode(m) => self.mode = m,
            // The settings need an administrator: the name and password typed
            // above, checked at the hub (or offline, against the last one here).
            Message::OpenSettings => {
                if self.busy {
                    return Action::None;
                }
                self.busy = true;
                self.error = None;
                let (settings, url, user, password) = (
                    settings.clone(),
                    self.hub_url.clone(),
                    self.user.clone(),
                    self.password.clone(),
                );
                return Action::Run(Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || {
                            super::backend::check_admin(&settings, &url, &user, &password)
                        })
                        .await
                        .unwrap_or(Err(super::backend::AdminRefused::Offline))
                    },
                    Message::AdminChecked,
                ));
            }
            Message::AdminChecked(Ok(hash)) => {
                self.busy = false;
                self.password.clear();
                return Action::OpenSettings {
                    admin: self.user.trim().to_string(),
                    hash,
                };
            }
            Message::AdminChecked(Err(why)) => {
                use super::backend::AdminRefused;
                self.busy = false;
                self.error = Some(t(match why {
                    AdminRefused::Missing => "settings-admin-needed",
                    AdminRefused::Wrong => "login-refused",
                    AdminRefused::NotAdmin => "settings-not-admin",
                    AdminRefused::Offline => "settings-admin-offline",
                }));
            }
            Message::Submit => {
                if self.busy || self.user.trim().is_empty() {
                    return Action::None;
                }
                self.busy = true;
                self.error = None;
                let (settings, url, user, password) = (
                    settings.clone(),
                    self.hub_url.clone(),
                    self.user.trim().to_string(),
                    self.password.clone(),
                );
                return Action::Run(Task::perform(
                    blocking(move || {
                        Backend::connect(settings, &url, &user, &password).map(Arc::new)
                    }),
                    Message::Done,
                ));
            }
            Message::Done(Ok(backend)) => {
                self.busy = false;
                self.password.clear();
                return Action::LoggedIn(backend, self.mode);
            }
            Message::Done(Err(e)) => {
                self.busy = false;
                self.error = Some(if e.contains("401") {
                    t("login-refused")
                } else {
                    super::tr::problem(&e)
                });
            }
        }
        Action::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let modes = row(Mode::ALL.iter().map(|m| {
            button(text(m.label()))
                .style(if *m == self.mode {
                    button::primary
                } else {
                    button::secondary
                })
                .on_press(Message::Mode(*m))
                .into()
        }))
        .spacing(8);
        let form = column![
            text(t("app-title")).size(32),
            text(t("login-subtitle")).size(18),
            text_input(&t("login-user"), &self.user)
                .id("user")
                .on_input(Message::User)
                .on_submit(Message::Submit)
                .width(320),
            text_input(&t("login-password"), &self.password)
                .id("password")
                .secure(true)
                .on_input(Message::Password)
                .on_submit(Message::Submit)
                .width(320),
            modes,
            button(text(t(if self.busy {
                "login-connecting"
            } else {
                "login-submit"
            })))
            .style(button::primary)
            .on_press_maybe((!self.busy).then_some(Message::Submit)),
        ]
        .push(
            self.error
                .as_ref()
                .map(|e| text(e.clone()).style(text::danger)),
        )
        .push(text(tf("login-hub", &[("url", s(&self.hub_url))])).size(13))
        .push(
            button(text(t("login-settings")).size(13))
                .style(button::text)
                .on_press(Message::OpenSettings),
        )
        .push(self.demo.then(|| text(t("login-demo-users")).size(13)))
        .spacing(12)
        .align_x(Alignment::Center);
        container(form).center(Length::Fill).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login() -> Login {
        Login::new("http://127.0.0.1:1".into(), true, Mode::Counter)
    }

    #[test]
    fn the_mode_is_chosen_before_logging_in() {
        let mut l = login();
        assert!(matches!(
            l.update(Message::Mode(Mode::Kiosk), &Settings::default()),
            Action::None
        ));
        assert_eq!(l.mode, Mode::Kiosk);
    }

    #[test]
    fn an_empty_user_does_not_start_a_login() {
        let mut l = login();
        l.update(Message::User("  ".into()), &Settings::default());
        assert!(matches!(
            l.update(Message::Submit, &Settings::default()),
            Action::None
        ));
        assert!(!l.busy);
    }

    #[test]
    fn a_refused_password_is_said_plainly_and_the_form_is_usable_again() {
        let mut l = login();
        l.busy = true;
        l.update(
            Message::Done(Err("hub refused (401): bad credentials".into())),
            &Settings::default(),
        );
        assert!(!l.busy);
        assert_eq!(
            l.error.as_deref(),
            Some("ユーザー名またはパスワードが違います")
        );
        assert_eq!(l.user, "clerk", "the demo user stays filled in");
    }
}
