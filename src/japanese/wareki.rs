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
}
