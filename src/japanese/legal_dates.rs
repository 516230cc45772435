//! Legal date arithmetic used by the rules: when a person attains an age
//! (年齢計算ニ関スル法律 + 民法143), school years, fiscal-year ends and deadlines.

use chrono::{Datelike, Days, Months, NaiveDate};

/// The day a person born on `birth` attains age `n`: the day before the n-th
/// birthday anniversary. A 29 February birth attains ages on 28 February.
///
/// ```
/// use chrono::NaiveDate;
/// use madoguchi::japanese::legal_dates::{age, reached};
/// let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
/// assert_eq!(reached(d("2009-04-01"), 1), d("2010-03-31"));
/// assert_eq!(reached(d("2008-02-29"), 1), d("2009-02-28"));
/// assert_eq!(age(d("2008-02-29"), d("2009-02-28")), 1);
/// ```
pub fn reached(birth: NaiveDate, n: u32) -> NaiveDate {
    let year = birth.year() + n as i32;
    match NaiveDate::from_ymd_opt(year, birth.month(), birth.day()) {
        Some(anniversary) => anniversary.pred_opt().unwrap_or(anniversary),
        // 29 February in a common year: no corresponding day, the period ends
        // on the last day of February.
        None => NaiveDate::from_ymd_opt(year, 2, 28).unwrap_or(birth),
    }
}

/// Legal age on `on`: the largest n with `reached(birth, n) <= on`. Zero before birth.
pub fn age(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on < birth {
        return 0;
    }
    let mut n = (on.year() - birth.year()).max(0) as u32;
    while n > 0 && on < reached(birth, n) {
        n -= 1;
    }
    while on >= reached(birth, n + 1) {
        n += 1;
    }
    n
}

/// Age counted from the birthday itself (後期高齢者医療 starts ON the 75th birthday).
/// A 29 February birth has its birthday on 1 March in common years.
pub fn birthday_age(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on < birth {
        return 0;
    }
    let mut n = (on.year() - birth.year()).max(0) as u32;
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        n = n.saturating_sub(1);
    }
    n
}

/// The first 31 March on or after `d`.
pub fn fy_end_after(d: NaiveDate) -> NaiveDate {
    let this_year = march_31(d.year());
    if d <= this_year {
        this_year
    } else {
        march_31(d.year() + 1)
    }
}

/// The 1 April that starts the fiscal (and school) year containing `d`.
pub fn fy_start(d: NaiveDate) -> NaiveDate {
    let year = if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    };
    NaiveDate::from_ymd_opt(year, 4, 1).unwrap_or(d)
}

fn march_31(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 3, 31).unwrap_or(NaiveDate::MIN)
}

/// Age on the 31 March that closed the previous fiscal year. A member is within
/// "the first 31 March after reaching N" on `d` exactly when this is below N.
pub fn fiscal_age(birth: NaiveDate, d: NaiveDate) -> u32 {
    let prev_march_31 = fy_start(d).pred_opt().unwrap_or(d);
    age(birth, prev_march_31)
}

/// School year on `on`: 0 before elementary school (未就学), 1–6 elementary
/// (小1–小6), 7–9 junior high (中1–中3), 10 and over afterwards. A child enters
/// elementary school on the first 1 April after attaining age 6, so a 1 April
/// birth belongs to the earlier school year.
pub fn school_year(birth: NaiveDate, on: NaiveDate) -> i32 {
    let entry = reached(birth, 6).succ_opt().unwrap_or(birth);
    let entry_fy = if (entry.month(), entry.day()) <= (4, 1) {
        entry.year()
    } else {
        entry.year() + 1
    };
    let fy = fy_start(on).year();
    (fy - entry_fy + 1).max(0)
}

/// School stage of a school year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchoolStage {
    Preschool,
    Elementary(u8),
    JuniorHigh(u8),
    Beyond,
}

pub fn school_stage(school_year: i32) -> SchoolStage {
    match school_year {
        i32::MIN..=0 => SchoolStage::Preschool,
        1..=6 => SchoolStage::Elementary(school_year as u8),
        7..=9 => SchoolStage::JuniorHigh((school_year - 6) as u8),
        _ => SchoolStage::Beyond,
    }
}

/// "Within N days of D". Under 民法140 the first day is not counted, so the
/// last day is D + N; under 戸籍法43 it is counted, so the last day is D + N - 1.
pub fn within_days(d: NaiveDate, n: u32, first_day_counts: bool) -> Option<NaiveDate> {
    let n = if first_day_counts {
        n.checked_sub(1)?
    } else {
        n
    };
    d.checked_add_days(Days::new(u64::from(n)))
}

/// The same day `n` months later, or that month's last day where it has no such day.
pub fn add_months_clamped(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(n))
}

/// "Within N months of D" with the first day counted (戸籍法43条, 民法143条2項):
/// the day before the day that corresponds to D in the N-th month after it,
/// or that month's last day where the month has no such day.
/// 2026-09-10 → 2026-12-09; 2025-11-30 (3 months) → 2026-02-28.
pub fn within_months_first_day_counts(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    let target = d.checked_add_months(Months::new(n))?;
    if target.day() == d.day() {
        target.pred_opt()
    } else {
        // The month has no such day: chrono clamped to its last day.
        Some(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn months_with_the_first_day_counted() {
        let f = |s: &str, n| within_months_first_day_counts(d(s), n).expect("date");
        assert_eq!(f("2026-09-10", 3), d("2026-12-09"));
        assert_eq!(f("2025-11-30", 3), d("2026-02-28"));
        assert_eq!(f("2026-01-31", 1), d("2026-02-28"));
        assert_eq!(f("2026-03-01", 3), d("2026-05-31"));
    }

    #[test]
    fn reached_is_the_day_before_the_birthday() {
        assert_eq!(reached(d("2009-04-01"), 1), d("2010-03-31"));
        assert_eq!(reached(d("1988-06-01"), 38), d("2026-05-31"));
        assert_eq!(reached(d("2000-03-01"), 4), d("2004-02-29"));
        assert_eq!(reached(d("2000-03-01"), 5), d("2005-02-28"));
    }

    #[test]
    fn leap_day_births_attain_ages_on_28_february() {
        let b = d("2008-02-29");
        assert_eq!(reached(b, 1), d("2009-02-28"));
        assert_eq!(reached(b, 4), d("2012-02-28"));
        assert_eq!(age(b, d("2009-02-27")), 0);
        assert_eq!(age(b, d("2009-02-28")), 1);
        assert_eq!(age(b, d("2012-02-28")), 4);
    }

    #[test]
    fn age_boundaries_day_before_on_after() {
        let b = d("1961-11-20"); // reaches 65 on 2026-11-19
        assert_eq!(age(b, d("2026-11-18")), 64);
        assert_eq!(age(b, d("2026-11-19")), 65);
        assert_eq!(age(b, d("2026-11-20")), 65);
        assert_eq!(age(b, d("1961-11-19")), 0);
    }

    #[test]
    fn birthday_age_starts_on_the_birthday() {
        let b = d("1951-11-20");
        assert_eq!(birthday_age(b, d("2026-11-19")), 74);
        assert_eq!(birthday_age(b, d("2026-11-20")), 75);
        assert_eq!(age(b, d("2026-11-19")), 75);
        let leap = d("1952-02-29");
        assert_eq!(birthday_age(leap, d("2027-02-28")), 74);
        assert_eq!(birthday_age(leap, d("2027-03-01")), 75);
        assert_eq!(birthday_age(leap, d("2028-02-29")), 76);
    }

    #[test]
    fn fiscal_year_ends() {
        assert_eq!(fy_end_after(d("2025-03-31")), d("2025-03-31"));
        assert_eq!(fy_end_after(d("2025-04-01")), d("2026-03-31"));
        assert_eq!(fy_end_after(d("2025-01-10")), d("2025-03-31"));
        // 2007-04-01 reaches 18 on 2025-03-31: eligible until that same day.
        assert_eq!(fy_end_after(reached(d("2007-04-01"), 18)), d("2025-03-31"));
        assert_eq!(fy_end_after(reached(d("2007-04-02"), 18)), d("2026-03-31"));
    }

    #[test]
    fn fiscal_age_matches_the_fy_end_rule() {
        for birth in [
            "2007-04-01",
            "2007-04-02",
            "2008-02-29",
            "2008-03-31",
            "2007-12-31",
        ] {
            let b = d(birth);
            let until = fy_end_after(reached(b, 18));
            for day in [
                until,
                until.succ_opt().expect("day"),
                until.pred_opt().expect("day"),
            ] {
                assert_eq!(fiscal_age(b, day) < 18, day <= until, "{birth} on {day}");
            }
        }
    }

    #[test]
    fn school_entry_1_april_and_2_april() {
        assert_eq!(school_year(d("2018-04-01"), d("2024-04-01")), 1);
        assert_eq!(school_year(d("2018-04-01"), d("2024-03-31")), 0);
        assert_eq!(school_year(d("2018-04-02"), d("2024-04-01")), 0);
        assert_eq!(school_year(d("2018-04-02"), d("2025-04-01")), 1);
        assert_eq!(school_year(d("2019-01-15"), d("2025-04-01")), 1);
        assert_eq!(school_year(d("2011-04-01"), d("2026-11-20")), 10);
        assert_eq!(school_year(d("2011-04-02"), d("2026-11-20")), 9);
        assert_eq!(school_stage(9), SchoolStage::JuniorHigh(3));
        assert_eq!(school_stage(0), SchoolStage::Preschool);
        assert_eq!(school_stage(6), SchoolStage::Elementary(6));
    }

    #[test]
    fn deadlines() {
        assert_eq!(
            within_days(d("2026-04-01"), 14, false),
            Some(d("2026-04-15"))
        );
        assert_eq!(
            within_days(d("2026-04-01"), 14, true),
            Some(d("2026-04-14"))
        );
        assert_eq!(
            add_months_clamped(d("2026-01-31"), 1),
            Some(d("2026-02-28"))
        );
        assert_eq!(
            add_months_clamped(d("2028-01-31"), 1),
            Some(d("2028-02-29"))
        );
        assert_eq!(
            add_months_clamped(d("2026-11-12"), 1),
            Some(d("2026-12-12"))
        );
    }
}
