//! The CSV of the hand-off: RFC 4180, UTF-8 without a BOM, CRLF, a header
//! row, every field quoted. Text is written as entered: no NFKC, no width
//! folding (a name's characters reach the core system as the clerk saw them).

/// One file's rows, header first.
pub fn write(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::new();
    let line = |out: &mut String, fields: &mut dyn Iterator<Item = &str>| {
        let mut first = true;
        for f in fields {
            if !first {
                out.push(',');
            }
            first = false;
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        }
        out.push_str("\r\n");
    };
    line(&mut out, &mut header.iter().copied());
    for r in rows {
        line(&mut out, &mut r.iter().map(String::as_str));
    }
    out.into_bytes()
}

/// Read a file written by `write` (or any RFC 4180 CSV): its rows, header
/// first. Err with the line of a quote left open.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                line += 1;
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(format!("line {line}: a quoted field is not closed"));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever is written reads back the same: quotes, commas, line
        /// breaks, kanji outside the BMP, private-use characters.
        #[test]
        fn written_rows_read_back(rows in proptest::collection::vec(
            proptest::collection::vec("[a-z\",\r\n 髙﨑𠮷\u{E000}]{0,6}", 3), 0..5)) {
            let bytes = write(&["a", "b", "c"], &rows);
            let text = String::from_utf8(bytes).unwrap();
            let back = parse(&text).unwrap();
            prop_assert_eq!(&back[0], &vec!["a".to_string(), "b".into(), "c".into()]);
            prop_assert_eq!(&back[1..], &rows[..]);
        }
    }

    #[test]
    fn an_open_quote_is_an_error() {
        assert!(parse("\"a,b\r\n").is_err());
    }
}
