//! Signed papers, scanned, handed to the back office with their case.
//!
//! The counter's scanner writes image files into the scan folder. When the
//! clerk finishes a visit, the pages scanned since the visit began are checked
//! (each must decode as PNG, JPEG or TIFF), moved out of the scan folder into
//! the counter's outgoing folder under the case's id, and uploaded by the sync
//! worker once the case is at the hub. A file leaves the outgoing folder only
//! when the hub has it; nothing is lost while the hub is away.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::client::{ClientError, HubClient};

/// A page found in the scan folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanFile {
    pub path: PathBuf,
    pub name: String,
}

const EXTENSIONS: [&str; 5] = ["png", "jpg", "jpeg", "tif", "tiff"];

/// Image files in `folder` changed at or after `since`, by name (scanners number their pages).
pub fn found(folder: &Path, since: SystemTime) -> Result<Vec<ScanFile>, String> {
    let entries = match std::fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", folder.display())),
    };
    let mut files: Vec<ScanFile> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| {
            e.path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
        })
        .filter(|e| {
            e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since)
        })
        .map(|e| ScanFile {
            name: e.file_name().to_string_lossy().to_string(),
            path: e.path(),
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// What is wrong with a scanned page. Shown in English by `Display` (the
/// command line, logs); the window says it in the clerk's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanProblem {
    /// The file's name (not its path: the folder is the clerk's setting).
    pub name: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file cannot be read from disk.
    Unreadable(String),
    /// Not an image at all.
    NotImage,
    /// An image, but not a scan format (the format's name).
    NotScanFormat(String),
    /// A PNG, JPEG or TIFF that does not decode to the end (a scan cut short).
    Damaged(String),
}

impl std::fmt::Display for ScanProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = &self.name;
        match &self.kind {
            ProblemKind::Unreadable(e) => write!(f, "{name}: {e}"),
            ProblemKind::NotImage => write!(f, "{name}: not a PNG, JPEG or TIFF image"),
            ProblemKind::NotScanFormat(format) => {
                write!(f, "{name}: {format} is not a scan format (PNG, JPEG, TIFF)")
            }
            ProblemKind::Damaged(e) => write!(f, "{name}: the image cannot be read ({e})"),
        }
    }
}

/// The content type of a page that decodes as an image, or what is wrong with it.
pub fn check(path: &Path) -> Result<&'static str, ScanProblem> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let problem = |kind| ScanProblem {
        name: name.clone(),
        kind,
    };
    let data = std::fs::read(path).map_err(|e| problem(ProblemKind::Unreadable(e.to_string())))?;
    let format = image::guess_format(&data).map_err(|_| problem(ProblemKind::NotImage))?;
    let content_type = match format {
        image::ImageFormat::Png => "image/png",
        image::ImageFormat::Jpeg => "image/jpeg",
        image::ImageFormat::Tiff => "image/tiff",
        other => return Err(problem(ProblemKind::NotScanFormat(format!("{other:?}")))),
    };
    // Decode the whole page: a scan cut short by the scanner is refused here,
    // not found broken at the back office.
    image::load_from_memory_with_format(&data, format)
        .map_err(|e| problem(ProblemKind::Damaged(e.to_string())))?;
    Ok(content_type)
}

/// Check every page, then move them to `outgoing/<case_id>/` in order. Nothing
/// moves unless every page is readable.
pub fn hand_over(files: &[ScanFile], outgoing: &Path, case_id: &str) -> Result<usize, String> {
    for f in files {
        check(&f.path).map_err(|e| e.to_string())?;
    }
    if files.is_empty() {
        return Ok(0);
    }
    let dir = outgoing.join(safe(case_id));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let first = next_number(&dir);
    for (i, f) in files.iter().enumerate() {
        let ext = f
            .path
            .extension()
            .and_then(|x| x.to_str())
            .unwrap_or("png")
            .to_ascii_lowercase();
        let to = dir.join(format!("{:03}.{ext}", first + i));
        move_file(&f.path, &to)?;
    }
    Ok(files.len())
}

/// Upload what waits in `outgoing`. Pages the hub took are removed; pages whose
/// case is not at the hub yet, or that meet a hub that is away, stay for the
/// next round; a page the hub refuses is moved to `outgoing/refused/`.
/// Returns (sent, still waiting).
pub fn upload(hub: &HubClient, outgoing: &Path) -> Result<(usize, usize), String> {
    let (mut sent, mut waiting) = (0, 0);
    for (case_id, pages) in waiting_pages(outgoing)? {
        let mut stop_case = false;
        for page in pages {
            if stop_case {
                waiting += 1;
                continue;
            }
            let content_type = match check(&page) {
                Ok(t) => t,
                Err(_) => {
                    refuse(outgoing, &case_id, &page)?;
                    continue;
                }
            };
            let data = std::fs::read(&page).map_err(|e| format!("{}: {e}", page.display()))?;
            match hub.upload_scan(&case_id, content_type, data) {
                Ok(_) => {
                    std::fs::remove_file(&page).map_err(|e| format!("{}: {e}", page.display()))?;
                    sent += 1;
                }
                // The page itself is refused (not an image, too large): set it aside.
                Err(ClientError::Rejected {
                    status: 400 | 413 | 415,
                    ..
                }) => refuse(outgoing, &case_id, &page)?,
                // The case is still in the outbox, the session expired, or the hub
                // is away: this case's pages wait for the next round.
                Err(e) => {
                    if matches!(e, ClientError::Rejected { status: 401, .. }) {
                        let _ = hub.login();
                    }
                    stop_case = true;
                    waiting += 1;
                }
            }
        }
        let _ = std::fs::remove_dir(outgoing.join(&case_id)); // only when empty
    }
    Ok((sent, waiting))
}

/// Pages waiting in `outgoing`, by case.
pub fn waiting_pages(outgoing: &Path) -> Result<Vec<(String, Vec<PathBuf>)>, String> {
    let entries = match std::fs::read_dir(outgoing) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", outgoing.display())),
    };
    let mut cases: Vec<(String, Vec<PathBuf>)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()) && e.file_name() != "refused")
        .map(|e| {
            let mut pages: Vec<PathBuf> = std::fs::read_dir(e.path())
                .map(|d| d.filter_map(Result::ok).map(|p| p.path()).collect())
                .unwrap_or_default();
            pages.sort();
            (e.file_name().to_string_lossy().to_string(), pages)
        })
        .filter(|(_, pages)| !pages.is_empty())
        .collect();
    cases.sort();
    Ok(cases)
}

/// How many pages wait to be sent.
pub fn count_waiting(outgoing: &Path) -> usize {
    waiting_pages(outgoing).map_or(0, |c| c.iter().map(|(_, p)| p.len()).sum())
}

/// Uploads the outgoing pages in a thread of its own, every few seconds while
/// any wait; stops when dropped.
pub struct ScanUploader {
    waiting: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    wake: std::sync::mpsc::Sender<()>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ScanUploader {
    pub fn spawn(
        hub: std::sync::Arc<HubClient>,
        outgoing: PathBuf,
    ) -> Result<ScanUploader, String> {
        use std::sync::atomic::Ordering;
        use std::sync::mpsc::RecvTimeoutError;
        let waiting = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(count_waiting(
            &outgoing,
        )));
        let (wake, woken) = std::sync::mpsc::channel::<()>();
        let count = waiting.clone();
        let thread = std::thread::Builder::new()
            .name("scans".into())
            .spawn(move || loop {
                if count_waiting(&outgoing) > 0 {
                    let _ = upload(&hub, &outgoing);
                }
                count.store(count_waiting(&outgoing), Ordering::Relaxed);
                match woken.recv_timeout(std::time::Duration::from_secs(3)) {
                    Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            })
            .map_err(|e| format!("scans thread: {e}"))?;
        Ok(ScanUploader {
            waiting,
            wake,
            thread: Some(thread),
        })
    }

    /// Pages not yet at the hub (as of the last round).
    pub fn waiting(&self) -> usize {
        self.waiting.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Try now rather than at the next round.
    pub fn wake(&self) {
        let _ = self.wake.send(());
    }
}

impl Drop for ScanUploader {
    fn drop(&mut self) {
        // Dropping the sender ends the loop at its next wait.
        let (dead, _) = std::sync::mpsc::channel();
        self.wake = dead;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn refuse(outgoing: &Path, case_id: &str, page: &Path) -> Result<(), String> {
    let dir = outgoing.join("refused").join(case_id);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = page.file_name().map(PathBuf::from).unwrap_or_default();
    move_file(page, &dir.join(name))
}

fn next_number(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count()) + 1
}

fn move_file(from: &Path, to: &Path) -> Result<(), String> {
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    // Another file system: copy, then remove the original.
    std::fs::copy(from, to).map_err(|e| format!("{} → {}: {e}", from.display(), to.display()))?;
    std::fs::remove_file(from).map_err(|e| format!("{}: {e}", from.display()))
}

/// Case ids are `20261122-A-001`; keep only what is safe in a folder name.
fn safe(case_id: &str) -> String {
    case_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(dir: &Path, name: &str) -> PathBuf {
        let img =
            image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8 * 6, y as u8 * 8, 200]));
        let path = dir.join(name);
        img.save(&path).unwrap();
        path
    }

    #[test]
    fn readable_pages_are_taken_and_broken_ones_named() {
        let dir = tempfile::tempdir().unwrap();
        let png = page(dir.path(), "001.png");
        let jpg = page(dir.path(), "002.jpg");
        assert_eq!(check(&png), Ok("image/png"));
        assert_eq!(check(&jpg), Ok("image/jpeg"));

        let cut = dir.path().join("003.png");
        let bytes = std::fs::read(&png).unwrap();
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let e = check(&cut).unwrap_err();
        assert!(matches!(e.kind, ProblemKind::Damaged(_)), "{e}");
        assert!(
            e.to_string()
                .starts_with("003.png: the image cannot be read"),
            "{e}"
        );

        let text = dir.path().join("004.png");
        std::fs::write(&text, "not an image").unwrap();
        let e = check(&text).unwrap_err();
        assert_eq!(e.kind, ProblemKind::NotImage);
        assert_eq!(e.to_string(), "004.png: not a PNG, JPEG or TIFF image");
    }

    #[test]
    fn only_new_images_are_found_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        page(dir.path(), "b.png");
        page(dir.path(), "a.jpg");
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let all = found(dir.path(), SystemTime::UNIX_EPOCH).unwrap();
        assert_eq!(
            all.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["a.jpg", "b.png"]
        );
        let later = SystemTime::now() + std::time::Duration::from_secs(60);
        assert!(found(dir.path(), later).unwrap().is_empty());
        assert!(found(&dir.path().join("missing"), SystemTime::UNIX_EPOCH)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_broken_page_stops_the_hand_over_and_nothing_moves() {
        let dir = tempfile::tempdir().unwrap();
        let scans = dir.path().join("scans");
        std::fs::create_dir_all(&scans).unwrap();
        page(&scans, "1.png");
        std::fs::write(scans.join("2.png"), "broken").unwrap();
        let files = found(&scans, SystemTime::UNIX_EPOCH).unwrap();
        let outgoing = dir.path().join("outgoing");
        assert!(hand_over(&files, &outgoing, "20261122-A-001").is_err());
        assert_eq!(found(&scans, SystemTime::UNIX_EPOCH).unwrap().len(), 2);
        assert_eq!(count_waiting(&outgoing), 0);

        std::fs::remove_file(scans.join("2.png")).unwrap();
        let files = found(&scans, SystemTime::UNIX_EPOCH).unwrap();
        assert_eq!(hand_over(&files, &outgoing, "20261122-A-001"), Ok(1));
        assert!(found(&scans, SystemTime::UNIX_EPOCH).unwrap().is_empty());
        assert_eq!(count_waiting(&outgoing), 1);
        assert!(outgoing.join("20261122-A-001").join("001.png").exists());
    }
}
