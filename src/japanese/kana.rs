//! Kana normalisation for kana fields: half-width katakana and ASCII become
//! full-width (NFKC), hiragana becomes katakana, runs of spaces fold to one
//! full-width space between family and given names.

use unicode_normalization::UnicodeNormalization;

/// Normalise a reading for a kana field: `ｷﾀｷｭｳ  たろう` → `キタキュウ　タロウ`.
pub fn normalize_kana(input: &str) -> String {
    let nfkc: String = input.nfkc().collect();
    let mut out = String::with_capacity(nfkc.len());
    let mut pending_space = false;
    for c in nfkc.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push('　');
            pending_space = false;
        }
        out.push(hiragana_to_katakana(c));
    }
    out
}

fn hiragana_to_katakana(c: char) -> char {
    match c {
        // ぁ..ゖ and ゝゞ map 0x60 code points up to the katakana block.
        '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309E}' => {
            char::from_u32(c as u32 + 0x60).unwrap_or(c)
        }
        _ => c,
    }
}

/// True when every character is katakana, a prolonged sound mark, a middle dot or a space.
pub fn is_katakana(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(
            c,
            '\u{30A1}'..='\u{30FA}' | 'ー' | '・' | '　' | ' ' | 'ヽ' | 'ヾ'
        )
    })
}

/// Normalise a name for search: NFKC, katakana, no spaces.
pub fn search_key(s: &str) -> String {
    normalize_kana(s).chars().filter(|c| *c != '　').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_and_hiragana_become_full_width_katakana() {
        assert_eq!(normalize_kana("ｷﾀｷｭｳ ﾀﾛｳ"), "キタキュウ　タロウ");
        assert_eq!(normalize_kana("きたきゅう　たろう"), "キタキュウ　タロウ");
        assert_eq!(normalize_kana("ｶﾞｯｺｳ"), "ガッコウ");
        assert_eq!(normalize_kana("  もじ   けんいち "), "モジ　ケンイチ");
        assert_eq!(normalize_kana("ゔぁ"), "ヴァ");
    }

    #[test]
    fn katakana_check_and_search_key() {
        assert!(is_katakana("モジ　ケンイチ"));
        assert!(!is_katakana("門司"));
        assert_eq!(search_key("もじ けんいち"), "モジケンイチ");
    }
}
