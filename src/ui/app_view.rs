//! The whole window's view: the screen of the moment under the status bar
//! (who is logged in, the hub, what waits to be sent).

use iced::widget::{button, column, container, row, text, Space};
use iced::{Element, Length};

use super::tr::{t, tf};
use super::{theme, tr, App, Leave, Message, Screen};

impl App {
    pub fn view(&self) -> Element<'_, Message> {
        let body: Element<'_, Message> = match &self.screen {
            Screen::Login(l) => l.view().map(Message::Login),
            Screen::Counter(c) => c.view().map(Message::Counter),
            Screen::Floor(f) => f.view().map(Message::Floor),
            Screen::BackOffice(b) => b.view().map(Message::BackOffice),
            Screen::Kiosk(k) => k.view().map(Message::Kiosk),
            Screen::Display(d) => d.view().map(Message::Display),
            Screen::Settings(s) => s.view().map(Message::Settings),
        };
        // The kiosk and the display face residents: no status bar, no logout
        // button (staff leave with Ctrl+Shift+Q).
        let public = matches!(self.screen, Screen::Kiosk(_) | Screen::Display(_));
        let mut page = column![].push((!public).then(|| self.status_bar())).push(
            container(body)
                .height(Length::Fill)
                .padding(if public { 0 } else { 8 }),
        );
        if let Some(e) = &self.startup_error {
            page = page.push(text(e.clone()).style(text::danger));
        }
        if let Some(leave) = &self.confirm_close {
            let open = matches!(&self.screen, Screen::Counter(c) if c.has_open_work());
            let why = match (leave, self.status.pending, open) {
                (Leave::Logout, _, _) => t("logout-open-intake"),
                (_, 0, _) => t("close-open-intake"),
                (_, n, false) => tf("close-pending", &[("count", n.into())]),
                (_, n, true) => tf("close-both", &[("count", n.into())]),
            };
            let confirm = match leave {
                Leave::Close(_) => t("close-confirm"),
                Leave::Logout => t("logout-confirm"),
            };
            page = page.push(
                container(
                    row![
                        text(why).size(16),
                        button(text(confirm))
                            .style(button::danger)
                            .on_press(Message::ConfirmClose),
                        button(text(t("counter-cancel"))).on_press(Message::CancelClose)
                    ]
                    .spacing(10),
                )
                .padding(10)
                .style(container::rounded_box),
            );
        }
        page.into()
    }

    fn status_bar(&self) -> Element<'_, Message> {
        let online: Element<'_, Message> = if self.backend.is_none() {
            text(t("status-signed-out")).size(14).into()
        } else if self.status.online {
            text(t("status-online"))
                .size(14)
                .style(text::success)
                .into()
        } else {
            theme::chip(theme::State::Offline, t("status-offline"))
        };
        let pending = text(tf(
            "status-pending",
            &[("count", self.status.pending.into())],
        ))
        .size(14);
        let scans = self
            .backend
            .as_ref()
            .map(|b| b.scans.waiting())
            .filter(|n| *n > 0)
            .map(|n| text(tf("status-scans", &[("count", n.into())])).size(14));
        let failed = (self.status.failed > 0).then(|| {
            text(tf("status-failed", &[("count", self.status.failed.into())]))
                .size(14)
                .style(text::warning)
        });
        let who = self.backend.as_ref().map(|b| {
            text(tf(
                "status-user",
                &[
                    ("user", tr::s(&b.login.user)),
                    ("counter", tr::s(&b.settings.counter_id)),
                ],
            ))
            .size(14)
        });
        let logout = self
            .backend
            .as_ref()
            .map(|_| button(text(t("logout")).size(13)).on_press(Message::Logout));
        container(
            row![online, pending]
                .push(scans)
                .push(failed)
                .push(Space::new().width(Length::Fill))
                .push(who)
                .push(logout)
                .spacing(16),
        )
        .padding([4, 10])
        .style(container::rounded_box)
        .into()
    }
}
