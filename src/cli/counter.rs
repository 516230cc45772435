//! `madoguchi counter …`: a counter without its window, for scripts, load and
//! fault tests: issue tickets through the local cache and outbox, drain it, report.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::client::{drain, Counter, Drain, HubClient, LocalCache, SyncWorker};

#[derive(clap::Args, Debug)]
pub struct Common {
    /// The counter's local cache (SQLite); default: in the platform data directory
    /// (or $MADOGUCHI_HOME).
    #[arg(long, default_value_os_t = crate::paths::cache_db())]
    pub db: PathBuf,
    /// The hub's URL.
    #[arg(long, default_value = "http://127.0.0.1:8700")]
    pub hub: String,
    /// The CA certificate (PEM) that signed the hub's HTTPS certificate.
    #[arg(long)]
    pub hub_ca: Option<PathBuf>,
    #[arg(long, default_value = "clerk")]
    pub user: String,
    /// The password; read from MADOGUCHI_PASSWORD when absent.
    #[arg(long)]
    pub password: Option<String>,
    /// The counter's id at the hub.
    #[arg(long, default_value = "1")]
    pub counter: String,
    /// The prefix of ticket numbers this counter makes.
    #[arg(long, default_value = "K1")]
    pub prefix: String,
}

#[derive(clap::Subcommand, Debug)]
pub enum CounterCommand {
    /// Issue tickets (each committed locally with its outbox entry) while syncing.
    Issue {
        #[command(flatten)]
        common: Common,
        #[arg(long, default_value_t = 1)]
        count: usize,
        #[arg(long, default_value = "A")]
        category: String,
        /// Pause between tickets.
        #[arg(long, default_value_t = 0)]
        delay_ms: u64,
        /// Exit without waiting for the outbox to drain.
        #[arg(long)]
        no_wait: bool,
        /// Give up waiting for the hub after this many seconds.
        #[arg(long, default_value_t = 120)]
        timeout_s: u64,
    },
    /// Drain the outbox to the hub.
    Sync {
        #[command(flatten)]
        common: Common,
        #[arg(long, default_value_t = 120)]
        timeout_s: u64,
    },
    /// Print the outbox counts.
    Status {
        #[arg(long, default_value_os_t = crate::paths::cache_db())]
        db: PathBuf,
    },
}

fn client(c: &Common) -> Result<Arc<HubClient>, String> {
    let password = match &c.password {
        Some(p) => p.clone(),
        None => std::env::var("MADOGUCHI_PASSWORD").unwrap_or_default(),
    };
    HubClient::for_counter_with_ca(&c.hub, &c.user, &password, &c.counter, c.hub_ca.as_deref())
        .map(Arc::new)
}

/// Drain until empty or `timeout`, retrying while the hub is away.
fn drain_until_empty(
    db: &std::path::Path,
    hub: &HubClient,
    timeout: Duration,
) -> Result<(), String> {
    let mut cache = LocalCache::open(db)?;
    let start = Instant::now();
    let mut backoff = Duration::from_millis(100);
    loop {
        match drain(&mut cache, hub)? {
            Drain::Empty { .. } => return Ok(()),
            Drain::Offline { error, .. } => {
                if start.elapsed() > timeout {
                    return Err(format!(
                        "hub unreachable for {}s: {error}; {} changes wait",
                        timeout.as_secs(),
                        cache.counts()?.pending
                    ));
                }
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(2));
            }
        }
    }
}

pub fn run(cmd: &CounterCommand) -> Result<(), String> {
    match cmd {
        CounterCommand::Issue {
            common,
            count,
            category,
            delay_ms,
            no_wait,
            timeout_s,
        } => {
            let hub = client(common)?;
            let worker = if *no_wait {
                None
            } else {
                Some(SyncWorker::spawn(common.db.clone(), hub.clone())?)
            };
            let mut counter = Counter::new(
                LocalCache::open(&common.db)?,
                hub.clone(),
                &common.counter,
                &common.prefix,
            )?;
            for i in 0..*count {
                let t = counter.issue_ticket(category, false)?;
                println!("issued {} {}", i + 1, t.number);
                if let Some(w) = &worker {
                    w.wake();
                }
                if *delay_ms > 0 {
                    std::thread::sleep(Duration::from_millis(*delay_ms));
                }
            }
            drop(worker);
            if !*no_wait {
                drain_until_empty(&common.db, &hub, Duration::from_secs(*timeout_s))?;
            }
            let c = LocalCache::open(&common.db)?.counts()?;
            println!("pending {} sent {} failed {}", c.pending, c.sent, c.failed);
            Ok(())
        }
        CounterCommand::Sync { common, timeout_s } => {
            let hub = client(common)?;
            drain_until_empty(&common.db, &hub, Duration::from_secs(*timeout_s))?;
            let c = LocalCache::open(&common.db)?.counts()?;
            println!("pending {} sent {} failed {}", c.pending, c.sent, c.failed);
            Ok(())
        }
        CounterCommand::Status { db } => {
            let cache = LocalCache::open(db)?;
            let c = cache.counts()?;
            println!("pending {} sent {} failed {}", c.pending, c.sent, c.failed);
            for (path, error) in cache.failures()? {
                println!("failed {path}: {error}");
            }
            Ok(())
        }
    }
}
