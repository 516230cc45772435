//! The hub over HTTPS, real processes on loopback: a city CA and a hub
//! certificate for 127.0.0.1/localhost made at test time. A counter that trusts
//! the CA logs in and reads the queue; one that does not is refused; plain HTTP,
//! garbage and stalled connections on the HTTPS port get nothing and the hub
//! goes on; a bad certificate or key stops the hub with a clear error.

#[path = "support/hub.rs"]
mod hub;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use hub::{demo_db, HubProcess, BIN};
use madoguchi::client::{ClientError, HubClient};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use reqwest::blocking::Client;

/// A CA and a hub certificate it signed, as PEM files.
struct Pki {
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

fn pki(dir: &Path, name: &str) -> Pki {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, format!("{name} city CA (test)"));
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca =
        CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("ca key")).expect("ca");

    let key = KeyPair::generate().expect("hub key");
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".into()])
        .expect("hub params");
    params
        .distinguished_name
        .push(DnType::CommonName, "madoguchi hub (test)");
    let cert = params.signed_by(&key, &ca).expect("hub cert");

    let files = Pki {
        ca: dir.join(format!("{name}-ca.pem")),
        cert: dir.join(format!("{name}-hub.pem")),
        key: dir.join(format!("{name}-hub.key")),
    };
    std::fs::write(&files.ca, ca.pem()).expect("write ca");
    std::fs::write(&files.cert, cert.pem()).expect("write cert");
    std::fs::write(&files.key, key.serialize_pem()).expect("write key");
    files
}

fn start_tls(dir: &Path, p: &Pki) -> HubProcess {
    let db = demo_db(dir, 50);
    let hub = HubProcess::start_with_args(
        &db,
        "127.0.0.1:0",
        &[
            "--tls-cert",
            p.cert.to_str().expect("path"),
            "--tls-key",
            p.key.to_str().expect("path"),
        ],
    );
    assert!(hub.url.starts_with("https://127.0.0.1:"), "{}", hub.url);
    hub
}

fn trusting(ca: &Path) -> Client {
    let pem = std::fs::read(ca).expect("ca");
    Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&pem).expect("pem")])
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

fn health_ok(client: &Client, url: &str) -> bool {
    client
        .get(format!("{url}/health"))
        .send()
        .ok()
        .filter(|r| r.status().is_success())
        .and_then(|r| r.json::<madoguchi::api::Health>().ok())
        .is_some_and(|h| h.status == "ok")
}

#[test]
fn with_the_city_ca_trusted_health_login_and_the_queue_work_over_https() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = pki(dir.path(), "kokura");
    let hub = start_tls(dir.path(), &p);

    assert!(health_ok(&trusting(&p.ca), &hub.url), "health over https");
    let localhost = hub.url.replace("127.0.0.1", "localhost");
    assert!(health_ok(&trusting(&p.ca), &localhost), "the DNS name too");

    let clerk = HubClient::with_ca(&hub.url, "clerk", "clerk-demo", Some(&p.ca)).expect("client");
    let login = clerk.login().expect("login over https");
    assert_eq!(login.user, "clerk");
    let queue = clerk.queue().expect("queue over https");
    assert!(queue.tickets.is_empty(), "a fresh hub has no tickets");
    let ticket = clerk.issue(&hub::walk_in("A"), None).expect("issue");
    assert_eq!(
        clerk.queue().expect("queue").tickets[0].id,
        ticket.id,
        "the write went through"
    );

    // The headless counter and the tally take the CA as --hub-ca.
    let cache = dir.path().join("counter.db");
    let out = Command::new(BIN)
        .args(["counter", "issue", "--db", cache.to_str().expect("p")])
        .args(["--hub", &hub.url, "--hub-ca", p.ca.to_str().expect("p")])
        .args([
            "--password",
            "clerk-demo",
            "--count",
            "2",
            "--timeout-s",
            "30",
        ])
        .output()
        .expect("counter issue");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(clerk.queue().expect("queue").tickets.len(), 3);
    let pdf = dir.path().join("tally.pdf");
    let out = Command::new(BIN)
        .args([
            "tally",
            "--hub",
            &hub.url,
            "--hub-ca",
            p.ca.to_str().expect("p"),
        ])
        .args([
            "--password",
            "supervisor-demo",
            "--out",
            pdf.to_str().expect("p"),
        ])
        .output()
        .expect("tally");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));
    // Without the CA the tally gets nothing and says so.
    let out = Command::new(BIN)
        .args(["tally", "--hub", &hub.url, "--password", "supervisor-demo"])
        .args(["--out", dir.path().join("no.pdf").to_str().expect("p")])
        .output()
        .expect("tally");
    assert!(!out.status.success());
    assert!(!dir.path().join("no.pdf").exists());
}

#[test]
fn a_client_that_does_not_trust_the_ca_gets_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = pki(dir.path(), "kokura");
    let other = pki(dir.path(), "elsewhere");
    let hub = start_tls(dir.path(), &p);

    // The platform's roots do not hold the city's CA.
    let plain = HubClient::new(&hub.url, "clerk", "clerk-demo").expect("client");
    match plain.login() {
        Err(ClientError::Offline(m)) => assert!(!m.contains("token"), "{m}"),
        other => panic!("logged in without trusting the CA: {other:?}"),
    }
    // Another city's CA does not vouch for this hub either.
    let wrong =
        HubClient::with_ca(&hub.url, "clerk", "clerk-demo", Some(&other.ca)).expect("client");
    assert!(matches!(wrong.login(), Err(ClientError::Offline(_))));
    assert!(!health_ok(&trusting(&other.ca), &hub.url));
    // Nor is the hub's own certificate a CA to trust for anything.
    assert!(matches!(
        HubClient::with_ca(&hub.url, "clerk", "clerk-demo", Some(&p.key)),
        Err(e) if e.contains("hub CA") && e.contains("hub.key")
    ));
    // The hub is fine: the right CA still works.
    assert!(health_ok(&trusting(&p.ca), &hub.url));
}

#[test]
fn plain_http_garbage_and_stalled_clients_get_nothing_and_the_hub_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = pki(dir.path(), "kokura");
    let hub = start_tls(dir.path(), &p);
    let port = hub.port();
    let good = trusting(&p.ca);

    // A connection that never speaks holds only itself.
    let stalled = TcpStream::connect(("127.0.0.1", port)).expect("connect");

    // Plain HTTP to the HTTPS port: no JSON, no data.
    let http = Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let plain_url = hub.url.replace("https://", "http://");
    match http.get(format!("{plain_url}/api/queue")).send() {
        Err(_) => {}
        Ok(r) => {
            let status = r.status();
            let body = r.text().unwrap_or_default();
            assert!(!status.is_success(), "plain http got {status}");
            assert!(!body.contains("tickets"), "{body}");
        }
    }

    // Garbage, a cut-off handshake, many at once.
    let garbage: Vec<std::thread::JoinHandle<Vec<u8>>> = (0..20)
        .map(|i| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                s.set_read_timeout(Some(Duration::from_secs(5))).ok();
                let junk: Vec<u8> = if i % 2 == 0 {
                    (0..4096u32).map(|b| (b * 7 + i) as u8).collect()
                } else {
                    // The start of a TLS ClientHello, then nothing more.
                    vec![
                        0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03,
                    ]
                };
                let _ = s.write_all(&junk);
                if i % 2 == 0 {
                    let _ = s.shutdown(std::net::Shutdown::Write);
                }
                let mut back = Vec::new();
                let _ = s.read_to_end(&mut back);
                back
            })
        })
        .collect();

    // While those hang or fail, an honest client is served.
    assert!(health_ok(&good, &hub.url), "served during the garbage");
    for g in garbage {
        let back = g.join().expect("garbage thread");
        let text = String::from_utf8_lossy(&back);
        assert!(
            !text.contains("\"status\"") && !text.contains("tickets"),
            "{text}"
        );
    }
    drop(stalled);

    // And after: the hub is alive and answers, still over HTTPS.
    assert!(health_ok(&good, &hub.url), "served after the garbage");
    let clerk = HubClient::with_ca(&hub.url, "clerk", "clerk-demo", Some(&p.ca)).expect("client");
    clerk.queue().expect("queue after the garbage");
}

fn hub_fails(args: &[&str], db: &Path) -> (i32, String) {
    let out = Command::new(BIN)
        .args([
            "hub",
            "--listen",
            "127.0.0.1:0",
            "--db",
            db.to_str().expect("path"),
        ])
        .args(args)
        .output()
        .expect("run hub");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.stdout.is_empty(), "it must not say it listens");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), stderr)
}

#[test]
fn a_bad_key_or_certificate_stops_the_hub_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = pki(dir.path(), "kokura");
    let other = pki(dir.path(), "elsewhere");
    let db = dir.path().join("hub.db");
    let bad_key = dir.path().join("broken.key");
    std::fs::write(&bad_key, "this is not a key\n").expect("write");
    let (cert, key) = (p.cert.to_str().expect("p"), p.key.to_str().expect("p"));

    let (code, e) = hub_fails(
        &[
            "--tls-cert",
            cert,
            "--tls-key",
            bad_key.to_str().expect("p"),
        ],
        &db,
    );
    assert_ne!(code, 0);
    assert!(e.contains("--tls-key") && e.contains("broken.key"), "{e}");
    assert!(e.contains("no PEM private key"), "{e}");

    // A key of another certificate.
    let (code, e) = hub_fails(
        &[
            "--tls-cert",
            cert,
            "--tls-key",
            other.key.to_str().expect("p"),
        ],
        &db,
    );
    assert_ne!(code, 0);
    assert!(
        e.contains("elsewhere-hub.key") && e.contains("not usable"),
        "{e}"
    );

    // A missing certificate, a key where the certificate should be.
    let missing = dir.path().join("missing.pem");
    let (code, e) = hub_fails(
        &["--tls-cert", missing.to_str().expect("p"), "--tls-key", key],
        &db,
    );
    assert_ne!(code, 0);
    assert!(e.contains("--tls-cert") && e.contains("missing.pem"), "{e}");
    let (code, e) = hub_fails(&["--tls-cert", key, "--tls-key", key], &db);
    assert_ne!(code, 0);
    assert!(
        e.contains("--tls-cert") && e.contains("no PEM certificate"),
        "{e}"
    );

    // One without the other is a usage error.
    let (code, e) = hub_fails(&["--tls-key", key], &db);
    assert_ne!(code, 0);
    assert!(e.contains("--tls-cert"), "{e}");
}
