//! Japanese dates and names: legal ages, school years, deadlines, 和暦, kana.

pub mod calendar;
pub mod kana;
pub mod legal_dates;
pub mod postal;
pub mod wareki;
