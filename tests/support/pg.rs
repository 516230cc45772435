//! Throwaway PostgreSQL clusters for the tests, each in its own temporary
//! directory on its own port (Debian's postgresql package, through
//! tests/support/pg-cluster.sh).
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

use madoguchi::hub::db::sql::Sql;
use madoguchi::hub::postgres::PgConn;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/pg-cluster.sh");

/// A PostgreSQL cluster of this test's own; stopped when dropped.
pub struct Cluster {
    dir: tempfile::TempDir,
    pub port: u16,
}

impl Cluster {
    pub fn new() -> Cluster {
        let dir = tempfile::Builder::new()
            .prefix("madoguchi-pg-")
            .tempdir_in("/tmp")
            .expect("tempdir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("bind")
            .local_addr()
            .expect("addr")
            .port();
        Cluster { dir, port }
    }

    pub fn start() -> Cluster {
        let c = Cluster::new();
        c.up();
        c
    }

    /// A standby streaming from `primary` (pg_basebackup -R), running.
    pub fn standby_of(primary: &Cluster) -> Cluster {
        let c = Cluster::new();
        c.script(&["standby", &c.port.to_string(), &primary.port.to_string()]);
        c
    }

    pub fn promote(&self) {
        self.script(&["promote"]);
    }

    pub fn script(&self, args: &[&str]) {
        let out = Command::new("sh")
            .arg(SCRIPT)
            .arg(args[0])
            .arg(self.data())
            .args(&args[1..])
            .output()
            .expect("pg-cluster.sh");
        assert!(
            out.status.success(),
            "pg-cluster.sh {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn up(&self) {
        let out = Command::new("sh")
            .args([SCRIPT, "start"])
            .arg(self.data())
            .arg(self.port.to_string())
            .output()
            .expect("pg-cluster.sh");
        assert!(
            out.status.success(),
            "PostgreSQL did not start (apt-get install postgresql): {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn down(&self) {
        let out = Command::new("sh")
            .args([SCRIPT, "stop"])
            .arg(self.data())
            .output()
            .expect("pg-cluster.sh");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A new empty database; its URL.
    pub fn database(&self, name: &str) -> String {
        let admin = PgConn::connect(&self.url("postgres")).expect("connect");
        admin
            .batch(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        self.url(name)
    }

    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("sh")
            .args([SCRIPT, "stop"])
            .arg(self.data())
            .output();
    }
}
