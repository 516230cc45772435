//! The time the hub and the floor go by: the system clock, or, for a
//! simulated day, the instant written in the file `MADOGUCHI_CLOCK_FILE`
//! names (RFC 3339; read at every call, so a simulation moves the time of a
//! running hub by rewriting the file). Never set in production: the hub says
//! so on its first line when it is.

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};

/// The environment variable naming the clock file.
pub const CLOCK_FILE: &str = "MADOGUCHI_CLOCK_FILE";

fn file() -> Option<&'static PathBuf> {
    static FILE: OnceLock<Option<PathBuf>> = OnceLock::new();
    FILE.get_or_init(|| {
        std::env::var_os(CLOCK_FILE)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .as_ref()
}

/// Whether the clock is simulated.
pub fn simulated() -> Option<&'static PathBuf> {
    file()
}

/// Now: the system clock, or the simulated instant (the system clock when
/// the file cannot be read).
pub fn now() -> DateTime<Utc> {
    file()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|s| DateTime::parse_from_rfc3339(s.trim()).ok())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

/// Set the simulated clock (tests): written whole, then renamed, so a reader
/// never sees half a time.
pub fn write(path: &std::path::Path, at: DateTime<Utc>) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, at.to_rfc3339())?;
    std::fs::rename(tmp, path)
}
