//! Fitting a value into a box: shrink to fit on one line, then wrap; never cut.

use super::font::Metrics;

/// How a text was fitted: its size and lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub size: f32,
    pub lines: Vec<String>,
}

/// Line height as a multiple of the font size.
pub const LEADING: f32 = 1.2;

/// Fit `text` into `width` × `height` points, starting at `size` and going no
/// smaller than `min_size`. First a single line is shrunk down to 75% of the size
/// (or `min_size`), then the text wraps at decreasing sizes. None when it cannot fit.
pub fn fit(
    metrics: &Metrics,
    text: &str,
    width: f32,
    height: f32,
    size: f32,
    min_size: f32,
) -> Option<Fitted> {
    if text.is_empty() {
        return Some(Fitted {
            size,
            lines: Vec::new(),
        });
    }
    let min_size = min_size.min(size);
    let single_floor = (size * 0.75).max(min_size);
    let mut s = size;
    while s >= single_floor - 1e-3 {
        if !text.contains('\n') && metrics.width(text, s) <= width && s <= height {
            return Some(Fitted {
                size: s,
                lines: vec![text.to_string()],
            });
        }
        s -= 0.5;
    }
    let mut s = size;
    while s >= min_size - 1e-3 {
        let lines = wrap(metrics, text, width, s);
        if lines.len() as f32 * s * LEADING <= height + s * (LEADING - 1.0) {
            return Some(Fitted { size: s, lines });
        }
        s -= 0.5;
    }
    None
}

/// Greedy wrapping: Japanese text breaks between any characters, words with
/// spaces break at the last space; explicit newlines are kept.
pub fn wrap(metrics: &Metrics, text: &str, width: f32, size: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for c in paragraph.chars() {
            let mut candidate = line.clone();
            candidate.push(c);
            if metrics.width(&candidate, size) <= width || line.is_empty() {
                line = candidate;
                continue;
            }
            // Break at the last space when the line has one (Latin text).
            match line.rfind(' ').filter(|_| c != ' ' && c.is_ascii()) {
                Some(i) if i > 0 => {
                    let rest = line[i + 1..].to_string();
                    lines.push(line[..i].to_string());
                    line = rest;
                    line.push(c);
                }
                _ => {
                    lines.push(std::mem::take(&mut line));
                    if c != ' ' {
                        line.push(c);
                    }
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> &'static Metrics {
        Metrics::bundled().expect("bundled font parses")
    }

    #[test]
    fn japanese_is_full_width() {
        let w = m().width("北九州", 10.0);
        assert!((w - 30.0).abs() < 0.5, "{w}");
        assert!(m().covers("令和元年 キタキュウ 〒803-8501"));
    }

    #[test]
    fn shrinks_then_wraps_then_refuses() {
        let one = fit(m(), "北九州市小倉北区", 80.0, 12.0, 10.0, 6.0).expect("fits");
        assert_eq!((one.size, one.lines.len()), (10.0, 1));
        let shrunk = fit(m(), "北九州市小倉北区大手町", 80.0, 12.0, 10.0, 6.0).expect("fits");
        assert!(shrunk.size < 10.0 && shrunk.lines.len() == 1, "{shrunk:?}");
        let wrapped = fit(
            m(),
            &"北九州市小倉北区大手町一番一号".repeat(2),
            80.0,
            30.0,
            10.0,
            6.0,
        )
        .expect("fits");
        assert!(wrapped.lines.len() > 1, "{wrapped:?}");
        assert_eq!(
            wrapped.lines.concat(),
            "北九州市小倉北区大手町一番一号".repeat(2),
            "nothing cut"
        );
        assert!(fit(m(), &"長".repeat(200), 80.0, 12.0, 10.0, 6.0).is_none());
    }

    #[test]
    fn latin_wraps_at_spaces() {
        let lines = wrap(m(), "Health Insurance and Pension Section", 60.0, 10.0);
        assert!(lines.len() >= 2);
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with(' ') && !l.ends_with(' ')),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), "Health Insurance and Pension Section");
    }
}
