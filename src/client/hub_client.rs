//! A blocking HTTP client of the hub, used from the counter's sync thread.

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use reqwest::blocking::{Client, ClientBuilder};
use reqwest::{Certificate, Method};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api::*;

#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// The hub could not be reached, or failed on its side: try again later.
    Offline(String),
    /// The hub refused the request (4xx): trying again will not help.
    Rejected { status: u16, message: String },
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::Offline(m) => write!(f, "hub unreachable: {m}"),
            ClientError::Rejected { status, message } => {
                write!(f, "hub refused ({status}): {message}")
            }
        }
    }
}

impl std::error::Error for ClientError {}

pub struct HubClient {
    base: String,
    http: Client,
    /// The city's own CA, when the hub's certificate is signed by it: then the
    /// only root trusted for the hub (HTTPS). None: the platform's roots.
    ca: Option<Vec<Certificate>>,
    user: String,
    password: String,
    /// The counter this client serves (sent at login: the hub binds the session to it).
    counter: Option<String>,
    token: Mutex<Option<String>>,
}

impl HubClient {
    pub fn new(base: &str, user: &str, password: &str) -> Result<HubClient, String> {
        HubClient::with_ca(base, user, password, None)
    }

    /// A client that trusts only the CA certificate(s) in the PEM file `ca` for
    /// the hub's HTTPS certificate (a city's own CA); `None` is [`HubClient::new`].
    /// A hub certificate that does not verify against it is refused.
    pub fn with_ca(
        base: &str,
        user: &str,
        password: &str,
        ca: Option<&Path>,
    ) -> Result<HubClient, String> {
        let ca = ca.map(read_ca).transpose()?;
        let http = builder(ca.as_deref())
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| format!("http client: {e}"))?;
        Ok(HubClient {
            base: base.trim_end_matches('/').to_string(),
            http,
            ca,
            user: user.to_string(),
            password: password.to_string(),
            counter: None,
            token: Mutex::new(None),
        })
    }

    /// A client for a counter: its sessions may call and serve tickets for
    /// `counter` only.
    pub fn for_counter(
        base: &str,
        user: &str,
        password: &str,
        counter: &str,
    ) -> Result<HubClient, String> {
        HubClient::for_counter_with_ca(base, user, password, counter, None)
    }

    /// [`HubClient::for_counter`] trusting the CA of [`HubClient::with_ca`].
    pub fn for_counter_with_ca(
        base: &str,
        user: &str,
        password: &str,
        counter: &str,
        ca: Option<&Path>,
    ) -> Result<HubClient, String> {
        let mut c = HubClient::with_ca(base, user, password, ca)?;
        c.counter = Some(counter.to_string()).filter(|c| !c.trim().is_empty());
        Ok(c)
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// A builder of another HTTP client to the same hub (the event stream's),
    /// trusting what this one trusts.
    pub fn http_builder(&self) -> ClientBuilder {
        builder(self.ca.as_deref())
    }

    pub fn login(&self) -> Result<LoginResponse, ClientError> {
        let body = serde_json::json!({
            "user": self.user,
            "password": self.password,
            "counter": self.counter,
        });
        let (_, v) = self.raw(Method::POST, "/api/login", Some(&body), None, None)?;
        let login: LoginResponse = serde_json::from_value(v)
            .map_err(|e| ClientError::Offline(format!("login reply: {e}")))?;
        if let Ok(mut t) = self.token.lock() {
            *t = Some(login.token.clone());
        }
        Ok(login)
    }

    /// The session token, logging in when there is none yet.
    pub fn token(&self) -> Result<String, ClientError> {
        match self.current_token() {
            Some(t) => Ok(t),
            None => Ok(self.login()?.token),
        }
    }

    fn current_token(&self) -> Option<String> {
        self.token.lock().ok().and_then(|t| t.clone())
    }

    fn raw(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        key: Option<&str>,
        token: Option<&str>,
    ) -> Result<(u16, Value), ClientError> {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(k) = key {
            req = req.header(IDEMPOTENCY_HEADER, k);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let resp = req
            .send()
            .map_err(|e| ClientError::Offline(e.to_string()))?;
        let status = resp.status().as_u16();
        let text = resp
            .text()
            .map_err(|e| ClientError::Offline(e.to_string()))?;
        let value: Value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        if (500..600).contains(&status) || status == 408 || status == 429 {
            return Err(ClientError::Offline(format!(
                "{status}: {}",
                error_text(&value)
            )));
        }
        if (400..500).contains(&status) {
            return Err(ClientError::Rejected {
                status,
                message: error_text(&value),
            });
        }
        Ok((status, value))
    }

    /// A request with the session token, logging in first or again when needed.
    pub fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> Result<(u16, Value), ClientError> {
        let token = match self.current_token() {
            Some(t) => t,
            None => self.login()?.token,
        };
        match self.raw(method.clone(), path, body, key, Some(&token)) {
            Err(ClientError::Rejected { status: 401, .. }) => {
                let token = self.login()?.token;
                self.raw(method, path, body, key, Some(&token))
            }
            other => other,
        }
    }

    fn typed<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> Result<Option<T>, ClientError> {
        let (status, v) = self.send(method, path, body, key)?;
        if status == 204 {
            return Ok(None);
        }
        serde_json::from_value(v)
            .map(Some)
            .map_err(|e| ClientError::Offline(format!("unexpected reply to {path}: {e}")))
    }

    pub(crate) fn required<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> Result<T, ClientError> {
        self.typed(method, path, body, key)?
            .ok_or_else(|| ClientError::Offline(format!("empty reply to {path}")))
    }

    pub fn health(&self) -> Result<Health, ClientError> {
        let (_, v) = self.raw(Method::GET, "/health", None, None, None)?;
        serde_json::from_value(v).map_err(|e| ClientError::Offline(e.to_string()))
    }

    pub fn queue(&self) -> Result<QueueView, ClientError> {
        self.queue_pages("/api/queue")
    }

    /// The queue of another day (Japan time), as it ended.
    pub fn queue_on(&self, day: chrono::NaiveDate) -> Result<QueueView, ClientError> {
        self.queue_pages(&format!("/api/queue?day={day}"))
    }

    /// Every page of a queue view, joined.
    fn queue_pages(&self, first: &str) -> Result<QueueView, ClientError> {
        let mut view: QueueView = self.required(Method::GET, first, None, None)?;
        // At most 50 pages: a day of 4 categories at the hub's 5000 each.
        for _ in 0..50 {
            let Some(offset) = view.next_offset.take() else {
                break;
            };
            let page: QueueView = self.required(
                Method::GET,
                &format!("/api/queue?day={}&offset={offset}", view.day),
                None,
                None,
            )?;
            view.tickets.extend(page.tickets);
            view.next_offset = page.next_offset;
        }
        Ok(view)
    }

    /// End this client's session at the hub.
    pub fn logout(&self) -> Result<(), ClientError> {
        let token = self.token.lock().ok().and_then(|mut t| t.take());
        if let Some(t) = token {
            self.raw(Method::POST, "/api/logout", None, None, Some(&t))?;
        }
        Ok(())
    }

    pub fn issue(&self, req: &IssueTicket, key: Option<&str>) -> Result<Ticket, ClientError> {
        self.required(Method::POST, "/api/tickets", Some(&to_value(req)), key)
    }

    pub fn call_next(
        &self,
        req: &CallNext,
        key: Option<&str>,
    ) -> Result<Option<Ticket>, ClientError> {
        self.typed(
            Method::POST,
            "/api/tickets/call-next",
            Some(&to_value(req)),
            key,
        )
    }

    pub fn act(
        &self,
        id: &str,
        req: &TicketActionRequest,
        key: Option<&str>,
    ) -> Result<Ticket, ClientError> {
        self.required(
            Method::POST,
            &format!("/api/tickets/{id}/actions"),
            Some(&to_value(req)),
            key,
        )
    }

    pub fn search(&self, q: &ResidentQuery) -> Result<Vec<ResidentHit>, ClientError> {
        let mut params = Vec::new();
        let mut add = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                params.push(format!("{k}={}", encode(&v)));
            }
        };
        add("kana", q.kana.clone());
        add("name", q.name.clone());
        add("birth_date", q.birth_date.map(|d| d.to_string()));
        add("address", q.address.clone());
        add("ticket", q.ticket.clone());
        add("limit", q.limit.map(|l| l.to_string()));
        self.required(
            Method::GET,
            &format!("/api/residents?{}", params.join("&")),
            None,
            None,
        )
    }

    pub fn household(
        &self,
        id: &str,
        ticket: Option<&str>,
    ) -> Result<HouseholdRecord, ClientError> {
        let q = ticket
            .map(|t| format!("?ticket={}", encode(t)))
            .unwrap_or_default();
        self.required(
            Method::GET,
            &format!("/api/households/{}{q}", encode(id)),
            None,
            None,
        )
    }

    pub fn submit_case(&self, case: &CaseSubmission) -> Result<CaseSummary, ClientError> {
        // One key per revision: a reopened case is a new request, not a replay.
        let key = match case.revision {
            0 => case.id.clone(),
            n => format!("{}~r{n}", case.id),
        };
        self.required(
            Method::POST,
            "/api/cases",
            Some(&to_value(case)),
            Some(&key),
        )
    }

    /// How far the back office has taken a case (a read of the case: audited).
    pub fn case_status(&self, id: &str) -> Result<CaseStatus, ClientError> {
        let v: Value = self.required(
            Method::GET,
            &format!("/api/cases/{}", encode(id)),
            None,
            None,
        )?;
        v.get("summary")
            .and_then(|s| s.get("status"))
            .and_then(Value::as_str)
            .and_then(CaseStatus::parse)
            .ok_or_else(|| ClientError::Offline("the hub's case has no status".into()))
    }

    pub fn inbox(&self, status: Option<CaseStatus>) -> Result<Vec<CaseSummary>, ClientError> {
        let q = status
            .map(|s| format!("?status={}", s.as_str()))
            .unwrap_or_default();
        self.required(Method::GET, &format!("/api/cases{q}"), None, None)
    }

    pub fn set_case_status(
        &self,
        id: &str,
        status: CaseStatus,
    ) -> Result<CaseSummary, ClientError> {
        self.required(
            Method::POST,
            &format!("/api/cases/{}/status", encode(id)),
            Some(&serde_json::json!({ "status": status })),
            None,
        )
    }

    /// Send outbox entries in one request; the hub applies them in order.
    pub fn batch(&self, ops: &[BatchOp]) -> Result<BatchReply, ClientError> {
        let body = to_value(&BatchRequest { ops: ops.to_vec() });
        self.required(Method::POST, "/api/batch", Some(&body), None)
    }

    pub fn audit(&self, limit: u32) -> Result<Vec<AuditEntry>, ClientError> {
        self.required(
            Method::GET,
            &format!("/api/audit?limit={limit}"),
            None,
            None,
        )
    }

    /// Upload a scanned page (PNG, JPEG or TIFF) to a case.
    pub fn upload_scan(
        &self,
        case_id: &str,
        content_type: &str,
        data: Vec<u8>,
    ) -> Result<ScanInfo, ClientError> {
        let v = self.post_image(
            &format!("/api/cases/{}/scans", encode(case_id)),
            content_type,
            data,
            None,
        )?;
        serde_json::from_value(v).map_err(|e| ClientError::Offline(e.to_string()))
    }

    /// POST an image body to `path` (with its query); the answer's JSON.
    pub(crate) fn post_image(
        &self,
        path: &str,
        content_type: &str,
        data: Vec<u8>,
        key: Option<&str>,
    ) -> Result<Value, ClientError> {
        let token = match self.current_token() {
            Some(t) => t,
            None => self.login()?.token,
        };
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, content_type);
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        let resp = req
            .body(data)
            .send()
            .map_err(|e| ClientError::Offline(e.to_string()))?;
        let status = resp.status().as_u16();
        let v: Value = resp.json().unwrap_or(Value::Null);
        if status >= 400 {
            return Err(refusal(status, &v));
        }
        Ok(v)
    }

    /// GET the bytes at `path`: (content type, body).
    pub(crate) fn get_bytes(&self, path: &str) -> Result<(String, Vec<u8>), ClientError> {
        let token = match self.current_token() {
            Some(t) => t,
            None => self.login()?.token,
        };
        let resp = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .map_err(|e| ClientError::Offline(e.to_string()))?;
        let status = resp.status().as_u16();
        if status >= 400 {
            let v: Value = resp.json().unwrap_or(Value::Null);
            return Err(refusal(status, &v));
        }
        let content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let bytes = resp
            .bytes()
            .map_err(|e| ClientError::Offline(e.to_string()))?;
        Ok((content_type, bytes.to_vec()))
    }

    /// The tally of `day` (today when `None`). A supervisor's includes the
    /// cases; other roles get the queue only.
    pub fn daily_tally(
        &self,
        day: Option<chrono::NaiveDate>,
    ) -> Result<crate::tally::DailyTally, ClientError> {
        let login = self.login()?;
        let view = match day {
            Some(d) => self.queue_on(d),
            None => self.queue(),
        }?;
        let cases = if login.role == crate::api::Role::Supervisor {
            Some(self.cases_of_day(view.day)?)
        } else {
            None
        };
        let mut tally = crate::tally::tally(&view, cases.as_deref(), crate::clock::now());
        // The back office's side: any role may read the stages (no resident data).
        let of_day = self.procedures(&crate::processing::WorkFilter {
            day: Some(view.day),
            ..Default::default()
        });
        let open = self.procedures(&crate::processing::WorkFilter::default());
        if let (Ok(of_day), Ok(open)) = (of_day, open) {
            let today = crate::handoff::japan_day(chrono::Utc::now());
            tally.processing = Some(crate::tally::processing(&of_day, &open, today));
        }
        Ok(tally)
    }
}

fn builder(ca: Option<&[Certificate]>) -> ClientBuilder {
    let b = Client::builder().connect_timeout(Duration::from_secs(2));
    match ca {
        Some(certs) => b.tls_certs_only(certs.iter().cloned()),
        None => b,
    }
}

/// The CA certificates of a PEM file; an error names the file.
fn read_ca(path: &Path) -> Result<Vec<Certificate>, String> {
    let pem = std::fs::read(path).map_err(|e| format!("hub CA {}: {e}", path.display()))?;
    let certs = Certificate::from_pem_bundle(&pem)
        .map_err(|e| format!("hub CA {}: not a PEM certificate ({e})", path.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "hub CA {}: no PEM certificate (-----BEGIN CERTIFICATE-----) in the file",
            path.display()
        ));
    }
    Ok(certs)
}

/// An answer of 400 and over: refused (4xx), or the hub failing (5xx, as offline).
fn refusal(status: u16, body: &Value) -> ClientError {
    if status >= 500 {
        ClientError::Offline(error_text(body))
    } else {
        ClientError::Rejected {
            status,
            message: error_text(body),
        }
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn error_text(v: &Value) -> String {
    v.get("error")
        .and_then(Value::as_str)
        .map_or_else(|| v.to_string(), str::to_string)
}

/// Percent-encoding for query values and path segments.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
