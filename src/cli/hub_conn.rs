//! How a headless command reaches the hub: its URL, the CA that signed its
//! certificate, and the password (the user is each command's own default).

use std::path::PathBuf;

use crate::client::HubClient;

#[derive(clap::Args, Debug)]
pub struct HubConn {
    /// The hub's URL.
    #[arg(long, default_value = "http://127.0.0.1:8700")]
    pub hub: String,
    /// The CA certificate (PEM) that signed the hub's HTTPS certificate.
    #[arg(long)]
    pub hub_ca: Option<PathBuf>,
    /// The password; read from MADOGUCHI_PASSWORD when absent.
    #[arg(long)]
    pub password: Option<String>,
}

impl HubConn {
    pub fn client(&self, user: &str) -> Result<HubClient, String> {
        let password = match &self.password {
            Some(p) => p.clone(),
            None => std::env::var("MADOGUCHI_PASSWORD")
                .map_err(|_| "give --password or set MADOGUCHI_PASSWORD".to_string())?,
        };
        HubClient::with_ca(&self.hub, user, &password, self.hub_ca.as_deref())
    }
}
