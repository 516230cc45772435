//! `madoguchi route-scans FOLDER`: a scanner's output (multi-page PDF, TIFF,
//! images) read page by page; each page placed on its case at the form and
//! page its QR code names, or put in the back office's unrouted tray with the
//! reason. One line per page on stdout; each file handled moves to
//! `FOLDER/done/` (a file that cannot be read to `FOLDER/problems/`), and
//! every move is appended to `FOLDER/route-scans.log`. Nothing is deleted. A
//! file whose pages could not all reach the hub stays for the next run; its
//! pages sent already are not sent twice (idempotency keys).

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::Digest as _;

use crate::api::{ScanPlace, UnroutedPlace};
use crate::client::{ClientError, HubClient};
use crate::scan_pages::PageMark;
use crate::scan_route::{
    files_in, line, read_mark, Known, Outcome, Router, ScanFile, UnroutedReason,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder the scanner writes to.
    pub folder: PathBuf,
    #[command(flatten)]
    pub conn: super::hub_conn::HubConn,
    /// A back-office or supervisor user.
    #[arg(long, default_value = "backoffice")]
    pub user: String,
    /// Keep watching: look for new files every this many seconds.
    #[arg(long)]
    pub watch: Option<u64>,
}

pub fn run(args: &Args) -> Result<(), String> {
    if !args.folder.is_dir() {
        return Err(format!("{}: not a folder", args.folder.display()));
    }
    let hub = args.conn.client(&args.user)?;
    hub.login().map_err(|e| e.to_string())?;
    loop {
        let (routed, unrouted, kept) = route_folder(&hub, &args.folder)?;
        eprintln!("routed {routed}, unrouted {unrouted}, files left for the next run {kept}");
        match args.watch {
            Some(secs) => std::thread::sleep(std::time::Duration::from_secs(secs.max(1))),
            None => return Ok(()),
        }
    }
}

/// The (form, page) places a case has pages at, with where each page came
/// from; None: no such case at the hub.
type Places = Option<HashMap<(String, u32), Option<String>>>;

/// What the hub knows of a case: its pages' places, or that it has no such case.
struct Cases<'a> {
    hub: &'a HubClient,
    known: RefCell<HashMap<String, Places>>,
}

impl Cases<'_> {
    fn with<T>(&self, mark: &PageMark, f: impl FnOnce(&Places) -> T) -> T {
        let mut cache = self.known.borrow_mut();
        let entry = cache.entry(mark.case.clone()).or_insert_with(|| {
            self.hub.scans(&mark.case).ok().map(|scans| {
                scans
                    .into_iter()
                    .filter_map(|s| Some(((s.form?, s.page?), s.source)))
                    .collect()
            })
        });
        f(entry)
    }

    fn known(&self, mark: &PageMark) -> Known {
        self.with(mark, |places| match places {
            None => Known::UnknownCase,
            Some(p) if p.contains_key(&(mark.form.clone(), mark.page as u32)) => Known::Attached,
            Some(_) => Known::Expected,
        })
    }

    /// Whether this very page (file and page) was placed there by an earlier
    /// run that stopped before moving its file.
    fn placed_from(&self, mark: &PageMark, source: &str) -> bool {
        self.with(mark, |places| {
            places.as_ref().is_some_and(|p| {
                p.get(&(mark.form.clone(), mark.page as u32))
                    .is_some_and(|s| s.as_deref() == Some(source))
            })
        })
    }
}

/// A file whose size has not changed for a moment (the scanner is done with it).
fn settled(path: &Path) -> bool {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).ok();
    let before = size(path);
    std::thread::sleep(std::time::Duration::from_millis(300));
    before.is_some() && before == size(path)
}

fn png(img: &image::GrayImage) -> Result<Vec<u8>, String> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// Route every settled file of the folder: (pages routed, pages unrouted,
/// files left for the next run).
pub fn route_folder(hub: &HubClient, folder: &Path) -> Result<(usize, usize, usize), String> {
    let cases = Cases {
        hub,
        known: RefCell::new(HashMap::new()),
    };
    let (mut routed, mut unrouted, mut kept) = (0, 0, 0);
    for file in files_in(folder).into_iter().filter(|f| settled(f)) {
        match route_file(hub, &cases, &file) {
            Ok((r, u, readable)) => {
                routed += r;
                unrouted += u;
                let to = if readable { "done" } else { "problems" };
                let moved = move_into(folder, &file, to)?;
                log(
                    folder,
                    &format!(
                        "{}\t{r} routed\t{u} unrouted\t→ {}",
                        file.display(),
                        moved.display()
                    ),
                );
            }
            // The hub went away: the file stays, its sent pages are not sent again.
            Err(e) => {
                kept += 1;
                eprintln!("{}: kept for the next run ({e})", file.display());
                log(folder, &format!("{}\tkept: {e}", file.display()));
            }
        }
    }
    Ok((routed, unrouted, kept))
}

/// One file: (routed, unrouted, whether it could be read at all).
fn route_file(
    hub: &HubClient,
    cases: &Cases<'_>,
    file: &Path,
) -> Result<(usize, usize, bool), ClientError> {
    let data = std::fs::read(file).map_err(|e| ClientError::Offline(e.to_string()))?;
    let digest = crate::hub::auth::hex(&sha2::Sha256::digest(&data));
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let pages = match ScanFile::from_bytes(file, data) {
        Ok(p) => p,
        Err(e) => {
            let outcome = Outcome::Unrouted {
                source: file.to_path_buf(),
                page: None,
                reason: UnroutedReason::Unreadable(e),
            };
            println!("{}", line(&outcome));
            return Ok((0, 1, false));
        }
    };
    let mut router = Router::new(|m: &PageMark| cases.known(m));
    let (mut routed, mut unrouted) = (0, 0);
    for read in pages {
        let (image, outcome) = match read {
            Ok(page) => {
                let mark = read_mark(&page.image);
                let here = format!("{name}#{}", page.page);
                if let Some(m) = mark.as_ref().filter(|m| cases.placed_from(m, &here)) {
                    // Sent by an earlier run: routed then, nothing to send.
                    let outcome = Outcome::Routed {
                        source: page.source.clone(),
                        page: page.page,
                        mark: m.clone(),
                    };
                    println!("{}", line(&outcome));
                    routed += 1;
                    continue;
                }
                let outcome = router.judge(page.source.clone(), page.page, mark);
                (Some(page.image), outcome)
            }
            Err(bad) => {
                let outcome = Outcome::Unrouted {
                    source: bad.source,
                    page: Some(bad.page),
                    reason: UnroutedReason::Unreadable(bad.error),
                };
                (None, outcome)
            }
        };
        let page_no = outcome.page().unwrap_or(1);
        let source = format!("{name}#{page_no}");
        let key = format!("route-scans {digest} {page_no}");
        let outcome = match (&outcome, &image) {
            (Outcome::Routed { mark, .. }, Some(img)) => {
                let place = ScanPlace {
                    form: Some(mark.form.clone()),
                    page: Some(mark.page as u32),
                    source: Some(source.clone()),
                };
                let bytes = png(img).map_err(ClientError::Offline)?;
                match hub.add_page_keyed(&mark.case, &place, "image/png", bytes, Some(&key)) {
                    Ok(_) => outcome.clone(),
                    // Placed meanwhile by someone else, or gone: the tray.
                    Err(ClientError::Rejected { status: 409, .. }) => Outcome::Unrouted {
                        source: outcome.source().to_path_buf(),
                        page: Some(page_no),
                        reason: UnroutedReason::Duplicate(mark.clone()),
                    },
                    Err(ClientError::Rejected { status: 404, .. }) => Outcome::Unrouted {
                        source: outcome.source().to_path_buf(),
                        page: Some(page_no),
                        reason: UnroutedReason::UnknownCase(mark.case.clone()),
                    },
                    Err(e) => return Err(e),
                }
            }
            _ => outcome.clone(),
        };
        if let (Outcome::Unrouted { reason, .. }, Some(img)) = (&outcome, &image) {
            let place = UnroutedPlace {
                source,
                reason: reason.to_string(),
            };
            let bytes = png(img).map_err(ClientError::Offline)?;
            hub.add_unrouted_keyed(&place, "image/png", bytes, Some(&format!("{key} tray")))?;
        }
        match outcome {
            Outcome::Routed { .. } => routed += 1,
            Outcome::Unrouted { .. } => unrouted += 1,
        }
        println!("{}", line(&outcome));
    }
    Ok((routed, unrouted, true))
}

/// Move `file` into `folder/<sub>/`, never over another file.
fn move_into(folder: &Path, file: &Path, sub: &str) -> Result<PathBuf, String> {
    let dir = folder.join(sub);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = file
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let mut to = dir.join(&name);
    let mut n = 1;
    while to.exists() {
        to = dir.join(format!("{n}-{name}"));
        n += 1;
    }
    std::fs::rename(file, &to).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(to)
}

/// Append a line to the folder's log (the moves are never silent).
fn log(folder: &Path, line: &str) {
    let at = (chrono::Utc::now() + chrono::Duration::hours(9)).format("%Y-%m-%d %H:%M:%S");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(folder.join("route-scans.log"))
    {
        let _ = writeln!(f, "{at}\t{line}");
    }
}
