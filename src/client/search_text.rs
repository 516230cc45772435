//! What a clerk types into the one search box, read as a registry query:
//! katakana or hiragana words search the reading, kanji words the name, and a
//! date in either calendar (`S61.7.14`, `1986-07-14`) the date of birth.
//! `モジ S61.7.14` finds 門司 健一 born 昭和61年7月14日.

use crate::api::ResidentQuery;
use crate::japanese::kana::{is_katakana, normalize_kana};
use crate::japanese::wareki::parse_date;

/// The query for `input` (empty parts stay `None`).
pub fn parse(input: &str) -> ResidentQuery {
    let mut kana = Vec::new();
    let mut name = Vec::new();
    let mut birth_date = None;
    // Full-width spaces separate words too.
    for word in input
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        let reading = normalize_kana(word);
        if is_katakana(&reading) {
            kana.push(reading);
        } else if let (None, Ok(d)) = (birth_date, parse_date(word)) {
            birth_date = Some(d);
        } else {
            name.push(word.to_string());
        }
    }
    let joined = |v: Vec<String>, sep: &str| Some(v.join(sep)).filter(|s| !s.is_empty());
    ResidentQuery {
        kana: joined(kana, "　"),
        name: joined(name, " "),
        birth_date,
        ..ResidentQuery::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn words_are_read_as_reading_name_or_birth_date() {
        let q = parse("もじ　ｹﾝｲﾁ S61.7.14");
        assert_eq!(q.kana.as_deref(), Some("モジ　ケンイチ"));
        assert_eq!(q.birth_date, NaiveDate::from_ymd_opt(1986, 7, 14));
        assert_eq!(q.name, None);

        let q = parse("門司 健一");
        assert_eq!((q.name.as_deref(), q.kana), (Some("門司 健一"), None));

        let q = parse("1986-07-14");
        assert_eq!(q.birth_date, NaiveDate::from_ymd_opt(1986, 7, 14));
        assert_eq!((q.kana, q.name), (None, None));

        let q = parse("  ");
        assert_eq!((q.kana, q.name, q.birth_date), (None, None, None));
    }

    #[test]
    fn an_impossible_date_is_not_taken_for_a_birth_date() {
        let q = parse("S61.2.30");
        assert_eq!(q.birth_date, None);
        assert_eq!(
            q.name.as_deref(),
            Some("S61.2.30"),
            "searched as typed, finds nothing"
        );
    }
}
