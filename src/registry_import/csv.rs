//! CSV records (RFC 4180: commas, double quotes with `""` inside, a quoted
//! field may span lines; CRLF or LF), read one at a time from a stream so a
//! file of a million lines never sits in memory whole. Each record says the
//! line it starts on.

use std::io::BufRead;

/// The longest record taken (a broken quote must not swallow the file).
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub line: usize,
    pub message: String,
    /// Reading cannot go on (an unclosed quote, an unreadable stream).
    pub fatal: bool,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

pub struct Records<R> {
    input: R,
    line: usize,
    done: bool,
}

impl<R: BufRead> Records<R> {
    pub fn new(input: R) -> Records<R> {
        Records {
            input,
            line: 0,
            done: false,
        }
    }

    fn read_line(&mut self, buf: &mut Vec<u8>) -> Result<bool, RecordError> {
        buf.clear();
        let n = self.input.read_until(b'\n', buf).map_err(|e| RecordError {
            line: self.line + 1,
            message: format!("cannot be read: {e}"),
            fatal: true,
        })?;
        if n == 0 {
            return Ok(false);
        }
        self.line += 1;
        Ok(true)
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<(usize, Vec<String>), RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut raw = Vec::new();
        match self.read_line(&mut raw) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        }
        let start = self.line;
        // Keep reading lines while a quoted field is open.
        while quote_open(&raw) {
            if raw.len() > MAX_RECORD_BYTES {
                self.done = true;
                return Some(Err(RecordError {
                    line: start,
                    message: format!(
                        "a quoted field is not closed within {} KiB; the rest of the file is not read",
                        MAX_RECORD_BYTES / 1024
                    ),
                    fatal: true,
                }));
            }
            let mut more = Vec::new();
            match self.read_line(&mut more) {
                Ok(true) => raw.extend_from_slice(&more),
                Ok(false) => {
                    self.done = true;
                    return Some(Err(RecordError {
                        line: start,
                        message: "a quoted field is not closed before the end of the file".into(),
                        fatal: true,
                    }));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        if raw.len() > MAX_RECORD_BYTES {
            return Some(Err(RecordError {
                line: start,
                message: format!("longer than {} KiB", MAX_RECORD_BYTES / 1024),
                fatal: false,
            }));
        }
        while matches!(raw.last(), Some(b'\n' | b'\r')) {
            raw.pop();
        }
        let text = match String::from_utf8(raw) {
            Ok(t) => t,
            Err(_) => {
                return Some(Err(RecordError {
                    line: start,
                    message: "not UTF-8 (a Shift_JIS export must be converted first: iconv -f CP932 -t UTF-8)".into(),
                    fatal: false,
                }))
            }
        };
        Some(
            split(&text)
                .map(|f| (start, f))
                .map_err(|message| RecordError {
                    line: start,
                    message,
                    fatal: false,
                }),
        )
    }
}

/// Whether a quoted field is still open at the end of `raw`. Only a quote
/// that starts a field opens one (a stray quote inside an unquoted field is
/// that line's error, not a field running on through the file).
fn quote_open(raw: &[u8]) -> bool {
    let mut quoted = false;
    let mut field_start = true;
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if quoted {
            if b == b'"' {
                if raw.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && field_start {
            quoted = true;
        }
        field_start = !quoted && (b == b',' || b == b'\n');
        i += 1;
    }
    quoted
}

/// The fields of one record's text.
fn split(text: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else {
            match c {
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    was_quoted = false;
                }
                '"' if field.is_empty() && !was_quoted => {
                    quoted = true;
                    was_quoted = true;
                }
                '"' => return Err("a double quote inside an unquoted field".into()),
                _ if was_quoted => return Err("text after a quoted field's closing quote".into()),
                _ => field.push(c),
            }
        }
    }
    fields.push(field);
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<Result<(usize, Vec<String>), RecordError>> {
        Records::new(text.as_bytes()).collect()
    }

    #[test]
    fn quotes_lines_and_errors() {
        let r = all("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nq\"q,1\n");
        assert_eq!(r[0], Ok((1, vec!["a".into(), "b".into()])));
        assert_eq!(r[1], Ok((2, vec!["x,1".into(), "say \"hi\"".into()])));
        assert_eq!(r[2], Ok((3, vec!["two\nlines".into(), "z".into()])));
        assert!(matches!(&r[3], Err(e) if e.line == 5 && !e.fatal));
        let open = all("a\n\"never closed\nb\n");
        assert!(matches!(&open[1], Err(e) if e.line == 2 && e.fatal));
        assert_eq!(open.len(), 2);
        let bytes: &[u8] = b"a\n\xff\xfe,1\nok\n";
        let r: Vec<_> = Records::new(bytes).collect();
        assert!(matches!(&r[1], Err(e) if e.line == 2 && e.message.contains("UTF-8")));
        assert_eq!(r[2], Ok((3, vec!["ok".into()])));
    }
}
