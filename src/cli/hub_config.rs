//! The hub's settings file (`/etc/madoguchi/hub.toml` in the Linux package):
//! the same settings as `madoguchi hub`'s options; an option given on the
//! command line wins over the file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HubConfig {
    pub listen: Option<String>,
    pub db: Option<PathBuf>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub idle_timeout: Option<u64>,
    pub max_connections_per_address: Option<usize>,
    pub targets: Option<PathBuf>,
}

impl HubConfig {
    /// Read a settings file; an unknown key or a wrong type is an error that
    /// names the file and the key.
    pub fn load(path: &Path) -> Result<HubConfig, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("--config {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("--config {}: {}", path.display(), e.message()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_packaged_file_and_refuses_unknown_keys() {
        let packaged = include_str!("../../packaging/linux/hub.toml");
        let c: HubConfig = toml::from_str(packaged).expect("the packaged hub.toml reads");
        assert_eq!(
            c.db.as_deref(),
            Some(Path::new("/var/lib/madoguchi/hub.db"))
        );
        assert!(toml::from_str::<HubConfig>("lisen = \"x\"").is_err());
    }
}
