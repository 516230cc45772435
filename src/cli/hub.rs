//! `madoguchi hub`, `madoguchi demo-data` and `madoguchi user`.

use std::path::PathBuf;

use crate::api::Role;
use crate::hub::store::{Storage, WriteOp};

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct HubArgs {
    /// Back up or restore the hub's database instead of running the hub.
    #[command(subcommand)]
    pub command: Option<HubCommand>,
    /// A settings file (TOML, the keys as these options: listen, db,
    /// tls_cert, …); an option given here wins over the file.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Address to listen on; port 0 picks a free port (printed on start). Default 127.0.0.1:8700.
    #[arg(long)]
    pub listen: Option<String>,
    /// The hub's database: a SQLite file (created when missing) or a
    /// PostgreSQL URL, postgres://user:password@host/dbname (a city's hub).
    #[arg(long, required_unless_present = "config")]
    pub db: Option<PathBuf>,
    /// Serve HTTPS with this certificate (PEM; the server's certificate first,
    /// then any intermediates). Needs --tls-key.
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Close a connection that neither reads nor writes for this many seconds (default 45).
    #[arg(long)]
    pub idle_timeout: Option<u64>,
    /// Connections one client address may hold at once (a NAT'd office shares one; default 256).
    #[arg(long)]
    pub max_connections_per_address: Option<usize>,
    /// The back office's service targets per procedure (TOML, as
    /// forms/processing/targets.toml); the built-in file otherwise.
    #[arg(long)]
    pub targets: Option<PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
pub enum HubCommand {
    /// Back up the database while the hub runs: one consistent snapshot,
    /// checked, written whole.
    Backup {
        /// The hub's database.
        #[arg(long)]
        db: PathBuf,
        /// The backup file (must not exist).
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup as the hub's database (stop the hub first).
    Restore {
        /// The backup file.
        #[arg(long)]
        from: PathBuf,
        /// The hub's database to restore into.
        #[arg(long)]
        db: PathBuf,
        /// Replace an existing database (kept beside it as <db>.before-restore-<time>).
        #[arg(long)]
        force: bool,
    },
}

/// A `--db` as it may be shown: a file's path, or a URL without its password.
pub fn db_name(db: &std::path::Path) -> String {
    let text = db.to_string_lossy();
    #[cfg(feature = "server")]
    if crate::hub::postgres::is_url(&text) {
        return crate::hub::postgres::redact(&text);
    }
    text.into_owned()
}

/// The URL when `--db` names a PostgreSQL database.
fn postgres_url(db: &std::path::Path) -> Option<String> {
    let text = db.to_string_lossy();
    (text.starts_with("postgres://") || text.starts_with("postgresql://"))
        .then(|| text.into_owned())
}

fn run_command(cmd: &HubCommand) -> Result<(), String> {
    use crate::hub::sqlite::backup;
    match cmd {
        #[cfg(feature = "server")]
        HubCommand::Backup { db, out } if postgres_url(db).is_some() => {
            let url = postgres_url(db).unwrap_or_default();
            let started = std::time::Instant::now();
            let c = crate::hub::postgres::backup::backup(&url, out).map_err(|e| e.to_string())?;
            println!(
                "backup {}: {c} ({:.1} s)",
                out.display(),
                started.elapsed().as_secs_f64()
            );
        }
        #[cfg(feature = "server")]
        HubCommand::Restore { from, db, force } if postgres_url(db).is_some() => {
            let url = postgres_url(db).unwrap_or_default();
            let c = crate::hub::postgres::backup::restore(from, &url, *force)
                .map_err(|e| e.to_string())?;
            println!("restored {} from {}: {c}", db_name(db), from.display());
        }
        HubCommand::Backup { db, .. } | HubCommand::Restore { db, .. }
            if postgres_url(db).is_some() =>
        {
            return Err("this build has no PostgreSQL store".into());
        }
        HubCommand::Backup { db, out } => {
            let started = std::time::Instant::now();
            let c = backup::backup(db, out).map_err(|e| e.to_string())?;
            println!(
                "backup {}: {c} ({:.1} s)",
                out.display(),
                started.elapsed().as_secs_f64()
            );
        }
        HubCommand::Restore { from, db, force } => {
            let (c, kept) = backup::restore(from, db, *force, crate::clock::now())
                .map_err(|e| e.to_string())?;
            println!("restored {} from {}: {c}", db.display(), from.display());
            if let Some(k) = kept {
                println!("the database it replaced is kept as {}", k.display());
            }
        }
    }
    Ok(())
}

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// How many residents to generate.
    #[arg(long, default_value_t = 2000)]
    pub residents: usize,
    #[arg(long)]
    pub db: PathBuf,
    /// Seed of the generator: the same seed makes the same registry.
    #[arg(long, default_value_t = 20261122)]
    pub seed: u64,
}

#[derive(clap::Args, Debug)]
pub struct UserArgs {
    #[arg(long)]
    pub db: PathBuf,
    #[arg(long)]
    pub name: String,
    /// clerk, floor_manager, supervisor, back_office or admin.
    #[arg(long)]
    pub role: String,
    /// The password; read from MADOGUCHI_PASSWORD when absent.
    #[arg(long)]
    pub password: Option<String>,
}

pub fn run_hub(args: &HubArgs) -> Result<(), String> {
    if let Some(cmd) = &args.command {
        return run_command(cmd);
    }
    let file = match &args.config {
        Some(path) => super::hub_config::HubConfig::load(path)?,
        None => Default::default(),
    };
    let settings = Settings {
        listen: args
            .listen
            .clone()
            .or(file.listen)
            .unwrap_or_else(|| "127.0.0.1:8700".into()),
        db: args
            .db
            .clone()
            .or(file.db)
            .ok_or("--db: the hub's database is required (or db in --config)")?,
        tls_cert: args.tls_cert.clone().or(file.tls_cert),
        tls_key: args.tls_key.clone().or(file.tls_key),
        idle_timeout: args.idle_timeout.or(file.idle_timeout).unwrap_or(45),
        max_connections_per_address: args
            .max_connections_per_address
            .or(file.max_connections_per_address)
            .unwrap_or(256),
        targets: args.targets.clone().or(file.targets),
    };
    if settings.tls_cert.is_some() != settings.tls_key.is_some() {
        return Err("tls_cert and tls_key: give both, or neither".into());
    }
    serve(&settings)
}

/// The hub's settings, from the command line over the settings file.
#[cfg_attr(not(feature = "server"), allow(dead_code))]
struct Settings {
    listen: String,
    db: PathBuf,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    idle_timeout: u64,
    max_connections_per_address: usize,
    targets: Option<PathBuf>,
}

/// A counter-only build has no hub server.
#[cfg(not(feature = "server"))]
fn serve(_: &Settings) -> Result<(), String> {
    Err("this build has no hub server: the hub is in the madoguchi-hub package".into())
}

#[cfg(feature = "server")]
fn serve(args: &Settings) -> Result<(), String> {
    let db = &args.db;
    use std::io::Write as _;
    use std::sync::Arc;
    // Read the certificate first: a bad file stops the hub before it listens.
    if args.idle_timeout == 0 || args.max_connections_per_address == 0 {
        return Err("--idle-timeout and --max-connections-per-address: at least 1".into());
    }
    let limits = crate::hub::conn_guard::ConnLimits {
        idle: std::time::Duration::from_secs(args.idle_timeout),
        per_address: args.max_connections_per_address,
        ..Default::default()
    };
    if let Some(path) = &args.targets {
        let t = crate::processing::Targets::load(path).map_err(|e| e.to_string())?;
        crate::hub::db::procedures::use_targets(t);
    }
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(crate::hub::tls::server_config(cert, key)?),
        _ => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let store: Arc<dyn Storage> = crate::hub::open_store(db).map_err(|e| format!("--db: {e}"))?;
    let listener = std::net::TcpListener::bind(&args.listen)
        .map_err(|e| format!("--listen {}: {e}", args.listen))?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    if let Some(f) = crate::clock::simulated() {
        eprintln!(
            "hub: SIMULATED CLOCK from {} ({}): for tests only",
            f.display(),
            crate::clock::CLOCK_FILE
        );
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "madoguchi hub listening on {scheme}://{addr}").map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    drop(out);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        match tls {
            Some(config) => crate::hub::serve_tls(listener, store, config, limits).await,
            None => crate::hub::serve_with(listener, store, limits).await,
        }
        .map_err(|e| e.to_string())
    })
}

pub fn run_demo(args: &DemoArgs) -> Result<(), String> {
    let store = crate::hub::open_store(&args.db).map_err(|e| format!("--db: {e}"))?;
    let made = crate::demo::fill(store.as_ref(), args.seed, args.residents)?;
    println!(
        "{}: {made} synthetic residents, demo users {}",
        db_name(&args.db),
        crate::demo::DEMO_USERS.map(|u| u.0).join(", ")
    );
    Ok(())
}

pub fn run_user(args: &UserArgs) -> Result<(), String> {
    let role =
        Role::parse(&args.role).ok_or_else(|| format!("--role: unknown role '{}'", args.role))?;
    let password = match &args.password {
        Some(p) => p.clone(),
        None => std::env::var("MADOGUCHI_PASSWORD")
            .map_err(|_| "--password or MADOGUCHI_PASSWORD is needed".to_string())?,
    };
    if password.len() < 8 {
        return Err("--password: at least 8 characters".into());
    }
    let store = crate::hub::open_store(&args.db).map_err(|e| format!("--db: {e}"))?;
    let hash = crate::hub::auth::hash(&password)?;
    store
        .write(
            None,
            WriteOp::UpsertUser {
                name: args.name.clone(),
                role,
                hash,
            },
        )
        .map_err(|e| e.to_string())?;
    println!("user {} ({})", args.name, role.as_str());
    Ok(())
}
