//! The office calendar: the days a city office is closed (地方自治法4条の2:
//! Saturdays and Sundays, every 休日 of the 国民の祝日に関する法律 — the
//! 祝日, 振替休日 and 国民の休日 — and 12月29日〜1月3日), and the next open
//! day, to which a statutory period for a notice to the city that ends on a
//! closed day moves (4条の2④).

use chrono::{Datelike, NaiveDate, Weekday};

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The n-th Monday of a month (n from 1).
fn nth_monday(y: i32, m: u32, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(y, m, Weekday::Mon, n as u8)
}

/// 春分日 and 秋分日 by the approximation used for 1980–2099 (the official
/// dates are published by 国立天文台 a year ahead; they agree for these years).
fn equinoxes(y: i32) -> (Option<NaiveDate>, Option<NaiveDate>) {
    if !(1980..=2099).contains(&y) {
        return (None, None);
    }
    let t = f64::from(y - 1980);
    let leap = f64::from((y - 1980) / 4);
    let spring = (20.8431 + 0.242194 * t - leap).floor() as u32;
    let autumn = (23.2488 + 0.242194 * t - leap).floor() as u32;
    (ymd(y, 3, spring), ymd(y, 9, autumn))
}

/// The 国民の祝日 of a year (the law as in force that year, 1980 onward,
/// with the one-off days of 2019–2021).
pub fn national_holidays(y: i32) -> Vec<NaiveDate> {
    let mut days: Vec<Option<NaiveDate>> = vec![
        ymd(y, 1, 1),
        ymd(y, 2, 11),
        ymd(y, 4, 29),
        ymd(y, 5, 3),
        ymd(y, 5, 5),
        ymd(y, 11, 3),
        ymd(y, 11, 23),
    ];
    // 成人の日, 海の日, 敬老の日, 体育の日 moved to Mondays (ハッピーマンデー).
    days.push(if y >= 2000 {
        nth_monday(y, 1, 2)
    } else {
        ymd(y, 1, 15)
    });
    if y >= 2007 {
        days.push(ymd(y, 5, 4)); // みどりの日
    }
    days.push(match y {
        2020 => ymd(y, 7, 23),
        2021 => ymd(y, 7, 22),
        y if y >= 2003 => nth_monday(y, 7, 3),
        y if y >= 1996 => ymd(y, 7, 20),
        _ => None,
    });
    days.push(match y {
        2020 => ymd(y, 8, 10),
        2021 => ymd(y, 8, 8),
        y if y >= 2016 => ymd(y, 8, 11),
        _ => None,
    });
    days.push(if y >= 2003 {
        nth_monday(y, 9, 3)
    } else {
        ymd(y, 9, 15)
    });
    days.push(match y {
        2020 => ymd(y, 7, 24),
        2021 => ymd(y, 7, 23),
        y if y >= 2000 => nth_monday(y, 10, 2),
        _ => ymd(y, 10, 10),
    });
    // 天皇誕生日: 29 April until 1988 (then みどりの日/昭和の日 on that date),
    // 23 December 1989–2018, none in 2019, 23 February since 2020.
    match y {
        1989..=2018 => days.push(ymd(y, 12, 23)),
        y if y >= 2020 => days.push(ymd(y, 2, 23)),
        _ => {}
    }
    if y == 2019 {
        days.push(ymd(y, 5, 1)); // 天皇の即位の日
        days.push(ymd(y, 10, 22)); // 即位礼正殿の儀
    }
    let (spring, autumn) = equinoxes(y);
    days.push(spring);
    days.push(autumn);
    let mut days: Vec<NaiveDate> = days.into_iter().flatten().collect();
    days.sort();
    days.dedup();
    days
}

/// Every 休日 of the 祝日法 in a year: the 祝日, 振替休日 (3条2項: a 祝日 on a
/// Sunday moves to the nearest following day that is not a 祝日) and 国民の休日
/// (3条3項: a day between two 祝日).
pub fn legal_holidays(y: i32) -> Vec<NaiveDate> {
    let holidays = national_holidays(y);
    let is_holiday = |d: NaiveDate| holidays.contains(&d);
    let mut out = holidays.clone();
    for h in &holidays {
        if h.weekday() == Weekday::Sun {
            let mut d = *h;
            while let Some(next) = d.succ_opt() {
                d = next;
                if !is_holiday(d) {
                    out.push(d);
                    break;
                }
            }
        }
    }
    for h in &holidays {
        let (Some(between), Some(after)) = (
            h.checked_add_days(chrono::Days::new(1)),
            h.checked_add_days(chrono::Days::new(2)),
        ) else {
            continue;
        };
        if is_holiday(after)
            && !is_holiday(between)
            && between.weekday() != Weekday::Sun
            && !out.contains(&between)
        {
            out.push(between);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether `d` is a 休日 of the 祝日法. The years 1980–2099 are computed once
/// and looked up (a determination asks for every deadline).
pub fn is_legal_holiday(d: NaiveDate) -> bool {
    static TABLE: std::sync::OnceLock<std::collections::HashSet<NaiveDate>> =
        std::sync::OnceLock::new();
    if !(1980..=2099).contains(&d.year()) {
        return legal_holidays(d.year()).contains(&d);
    }
    TABLE
        .get_or_init(|| (1980..=2099).flat_map(legal_holidays).collect())
        .contains(&d)
}

/// A city office's calendar: the law's closed days and the city's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeCalendar {
    /// Further closed days (a city's own, from the catalog's data).
    pub extra_closed: Vec<NaiveDate>,
}

impl OfficeCalendar {
    pub fn closed(&self, d: NaiveDate) -> bool {
        matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            || (d.month() == 12 && d.day() >= 29)
            || (d.month() == 1 && d.day() <= 3)
            || is_legal_holiday(d)
            || self.extra_closed.contains(&d)
    }

    /// The first open day on or after `d` (None past the end of the calendar).
    pub fn next_open_day(&self, d: NaiveDate) -> Option<NaiveDate> {
        let mut day = d;
        // Closed runs are short (at most ~10 days around the new year).
        for _ in 0..60 {
            if !self.closed(day) {
                return Some(day);
            }
            day = day.succ_opt()?;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_holidays_of_2026_follow_the_law() {
        let h: Vec<String> = legal_holidays(2026).iter().map(|d| d.to_string()).collect();
        let expected = [
            "2026-01-01",
            "2026-01-12",
            "2026-02-11",
            "2026-02-23",
            "2026-03-20",
            "2026-04-29",
            "2026-05-03",
            "2026-05-04",
            "2026-05-05",
            "2026-05-06",
            "2026-07-20",
            "2026-08-11",
            "2026-09-21",
            "2026-09-22",
            "2026-09-23",
            "2026-10-12",
            "2026-11-03",
            "2026-11-23",
        ];
        assert_eq!(h, expected);
    }

    #[test]
    fn one_off_days_and_equinoxes() {
        let h2019 = legal_holidays(2019);
        for day in [
            "2019-04-30",
            "2019-05-01",
            "2019-05-02",
            "2019-10-22",
            "2019-03-21",
            "2019-09-23",
        ] {
            assert!(h2019.contains(&d(day)), "{day}");
        }
        assert!(!h2019.contains(&d("2019-12-23")), "no 天皇誕生日 in 2019");
        let h2021 = legal_holidays(2021);
        assert!(h2021.contains(&d("2021-08-09")) && !h2021.contains(&d("2021-10-11")));
        assert_eq!(
            equinoxes(2027),
            (Some(d("2027-03-21")), Some(d("2027-09-23")))
        );
        assert!(
            legal_holidays(2027).contains(&d("2027-03-22")),
            "春分 on a Sunday"
        );
        assert_eq!(equinoxes(2012).1, Some(d("2012-09-22")));
    }

    #[test]
    fn next_open_days_of_the_reference_examples() {
        let cal = OfficeCalendar::default();
        for (deadline, open) in [
            ("2026-05-05", "2026-05-07"),
            ("2026-09-21", "2026-09-24"),
            ("2027-01-01", "2027-01-04"),
            ("2027-01-09", "2027-01-12"),
            ("2026-02-28", "2026-03-02"),
            ("2026-12-04", "2026-12-04"),
        ] {
            assert_eq!(cal.next_open_day(d(deadline)), Some(d(open)), "{deadline}");
        }
        let city = OfficeCalendar {
            extra_closed: vec![d("2026-12-04")],
        };
        assert_eq!(city.next_open_day(d("2026-12-04")), Some(d("2026-12-07")));
    }
}
