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

/// The settings a city's IT section installs for every user of a PC
/// (`/etc/madoguchi/counter.toml`; on Windows in ProgramData): read when the
/// user has no settings of their own, never written by the app. None with
/// `MADOGUCHI_HOME` (a portable install keeps everything in its folder).
pub fn system_settings_file() -> Option<PathBuf> {
    if std::env::var_os(HOME_ENV).is_some_and(|h| !h.is_empty()) {
        return None;
    }
    if cfg!(windows) {
        std::env::var_os("ProgramData")
            .map(|d| PathBuf::from(d).join("madoguchi").join("counter.toml"))
    } else {
        Some(PathBuf::from("/etc/madoguchi/counter.toml"))
    }
}

/// The settings to read: the user's, or else the system's.
pub fn settings_to_read() -> PathBuf {
    let user = settings_file();
    if user.exists() {
        return user;
    }
    system_settings_file()
        .filter(|p| p.exists())
        .unwrap_or(user)
}
