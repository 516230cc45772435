//! Postal-code address entry for the city's own addresses: Japan Post's data
//! for 北九州市 (`assets/postal/kitakyushu.tsv`, made by `extract.py` beside it),
//! built into the binary. A move-in's new address is always in the city, so a
//! clerk types seven digits and picks the town instead of typing it.

use std::fmt;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

static DATA: &str = include_str!("../../assets/postal/kitakyushu.tsv");

/// The prefecture and city every code in the table belongs to.
pub const CITY: &str = "福岡県北九州市";

/// One row of Japan Post's table: a code and the town it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostalArea {
    /// Seven digits, no hyphen.
    pub code: &'static str,
    /// The ward, e.g. 門司区.
    pub ward: &'static str,
    /// The town (町域); empty for a ward's catch-all code.
    pub town: &'static str,
    pub town_kana: &'static str,
    /// Japan Post's note, e.g. 4丁目 or 以下に掲載がない場合.
    pub note: &'static str,
}

impl PostalArea {
    /// The address up to the town, as written after the ward: `本町`.
    /// Japan Post marks a ward's catch-all code with an empty town.
    pub fn is_catch_all(&self) -> bool {
        self.town.is_empty()
    }

    /// `〒800-0002` style.
    pub fn display_code(&self) -> String {
        format!("{}-{}", &self.code[..3], &self.code[3..])
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostalError {
    /// Not seven digits after normalising.
    Malformed(String),
    /// Seven digits, but not a code of this city.
    NotInCity(String),
}

impl fmt::Display for PostalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PostalError::Malformed(s) => {
                write!(f, "郵便番号は7桁の数字です（入力：{s}）")
            }
            PostalError::NotInCity(code) => {
                write!(f, "郵便番号 {code} は{CITY}の番号ではありません")
            }
        }
    }
}

impl std::error::Error for PostalError {}

fn table() -> &'static [PostalArea] {
    static TABLE: OnceLock<Vec<PostalArea>> = OnceLock::new();
    TABLE.get_or_init(|| {
        DATA.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|line| {
                let mut f = line.split('\t');
                let area = PostalArea {
                    code: f.next()?,
                    ward: f.next()?,
                    town: f.next().unwrap_or(""),
                    town_kana: f.next().unwrap_or(""),
                    note: f.next().unwrap_or(""),
                };
                (area.code.len() == 7).then_some(area)
            })
            .collect()
    })
}

/// Seven ASCII digits from what a clerk types: `〒８００－０００２`, `800-0002`, `800 0002`.
pub fn normalize_code(input: &str) -> Result<String, PostalError> {
    let digits: String = input
        .nfkc()
        .filter(|c| !matches!(c, '〒' | '-' | '‐' | '−' | 'ー' | '―') && !c.is_whitespace())
        .collect();
    if digits.len() == 7 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(PostalError::Malformed(input.trim().to_string()))
    }
}

/// The towns a code stands for (usually one; a ward's catch-all code has an empty town).
pub fn lookup(input: &str) -> Result<Vec<PostalArea>, PostalError> {
    let code = normalize_code(input)?;
    let areas: Vec<PostalArea> = table().iter().filter(|a| a.code == code).copied().collect();
    if areas.is_empty() {
        Err(PostalError::NotInCity(code))
    } else {
        Ok(areas)
    }
}

/// Every row of the table (for checks and benchmarks).
pub fn all() -> &'static [PostalArea] {
    table()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_covers_the_seven_wards() {
        let wards: std::collections::BTreeSet<&str> = all().iter().map(|a| a.ward).collect();
        assert_eq!(
            wards.into_iter().collect::<Vec<_>>(),
            [
                "八幡東区",
                "八幡西区",
                "小倉北区",
                "小倉南区",
                "戸畑区",
                "若松区",
                "門司区"
            ]
        );
        assert!(all().len() > 600, "{} rows", all().len());
    }

    #[test]
    fn codes_are_normalised_from_what_a_clerk_types() {
        assert_eq!(normalize_code("〒８００－０００２").unwrap(), "8000002");
        assert_eq!(normalize_code(" 800-0002 ").unwrap(), "8000002");
        assert_eq!(normalize_code("800 0002").unwrap(), "8000002");
        assert!(matches!(
            normalize_code("80000"),
            Err(PostalError::Malformed(_))
        ));
        assert!(matches!(
            normalize_code("800-000a"),
            Err(PostalError::Malformed(_))
        ));
    }

    #[test]
    fn a_code_gives_its_ward_and_town() {
        let a = lookup("800-0002").unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!((a[0].ward, a[0].town), ("門司区", "二タ松町"));
        assert_eq!(a[0].town_kana, "フタマツチョウ");
        assert_eq!(a[0].display_code(), "800-0002");
        let catch_all = lookup("8020000").unwrap();
        assert!(catch_all[0].is_catch_all());
        assert_eq!(catch_all[0].ward, "小倉北区");
    }

    #[test]
    fn a_code_outside_the_city_is_refused_by_name() {
        let e = lookup("100-0001").unwrap_err();
        assert_eq!(e, PostalError::NotInCity("1000001".into()));
        assert!(e.to_string().contains("北九州市"));
    }
}
