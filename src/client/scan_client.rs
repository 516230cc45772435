//! The hub's scanned pages, from a client: a routed page placed on its case,
//! the unrouted tray, and the images the back office looks at.

use crate::api::{AssignPage, ScanInfo, ScanPlace, UnroutedPage, UnroutedPlace};

use super::hub_client::{encode, ClientError, HubClient};

/// A query string of `(name, value)` pairs, the values percent-encoded.
fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", encode(v))))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

fn parse<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, ClientError> {
    serde_json::from_value(v).map_err(|e| ClientError::Offline(e.to_string()))
}

impl HubClient {
    /// A page for its case, at the form and page its QR code names.
    pub fn add_page(
        &self,
        case_id: &str,
        place: &ScanPlace,
        content_type: &str,
        data: Vec<u8>,
    ) -> Result<ScanInfo, ClientError> {
        self.add_page_keyed(case_id, place, content_type, data, None)
    }

    /// `add_page` at most once per key (a run repeated after a crash).
    pub fn add_page_keyed(
        &self,
        case_id: &str,
        place: &ScanPlace,
        content_type: &str,
        data: Vec<u8>,
        key: Option<&str>,
    ) -> Result<ScanInfo, ClientError> {
        let q = query(&[
            ("form", place.form.clone()),
            ("page", place.page.map(|p| p.to_string())),
            ("source", place.source.clone()),
        ]);
        let path = format!("/api/cases/{}/scans{q}", encode(case_id));
        parse(self.post_image(&path, content_type, data, key)?)
    }

    /// A page nobody could place, into the tray.
    pub fn add_unrouted(
        &self,
        place: &UnroutedPlace,
        content_type: &str,
        data: Vec<u8>,
    ) -> Result<UnroutedPage, ClientError> {
        self.add_unrouted_keyed(place, content_type, data, None)
    }

    /// `add_unrouted` at most once per key.
    pub fn add_unrouted_keyed(
        &self,
        place: &UnroutedPlace,
        content_type: &str,
        data: Vec<u8>,
        key: Option<&str>,
    ) -> Result<UnroutedPage, ClientError> {
        let q = query(&[
            ("source", Some(place.source.clone())),
            ("reason", Some(place.reason.clone())),
        ]);
        parse(self.post_image(&format!("/api/unrouted{q}"), content_type, data, key)?)
    }

    /// The tray (`all`: with the pages already placed).
    pub fn unrouted(&self, all: bool) -> Result<Vec<UnroutedPage>, ClientError> {
        let path = if all {
            "/api/unrouted?all=true"
        } else {
            "/api/unrouted"
        };
        self.required(reqwest::Method::GET, path, None, None)
    }

    /// Place a tray page on a case.
    pub fn assign_page(&self, id: &str, to: &AssignPage) -> Result<ScanInfo, ClientError> {
        let body = serde_json::to_value(to).map_err(|e| ClientError::Offline(e.to_string()))?;
        self.required(
            reqwest::Method::POST,
            &format!("/api/unrouted/{}/assign", encode(id)),
            Some(&body),
            None,
        )
    }

    /// A case's scans (their places; no images).
    pub fn scans(&self, case_id: &str) -> Result<Vec<ScanInfo>, ClientError> {
        let v: serde_json::Value = self.required(
            reqwest::Method::GET,
            &format!("/api/cases/{}", encode(case_id)),
            None,
            None,
        )?;
        parse(v.get("scans").cloned().unwrap_or_default())
    }

    /// A scan's image: (content type, bytes). Audited at the hub.
    pub fn scan_image(&self, id: &str) -> Result<(String, Vec<u8>), ClientError> {
        self.get_bytes(&format!("/api/scans/{}", encode(id)))
    }

    /// A tray page's image: (content type, bytes). Audited at the hub.
    pub fn unrouted_image(&self, id: &str) -> Result<(String, Vec<u8>), ClientError> {
        self.get_bytes(&format!("/api/unrouted/{}/image", encode(id)))
    }
}
