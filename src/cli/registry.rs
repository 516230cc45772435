//! `madoguchi registry import FILE --db hub.db`: load the residents from the
//! core system's export (columns in docs/registry-import.md). Refused lines
//! are reported by number on stderr; every other household is imported;
//! running it again changes nothing.

use std::path::PathBuf;

use crate::hub::store::WriteOp;

#[derive(clap::Subcommand, Debug)]
pub enum RegistryCommand {
    /// Import residents from a CSV file (UTF-8).
    Import(ImportArgs),
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The CSV file the core system exported.
    pub file: PathBuf,
    /// The hub's database.
    #[arg(long)]
    pub db: PathBuf,
    /// Check the file and say what would be imported; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Exit code when some lines were refused (the rest was imported).
pub const EXIT_PARTIAL: u8 = 3;

/// Households written in one transaction.
const CHUNK: usize = 2000;
/// Chunks committed together.
const CHUNKS_A_COMMIT: usize = 8;

pub fn run(cmd: &RegistryCommand) -> Result<bool, String> {
    match cmd {
        RegistryCommand::Import(args) => import(args),
    }
}

/// Whether every line was imported.
fn import(args: &ImportArgs) -> Result<bool, String> {
    let file =
        std::fs::File::open(&args.file).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let started = std::time::Instant::now();
    let today = crate::api::japan_day(crate::clock::now());
    let read =
        crate::registry_import::read_all(std::io::BufReader::with_capacity(1 << 20, file), today)
            .map_err(|e| format!("{}: {e}", args.file.display()))?;
    for e in read.errors.iter().take(1000) {
        eprintln!("{}: {e}", args.file.display());
    }
    if read.errors.len() > 1000 {
        eprintln!("… and {} more refused lines", read.errors.len() - 1000);
    }
    if !args.dry_run {
        let store = crate::hub::open_store(&args.db).map_err(|e| format!("--db: {e}"))?;
        // A few chunks a transaction: a commit (an fsync) every 16,000
        // households, and between them the hubs' own writes (on PostgreSQL,
        // every ward's) go on instead of waiting for the whole file.
        let chunks: Vec<_> = read.households.chunks(CHUNK).collect();
        for group in chunks.chunks(CHUNKS_A_COMMIT) {
            let ops = group
                .iter()
                .map(|c| (None, WriteOp::ImportHouseholds(c.to_vec())))
                .collect();
            for r in store.write_many(ops) {
                r.map_err(|e| format!("--db: {e}"))?;
            }
        }
    }
    println!(
        "{}: {} line(s) read, {} household(s) with {} resident(s) {}, {} line(s) refused ({:.1} s)",
        args.file.display(),
        read.lines,
        read.households.len(),
        read.residents,
        if args.dry_run {
            "would be imported"
        } else {
            "imported"
        },
        read.errors.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(read.errors.is_empty())
}
