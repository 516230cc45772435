//! What the window works with, iced-free: settings, the hub (embedded when none
//! is configured), the counter over its local cache, the sync worker, and the
//! rules, texts and templates. Screens call it from background tasks.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::api::LoginResponse;
use crate::catalog::CatalogSet;
use crate::client::{Counter, HubClient, LocalCache, SyncState, SyncWorker};
use crate::i18n::Texts;
use crate::print::Templates;

/// User settings (settings.toml). Every field has a default, so an old or
/// partial file still loads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub version: u32,
    /// A real hub; none starts an embedded hub with demo data.
    pub hub_url: Option<String>,
    /// The city's own CA certificate (PEM) that signed the hub's HTTPS
    /// certificate; none trusts the platform's roots.
    pub hub_ca: Option<PathBuf>,
    pub counter_id: String,
    pub counter_prefix: String,
    pub printer: Option<String>,
    pub scan_folder: Option<PathBuf>,
    /// `ja` or `en`.
    pub language: String,
    /// Printed on the kiosk's tickets.
    pub office: String,
    /// Where residents' phones reach the wait page (the city's public site
    /// in front of the hub, e.g. `https://wait.city.example.jp`); the QR code
    /// on the kiosk's tickets leads there. None: the hub's own URL, which a
    /// phone reaches only on the office's network.
    pub wait_page: Option<String>,
    /// What this PC is: a counter, a ticket machine or the calling display.
    pub mode: Mode,
    /// How the window is drawn: on the CPU (default) or the GPU.
    pub renderer: Renderer,
    /// How large the window draws everything (1.0, 1.25, 1.5): for clerks who
    /// need larger text, and for a 1920×1080 counter screen.
    pub text_scale: f32,
    /// The administrator who last opened the settings, and an argon2 hash of
    /// their password: the settings open offline only for them.
    pub admin_user: Option<String>,
    pub admin_hash: Option<String>,
}

/// The window's renderer. The software one (tiny-skia) is the default: the
/// counter's screens are text and boxes, it is what the window tests render
/// with, and on a thin client or virtual desktop without a GPU it costs far less
/// than the GPU renderer falling back to an emulated GPU (measured under Xvfb:
/// 46 MB and 0.15 % idle CPU against 141 MB and 1.4 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Renderer {
    #[default]
    Software,
    Gpu,
}

impl Renderer {
    /// The value of iced's `ICED_BACKEND` for this choice.
    pub fn iced_backend(self) -> &'static str {
        match self {
            Renderer::Software => "tiny-skia",
            Renderer::Gpu => "wgpu",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// A clerk's counter (or the floor board, by role).
    #[default]
    Counter,
    /// The ticket machine.
    Kiosk,
    /// The calling display over the waiting area.
    Display,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Counter, Mode::Kiosk, Mode::Display];
    /// The mode's name in the window's language.
    pub fn label(self) -> String {
        super::tr::t(match self {
            Mode::Counter => "mode-counter",
            Mode::Kiosk => "mode-kiosk",
            Mode::Display => "mode-display",
        })
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            version: 1,
            hub_url: None,
            hub_ca: None,
            counter_id: "1".into(),
            counter_prefix: "K1".into(),
            printer: None,
            scan_folder: None,
            language: "ja".into(),
            office: "北九州市 小倉北区役所".into(),
            wait_page: None,
            mode: Mode::Counter,
            renderer: Renderer::Software,
            text_scale: 1.0,
            admin_user: None,
            admin_hash: None,
        }
    }
}

/// The sizes the window offers.
pub const TEXT_SCALES: [f32; 3] = [1.0, 1.25, 1.5];

impl Settings {
    /// The scale to draw with: one of `TEXT_SCALES` (a hand-edited odd value
    /// is taken to the nearest).
    pub fn scale(&self) -> f32 {
        TEXT_SCALES
            .into_iter()
            .min_by(|a, b| {
                (a - self.text_scale)
                    .abs()
                    .total_cmp(&(b - self.text_scale).abs())
            })
            .unwrap_or(1.0)
    }
}

/// Why the settings did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminRefused {
    /// No user name or password was typed.
    Missing,
    /// The hub refused the name and password.
    Wrong,
    /// A user that is not an administrator.
    NotAdmin,
    /// The hub cannot be reached and this PC has not seen this administrator.
    Offline,
}

/// Check an administrator for the settings screen: at the hub (role admin),
/// or, when the hub cannot be reached, against the hash kept from the last
/// administrator who opened the settings here. Returns the hash to keep.
pub fn check_admin(
    settings: &Settings,
    url: &str,
    user: &str,
    password: &str,
) -> Result<String, AdminRefused> {
    let user = user.trim();
    if user.is_empty() || password.is_empty() {
        return Err(AdminRefused::Missing);
    }
    let offline = || {
        let known = settings.admin_user.as_deref() == Some(user)
            && settings
                .admin_hash
                .as_deref()
                .is_some_and(|h| crate::hub::auth::verify(password, h));
        if known {
            settings.admin_hash.clone().ok_or(AdminRefused::Offline)
        } else {
            Err(AdminRefused::Offline)
        }
    };
    let Ok(hub) = HubClient::with_ca(url, user, password, settings.hub_ca.as_deref()) else {
        return offline();
    };
    match hub.login() {
        Ok(login) if login.role == crate::api::Role::Admin => {
            let _ = hub.logout();
            crate::hub::auth::hash(password).map_err(|_| AdminRefused::Offline)
        }
        Ok(_) => {
            let _ = hub.logout();
            Err(AdminRefused::NotAdmin)
        }
        Err(crate::client::ClientError::Offline(_)) => offline(),
        Err(_) => Err(AdminRefused::Wrong),
    }
}

impl Settings {
    /// Load forgivingly: a missing file gives the defaults; a broken one is reported.
    pub fn load(path: &std::path::Path) -> (Settings, Option<String>) {
        match std::fs::read_to_string(path) {
            Err(_) => (Settings::default(), None),
            Ok(text) => match toml::from_str(&text) {
                Ok(s) => (s, None),
                Err(e) => (
                    Settings::default(),
                    Some(format!("{}: {}", path.display(), e.message())),
                ),
            },
        }
    }
}

impl Settings {
    /// Write the settings file (through a temporary file, so a crash never leaves half a file).
    pub fn save(&self, path: &std::path::Path) -> Result<(), String> {
        let text = toml::to_string_pretty(self).map_err(|e| e.to_string())?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// Where the hub is, and the embedded one when we run it.
pub struct HubPlace {
    pub url: String,
    /// The embedded hub's thread lives as long as this (a build without the
    /// hub server has none).
    #[cfg(feature = "server")]
    pub embedded: Option<crate::hub::EmbeddedHub>,
}

impl HubPlace {
    /// Whether this is the embedded demo hub.
    pub fn is_embedded(&self) -> bool {
        #[cfg(feature = "server")]
        return self.embedded.is_some();
        #[cfg(not(feature = "server"))]
        return false;
    }

    /// A hub elsewhere, at `url`.
    pub fn remote(url: String) -> HubPlace {
        HubPlace {
            url,
            #[cfg(feature = "server")]
            embedded: None,
        }
    }
}

/// A counter-only build (no hub server): it needs a hub's address.
#[cfg(not(feature = "server"))]
pub fn embedded_hub() -> Result<HubPlace, String> {
    Err("this build has no embedded hub: set hub_url in the settings (設定 → ハブのURL)".into())
}

/// Start the embedded hub over the demo database (made on first use).
#[cfg(feature = "server")]
pub fn embedded_hub() -> Result<HubPlace, String> {
    let db = crate::paths::embedded_hub_db();
    if let Some(dir) = db.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let fresh = !db.exists();
    if fresh {
        let store = crate::hub::sqlite::SqliteStore::open(&db).map_err(|e| e.to_string())?;
        crate::demo::fill(&store, 20261122, 2000)?;
    }
    let hub = crate::hub::spawn("127.0.0.1:0", &db)?;
    Ok(HubPlace {
        url: hub.url(),
        embedded: Some(hub),
    })
}

/// Everything a logged-in window uses.
pub struct Backend {
    pub settings: Settings,
    pub login: LoginResponse,
    pub hub: Arc<HubClient>,
    pub counter: Mutex<Counter>,
    pub sync: SyncWorker,
    pub texts: Texts,
    pub catalogs: CatalogSet,
    pub templates: Templates,
    pub out_dir: PathBuf,
    /// Where the scanner writes the signed pages.
    pub scan_folder: PathBuf,
    /// Pages handed over with a case, until the hub has them.
    pub scans_outgoing: PathBuf,
    pub scans: crate::client::scans::ScanUploader,
    /// The day (Japan time) whose day-end purge last ran.
    pub purged_day: Mutex<chrono::NaiveDate>,
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backend")
            .field("user", &self.login.user)
            .field("hub", &self.hub.base())
            .finish()
    }
}

impl Backend {
    /// What a visit is determined and printed with.
    pub fn rules(&self) -> crate::visit::Rules<'_> {
        crate::visit::Rules {
            catalogs: &self.catalogs,
            texts: &self.texts,
            templates: &self.templates,
            lang: &self.settings.language,
        }
    }

    /// Log in, open the local cache and start syncing.
    pub fn connect(
        settings: Settings,
        url: &str,
        user: &str,
        password: &str,
    ) -> Result<Backend, String> {
        Backend::connect_at(
            settings,
            url,
            user,
            password,
            &crate::paths::cache_db(),
            &crate::paths::data_dir().join("print"),
        )
    }

    /// `connect` with the local cache and the print folder named (tests, tools).
    pub fn connect_at(
        settings: Settings,
        url: &str,
        user: &str,
        password: &str,
        cache_path: &std::path::Path,
        out_dir: &std::path::Path,
    ) -> Result<Backend, String> {
        let hub = Arc::new(HubClient::for_counter_with_ca(
            url,
            user,
            password,
            &settings.counter_id,
            settings.hub_ca.as_deref(),
        )?);
        let login = hub.login().map_err(|e| e.to_string())?;
        let cache_path = cache_path.to_path_buf();
        let cache = LocalCache::open(&cache_path)?;
        let today = crate::api::japan_day(chrono::Utc::now());
        crate::client::day_end::purge(&cache, out_dir, today)?;
        let counter = Counter::new(
            cache,
            hub.clone(),
            &settings.counter_id,
            &settings.counter_prefix,
        )?;
        let sync = SyncWorker::spawn(cache_path, hub.clone())?;
        let (texts, catalogs) = crate::load_rules(None)?;
        let templates = Templates::builtin()?;
        let out_dir = out_dir.to_path_buf();
        std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
        let data = out_dir.parent().unwrap_or(&out_dir).to_path_buf();
        let scan_folder = settings
            .scan_folder
            .clone()
            .unwrap_or_else(|| data.join("scans"));
        let scans_outgoing = data.join("scans-outgoing");
        let scans = crate::client::scans::ScanUploader::spawn(hub.clone(), scans_outgoing.clone())?;
        Ok(Backend {
            settings,
            login,
            hub,
            counter: Mutex::new(counter),
            sync,
            texts,
            catalogs,
            templates,
            out_dir,
            scan_folder,
            scans_outgoing,
            scans,
            purged_day: Mutex::new(today),
        })
    }

    /// The day-end purge ([`crate::client::day_end::purge`]) for `today`, as
    /// at login: for a window left open overnight.
    pub fn purge_day_end(
        &self,
        today: chrono::NaiveDate,
    ) -> Result<crate::client::day_end::Purged, String> {
        self.with_counter(|c| crate::client::day_end::purge(&c.cache, &self.out_dir, today))
    }

    /// The new day (Japan time) when it changed since the last purge, marked
    /// as purged: the caller runs [`Backend::purge_day_end`] for it, once.
    pub fn day_changed(&self, now: chrono::DateTime<chrono::Utc>) -> Option<chrono::NaiveDate> {
        let today = crate::api::japan_day(now);
        let mut last = self.purged_day.lock().ok()?;
        (*last != today).then(|| {
            *last = today;
            today
        })
    }

    pub fn with_counter<T>(
        &self,
        f: impl FnOnce(&mut Counter) -> Result<T, String>,
    ) -> Result<T, String> {
        let mut c = self
            .counter
            .lock()
            .map_err(|_| "the counter state is poisoned".to_string())?;
        let out = f(&mut c);
        self.sync.wake();
        out
    }

    pub fn status(&self) -> SyncState {
        self.sync.snapshot()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_settings_file_keeps_loading_with_defaults_for_what_is_new() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/settings-v1.toml");
        let (s, error) = Settings::load(&path);
        assert_eq!(error, None);
        assert_eq!(s.hub_url.as_deref(), Some("http://10.0.0.5:8080"));
        assert_eq!((s.counter_id.as_str(), s.mode), ("4", Mode::Counter));
        assert_eq!(s.office, Settings::default().office);
        assert_eq!(s.hub_ca, None);
    }

    #[test]
    fn the_hub_ca_setting_is_saved_and_loaded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("settings.toml");
        let s = Settings {
            hub_url: Some("https://hub.ward.example:8700".into()),
            hub_ca: Some(dir.path().join("city-ca.pem")),
            ..Settings::default()
        };
        s.save(&path).expect("save");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("hub_ca = "), "{text}");
        assert_eq!(Settings::load(&path), (s, None));
    }

    #[test]
    fn a_broken_settings_file_is_reported_and_the_defaults_are_used() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("settings.toml");
        std::fs::write(&path, "mode = \"teleporter\"\n").expect("write");
        let (s, error) = Settings::load(&path);
        assert_eq!(s, Settings::default());
        assert!(error.is_some_and(|e| e.contains("settings.toml")));
    }
}
