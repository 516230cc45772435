//! Every path the app uses, in one place: the platform's data and config
//! directories (`directories`), or one folder given by `MADOGUCHI_HOME` for a
//! portable install on a shared counter PC.

use std::path::PathBuf;

pub const HOME_ENV: &str = "MADOGUCHI_HOME";

fn base(kind: fn(&directories::ProjectDirs) -> &std::path::Path) -> PathBuf {
    if let Some(home) = std::env::var_os(HOME_ENV).filter(|h| !h.is_empty()) {
        return PathBuf::from(home);
    }
    directories::ProjectDirs::from("jp", "madoguchi", "Madoguchi")
        .map(|d| kind(&d).to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".madoguchi"))
}

/// Where app-written state lives (the local cache, the embedded hub's database).
pub fn data_dir() -> PathBuf {
    base(|d| d.data_dir())
}

/// Where the user's settings live.
pub fn config_dir() -> PathBuf {
    base(|d| d.config_dir())
}

/// The counter's local cache.
pub fn cache_db() -> PathBuf {
    data_dir().join("counter-cache.db")
}

/// The embedded hub's database (used when no hub is configured).
pub fn embedded_hub_db() -> PathBuf {
    data_dir().join("embedded-hub.db")
}

pub fn settings_file() -> PathBuf {
    config_dir().join("settings.toml")
}
