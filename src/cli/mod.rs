//! The headless commands of the `madoguchi` binary. Each does what the GUI
//! does, through the same library functions.
#![allow(clippy::print_stdout)]

mod counter;
mod eligibility;
mod export;
mod hub;
mod hub_config;
mod hub_conn;
mod print;
mod registry;
mod route_scans;
mod tally;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "madoguchi",
    version,
    about = "One-stop counter (窓口) for Japanese ward offices"
)]
pub struct Cli {
    /// With no command, the counter window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Push-type service determination: household + life event (JSON) → procedures (JSON).
    Eligibility(eligibility::Args),
    /// Print the visit's batch: guidance sheet and pre-filled forms, as one PDF.
    Print(print::Args),
    /// Run the hub: the server the counters of a ward share.
    Hub(hub::HubArgs),
    /// Fill a hub database with a synthetic registry and the demo users.
    DemoData(hub::DemoArgs),
    /// Add or change a hub user.
    User(hub::UserArgs),
    /// A counter without its window: issue tickets through the outbox, sync, status.
    #[command(subcommand)]
    Counter(counter::CounterCommand),
    /// Load and validate a rule catalog; print what it contains.
    CheckCatalog(eligibility::CheckArgs),
    /// The day's tally from a hub, as the supervisor's PDF.
    Tally(tally::Args),
    /// The hand-off package of a day (or a case) for the core systems: CSVs, scans, manifest.
    Export(export::Args),
    /// Route a scanner's pages by their QR codes: each to its case, the rest to the unrouted tray.
    RouteScans(route_scans::Args),
    /// The resident registry: import the core system's export.
    #[command(subcommand)]
    Registry(registry::RegistryCommand),
}

#[cfg(feature = "gui")]
fn window() -> ExitCode {
    match crate::ui::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("the window could not open: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A build without the window (the hub's package).
#[cfg(not(feature = "gui"))]
fn window() -> ExitCode {
    eprintln!("this build has no window (the hub's package): run `madoguchi hub --db …`, or see `madoguchi --help`");
    ExitCode::from(EXIT_BAD_INPUT)
}

/// Exit code for bad input (the eligibility contract).
pub const EXIT_BAD_INPUT: u8 = 2;

/// Exit code of a second window start over the same data directory.
pub const EXIT_ALREADY_RUNNING: u8 = 4;

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_BAD_INPUT } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let Some(command) = cli.command else {
        if cfg!(not(feature = "gui")) {
            return window();
        }
        // One window per data directory (its cache and drafts).
        let data = crate::paths::data_dir();
        let _lock = match crate::instance::claim(&data) {
            Ok(crate::instance::Instance::First(lock)) => lock,
            Ok(crate::instance::Instance::Running) => {
                eprintln!(
                    "madoguchi is already running for {}; its window was asked to come forward",
                    data.display()
                );
                return ExitCode::from(EXIT_ALREADY_RUNNING);
            }
            Err(e) => {
                eprintln!("the data directory {} cannot be used: {e}", data.display());
                return ExitCode::FAILURE;
            }
        };
        return window();
    };
    let result = match command {
        Command::Eligibility(args) => eligibility::run(&args),
        Command::CheckCatalog(args) => eligibility::check(&args),
        Command::Hub(args) => hub::run_hub(&args),
        Command::DemoData(args) => hub::run_demo(&args),
        Command::User(args) => hub::run_user(&args),
        Command::Counter(cmd) => counter::run(&cmd),
        Command::Tally(args) => tally::run(&args),
        Command::Export(args) => export::run(&args),
        Command::RouteScans(args) => route_scans::run(&args),
        Command::Registry(cmd) => match registry::run(&cmd) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::from(registry::EXIT_PARTIAL),
            Err(e) => Err(e),
        },
        Command::Print(args) => match print::run(&args) {
            Ok(print::Outcome::Written) => Ok(()),
            Ok(print::Outcome::NotPrinted(message)) => {
                eprintln!("{}", one_line(&message));
                return ExitCode::from(print::EXIT_NOT_PRINTED);
            }
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{}", one_line(&message));
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// Error messages are one line: the contract promises it and scripts rely on it.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
