//! 和暦 (Japanese era) formatting for printed forms, with 元年 for year 1.
//!
//! Boundaries: 明治 1868-01-25, 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08,
//! 令和 2019-05-01 (the changeover day belongs to the new era). Dates before
//! 明治 are printed in the Western calendar.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Era {
    pub name: &'static str,
    pub letter: char,
    pub start: (i32, u32, u32),
}

pub const ERAS: [Era; 5] = [
    Era {
        name: "令和",
        letter: 'R',
        start: (2019, 5, 1),
    },
    Era {
        name: "平成",
        letter: 'H',
        start: (1989, 1, 8),
    },
    Era {
        name: "昭和",
        letter: 'S',
        start: (1926, 12, 25),
    },
    Era {
        name: "大正",
        letter: 'T',
        start: (1912, 7, 30),
    },
    Era {
        name: "明治",
        letter: 'M',
        start: (1868, 1, 25),
    },
];

/// The era and era year of `d`, or None before 明治.
pub fn era_of(d: NaiveDate) -> Option<(Era, i32)> {
    ERAS.iter().find_map(|era| {
        let (y, m, day) = era.start;
        let start = NaiveDate::from_ymd_opt(y, m, day)?;
        (d >= start).then(|| (*era, d.year() - y + 1))
    })
}

/// Era year as printed: 元 for year 1.
pub fn era_year_label(year: i32) -> String {
    if year == 1 {
        "元".to_string()
    } else {
        year.to_string()
    }
}

/// `令和8年11月20日`; `令和元年5月1日`. Western date before 明治.
///
/// ```
/// use chrono::NaiveDate;
/// use madoguchi::japanese::wareki::format_date;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(format_date(d(1989, 1, 7)), "昭和64年1月7日");
/// assert_eq!(format_date(d(2019, 5, 1)), "令和元年5月1日");
/// ```
pub fn format_date(d: NaiveDate) -> String {
    match era_of(d) {
        Some((era, y)) => format!(
            "{}{}年{}月{}日",
            era.name,
            era_year_label(y),
            d.month(),
            d.day()
        ),
        None => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
    }
}

/// `令和8年11月`.
pub fn format_year_month(d: NaiveDate) -> String {
    match era_of(d) {
        Some((era, y)) => format!("{}{}年{}月", era.name, era_year_label(y), d.month()),
        None => format!("{}年{}月", d.year(), d.month()),
    }
}

/// Short form `R8.11.20`.
pub fn format_short(d: NaiveDate) -> String {
    match era_of(d) {
        Some((era, y)) => format!("{}{}.{}.{}", era.letter, y, d.month(), d.day()),
        None => d.format("%Y.%m.%d").to_string(),
    }
}

/// A date as a clerk types it: `1986-07-14`, `1986/7/14`, `19860714`,
/// `S61.7.14`, `s61/7/14`, `昭和61年7月14日`, `令和元年5月1日` (full-width digits too).
/// An era date must fall inside its era (`H31.5.1` is refused: that day is 令和).
///
/// ```
/// use madoguchi::japanese::wareki::parse_date;
/// assert_eq!(parse_date("昭和61年7月14日").unwrap().to_string(), "1986-07-14");
/// assert_eq!(parse_date("R元.5.1").unwrap().to_string(), "2019-05-01");
/// assert!(parse_date("2026-02-30").is_err());
/// ```
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    use unicode_normalization::UnicodeNormalization;
    let s: String = input.nfkc().filter(|c| !c.is_whitespace()).collect();
    let bad = || DateError::Unreadable(input.trim().to_string());
    let (era, rest) = match ERAS.iter().find_map(|e| {
        s.strip_prefix(e.name)
            .or_else(|| s.strip_prefix(e.letter))
            .or_else(|| s.strip_prefix(e.letter.to_ascii_lowercase()))
            .map(|rest| (Some(*e), rest))
    }) {
        Some(found) => found,
        None => (None, s.as_str()),
    };
    let rest = rest.replacen('元', "1", 1);
    let parts: Vec<&str> = rest
        .split(['.', '/', '-', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    let numbers: Vec<u32> = match parts.as_slice() {
        [all] if era.is_none() && all.len() == 8 => vec![
            all[..4].parse().map_err(|_| bad())?,
            all[4..6].parse().map_err(|_| bad())?,
            all[6..].parse().map_err(|_| bad())?,
        ],
        [y, m, d] => [y, m, d]
            .iter()
            .map(|p| p.parse::<u32>().map_err(|_| bad()))
            .collect::<Result<_, _>>()?,
        _ => return Err(bad()),
    };
    let (y, m, d) = (numbers[0] as i32, numbers[1], numbers[2]);
    let year = match era {
        Some(e) if y >= 1 => e.start.0 + y - 1,
        Some(_) => return Err(bad()),
        None => y,
    };
    let date = NaiveDate::from_ymd_opt(year, m, d)
        .ok_or_else(|| DateError::Nonexistent(input.trim().to_string()))?;
    if let Some(e) = era {
        match era_of(date) {
            Some((actual, _)) if actual.name == e.name => {}
            _ => {
                return Err(DateError::OutsideEra {
                    era: e.name,
                    input: input.trim().to_string(),
                })
            }
        }
    }
    Ok(date)
}

/// Why a typed date was refused; each carries what was typed. Displayed in Japanese
/// (the window words it in its own language from the kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not a date in any accepted spelling (`2026-13`, `あした`).
    Unreadable(String),
    /// Read as a date that does not exist (`2026-02-30`).
    Nonexistent(String),
    /// An era date past its era's end or before its start (`H31.5.1`).
    OutsideEra { era: &'static str, input: String },
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateError::Unreadable(input) => write!(f, "日付として読めません：{input}"),
            DateError::Nonexistent(input) => write!(f, "存在しない日付です：{input}"),
            DateError::OutsideEra { era, input } => write!(f, "{era}の日付ではありません：{input}"),
        }
    }
}

impl std::error::Error for DateError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("test date")
    }

    #[test]
    fn era_boundaries() {
        assert_eq!(format_date(d(1868, 1, 24)), "1868年1月24日");
        assert_eq!(format_date(d(1868, 1, 25)), "明治元年1月25日");
        assert_eq!(format_date(d(1912, 7, 29)), "明治45年7月29日");
        assert_eq!(format_date(d(1912, 7, 30)), "大正元年7月30日");
        assert_eq!(format_date(d(1926, 12, 24)), "大正15年12月24日");
        assert_eq!(format_date(d(1926, 12, 25)), "昭和元年12月25日");
        assert_eq!(format_date(d(1989, 1, 7)), "昭和64年1月7日");
        assert_eq!(format_date(d(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(format_date(d(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(format_date(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(format_date(d(2020, 1, 1)), "令和2年1月1日");
    }

    #[test]
    fn seed_dates() {
        assert_eq!(format_date(d(1986, 7, 14)), "昭和61年7月14日");
        assert_eq!(format_date(d(2025, 5, 9)), "令和7年5月9日");
        assert_eq!(format_short(d(2026, 11, 20)), "R8.11.20");
        assert_eq!(format_year_month(d(2019, 5, 31)), "令和元年5月");
    }

    #[test]
    fn clerk_typed_dates_parse_in_both_calendars() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (typed, want) in [
            ("1986-07-14", d(1986, 7, 14)),
            ("1986/7/14", d(1986, 7, 14)),
            ("19860714", d(1986, 7, 14)),
            ("S61.7.14", d(1986, 7, 14)),
            ("s61/7/14", d(1986, 7, 14)),
            ("昭和61年7月14日", d(1986, 7, 14)),
            ("Ｓ６１．７．１４", d(1986, 7, 14)),
            ("平成元年1月8日", d(1989, 1, 8)),
            ("R8.11.24", d(2026, 11, 24)),
        ] {
            assert_eq!(parse_date(typed), Ok(want), "{typed}");
        }
        for bad in [
            "",
            "S61",
            "2026-02-30",
            "H31.5.1",
            "S0.1.1",
            "令和8年13月1日",
            "abc",
        ] {
            assert!(parse_date(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn a_refusal_says_why() {
        assert_eq!(
            parse_date(" 2026-02-30 "),
            Err(DateError::Nonexistent("2026-02-30".into()))
        );
        assert_eq!(
            parse_date("H31.5.1"),
            Err(DateError::OutsideEra {
                era: "平成",
                input: "H31.5.1".into()
            })
        );
        assert_eq!(parse_date("abc"), Err(DateError::Unreadable("abc".into())));
        assert_eq!(
            parse_date("令和8年13月1日").map_err(|e| e.to_string()),
            Err("存在しない日付です：令和8年13月1日".to_string())
        );
    }
}
