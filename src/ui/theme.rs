//! The window's look, anchored on デジタル庁デザインシステム (DADS): its
//! government blue for the one action that matters, near-black ink on white,
//! grey surfaces, red and green only for meaning, and the four state colours a
//! clerk learns once (waiting, serving, overdue, offline). Every text colour
//! on every background it can stand on reaches a contrast of 4.5:1 (WCAG 2.2
//! AA); a test computes each pair from the theme the window really uses.

use iced::theme::palette::{self, Extended, Pair};
use iced::theme::Palette;
use iced::{color, Color, Theme};

/// Body text.
pub const INK: Color = color!(0x1A1A1A);
/// Secondary text (hints, the date read back, times).
pub const MUTED: Color = color!(0x595959);
pub const WHITE: Color = color!(0xFFFFFF);
/// Panels and cards.
pub const SURFACE: Color = color!(0xF2F2F2);
pub const SURFACE_ALT: Color = color!(0xE6E6E6);
/// Rules and borders (not text).
pub const HAIRLINE: Color = color!(0x949494);
/// DADS blue: the primary action, links.
pub const BLUE: Color = color!(0x0017C1);
pub const BLUE_DARK: Color = color!(0x00118F);
pub const BLUE_TINT: Color = color!(0xE8F1FE);
pub const BLUE_TINT_SELECTED: Color = color!(0xD9E6FF);
pub const GREEN: Color = color!(0x13663C);
pub const GREEN_DARK: Color = color!(0x0E4F2E);
pub const GREEN_TINT: Color = color!(0xE6F5EC);
pub const RED: Color = color!(0xCE0000);
pub const RED_DARK: Color = color!(0xA90000);
pub const RED_TINT: Color = color!(0xFDEEEE);
/// Warning text (on white and surfaces).
pub const AMBER_TEXT: Color = color!(0x7A5500);
/// DADS focus yellow: the focus ring, and the offline state's background.
pub const YELLOW: Color = color!(0xFFD43D);

/// The window's palette.
pub fn palette() -> Palette {
    Palette {
        background: WHITE,
        text: INK,
        primary: BLUE,
        success: GREEN,
        warning: AMBER_TEXT,
        danger: RED,
    }
}

/// Every pair of the extended palette set by hand from the tokens (iced's
/// generated ones are not all 4.5:1).
fn extended(p: Palette) -> Extended {
    let mut e = Extended::generate(p);
    let pair = |color, text| Pair { color, text };
    e.background = palette::Background {
        base: pair(WHITE, INK),
        weakest: pair(color!(0xFAFAFA), INK),
        weaker: pair(SURFACE, INK),
        weak: pair(SURFACE, INK),
        neutral: pair(SURFACE_ALT, INK),
        strong: pair(HAIRLINE, INK),
        stronger: pair(MUTED, WHITE),
        strongest: pair(INK, WHITE),
    };
    e.primary = palette::Primary {
        base: pair(BLUE, WHITE),
        weak: pair(BLUE_TINT, BLUE_DARK),
        strong: pair(BLUE_DARK, WHITE),
    };
    // Secondary buttons: DADS' light blue, with dark blue text. `text::secondary`
    // reads this colour as text, so the window uses `muted` instead.
    e.secondary = palette::Secondary {
        base: pair(BLUE_TINT, BLUE_DARK),
        weak: pair(SURFACE, INK),
        strong: pair(BLUE_TINT_SELECTED, BLUE_DARK),
    };
    e.success = palette::Success {
        base: pair(GREEN, WHITE),
        weak: pair(GREEN_TINT, GREEN_DARK),
        strong: pair(GREEN_DARK, WHITE),
    };
    e.warning = palette::Warning {
        base: pair(YELLOW, INK),
        weak: pair(color!(0xFFF6D6), AMBER_TEXT),
        strong: pair(AMBER_TEXT, WHITE),
    };
    e.danger = palette::Danger {
        base: pair(RED, WHITE),
        weak: pair(RED_TINT, RED_DARK),
        strong: pair(RED_DARK, WHITE),
    };
    e.is_dark = false;
    e
}

/// The window's theme, made once: the window asks for it on every frame,
/// and a new custom theme each time would look like a change of theme.
pub fn theme() -> Theme {
    static THEME: std::sync::LazyLock<Theme> = std::sync::LazyLock::new(|| {
        Theme::custom_with_fn("デジタル庁デザインシステム", palette(), extended)
    });
    THEME.clone()
}

/// Secondary text: hints, the date read back.
pub fn muted(_: &Theme) -> iced::widget::text::Style {
    iced::widget::text::Style { color: Some(MUTED) }
}

/// The states a clerk learns once, with their text and background colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Waiting,
    Serving,
    Overdue,
    Offline,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Waiting,
        State::Serving,
        State::Overdue,
        State::Offline,
    ];

    /// (text, background).
    pub fn colors(self) -> (Color, Color) {
        match self {
            State::Waiting => (BLUE_DARK, BLUE_TINT),
            State::Serving => (WHITE, GREEN),
            State::Overdue => (WHITE, RED),
            State::Offline => (INK, YELLOW),
        }
    }

    /// A chip in the state's colours.
    pub fn chip(self) -> impl Fn(&Theme) -> iced::widget::container::Style {
        let (text, background) = self.colors();
        move |_| iced::widget::container::Style {
            text_color: Some(text),
            background: Some(background.into()),
            border: iced::border::rounded(4),
            ..Default::default()
        }
    }
}

/// A short label in a state's colours (the same four everywhere: the clerk
/// learns them once).
pub fn chip<'a, M: 'a>(state: State, label: String) -> iced::Element<'a, M> {
    iced::widget::container(iced::widget::text(label).size(13))
        .padding([1, 8])
        .style(state.chip())
        .into()
}

/// Waiting, or overdue once the wait passed the target.
pub fn wait_state(minutes: i64, target: i64) -> State {
    if minutes > target {
        State::Overdue
    } else {
        State::Waiting
    }
}

/// WCAG 2.2 contrast ratio of two opaque colours.
pub fn contrast(a: Color, b: Color) -> f32 {
    fn channel(c: f32) -> f32 {
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    let lum = |c: Color| 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Every text colour the window draws, on every background it can stand on:
/// (what, text, background).
pub fn text_pairs(theme: &Theme) -> Vec<(String, Color, Color)> {
    let p = theme.palette();
    let e = theme.extended_palette();
    let mut pairs = Vec::new();
    // Plain texts (text::base, success, danger, warning, primary, muted) on the
    // window, on panels and on cards.
    let surfaces = [
        ("window", e.background.base.color),
        ("panel", e.background.weak.color),
        ("card", e.background.neutral.color),
    ];
    let texts = [
        ("text", p.text),
        ("muted", MUTED),
        ("primary text", p.primary),
        ("success text", p.success),
        ("danger text", p.danger),
        ("warning text", p.warning),
    ];
    for (s, bg) in surfaces {
        for (t, fg) in texts {
            pairs.push((format!("{t} on {s}"), fg, bg));
        }
    }
    // Every pair of the extended palette: buttons (base, and strong when
    // hovered), chips and tints.
    let groups: [(&str, [Pair; 3]); 5] = [
        (
            "primary",
            [e.primary.base, e.primary.weak, e.primary.strong],
        ),
        (
            "secondary",
            [e.secondary.base, e.secondary.weak, e.secondary.strong],
        ),
        (
            "success",
            [e.success.base, e.success.weak, e.success.strong],
        ),
        (
            "warning",
            [e.warning.base, e.warning.weak, e.warning.strong],
        ),
        ("danger", [e.danger.base, e.danger.weak, e.danger.strong]),
    ];
    for (name, [base, weak, strong]) in groups {
        pairs.push((format!("{name} base"), base.text, base.color));
        pairs.push((format!("{name} weak"), weak.text, weak.color));
        pairs.push((format!("{name} strong"), strong.text, strong.color));
    }
    let b = &e.background;
    for (name, pair) in [
        ("background base", b.base),
        ("background weakest", b.weakest),
        ("background weaker", b.weaker),
        ("background weak", b.weak),
        ("background neutral", b.neutral),
        ("background strong", b.strong),
        ("background stronger", b.stronger),
        ("background strongest", b.strongest),
    ] {
        pairs.push((name.to_string(), pair.text, pair.color));
    }
    for s in State::ALL {
        let (fg, bg) = s.colors();
        pairs.push((format!("state {s:?}"), fg, bg));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_is_one_the_window_offers() {
        use crate::ui::backend::Settings;
        for (typed, drawn) in [(1.0, 1.0), (1.3, 1.25), (9.0, 1.5), (-1.0, 1.0)] {
            let s = Settings {
                text_scale: typed,
                ..Settings::default()
            };
            assert_eq!(s.scale(), drawn, "{typed}");
        }
    }

    #[test]
    fn contrast_is_computed_as_wcag_says() {
        assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 0.001);
        // #767676 on white is the well-known 4.54:1.
        assert!((contrast(color!(0x767676), WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_text_on_every_background_reaches_4_5_to_1() {
        let theme = theme();
        let low: Vec<String> = text_pairs(&theme)
            .into_iter()
            .filter(|(_, fg, bg)| contrast(*fg, *bg) < 4.5)
            .map(|(what, fg, bg)| format!("{what}: {:.2}", contrast(fg, bg)))
            .collect();
        assert_eq!(low, Vec::<String>::new());
        assert!(text_pairs(&theme).len() > 40);
    }
}
