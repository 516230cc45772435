//! The scan files in a folder: what a scanner has finished writing there.

use std::path::{Path, PathBuf};

/// The kinds of files a scanner writes, by extension (any case).
const SCAN_EXTENSIONS: [&str; 6] = ["pdf", "tif", "tiff", "png", "jpg", "jpeg"];

/// The scan files directly in `folder`, sorted by name (scanners number their
/// files). Left out: subfolders, hidden files (`.name`, as the scanner's or
/// the system's own), files of other kinds, and files still being written,
/// which scanners and copy tools name `*.part`, `*.tmp`, `*.crdownload` or
/// `~name` until they are complete. A folder that cannot be read has no scans.
pub fn files_in(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| is_scan_name(p))
        .collect();
    files.sort();
    files
}

fn is_scan_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with('.') || name.starts_with('~') {
        return false;
    }
    // `scan.pdf.part` has the extension `part`: left out here.
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SCAN_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finished_scan_files_sorted_by_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in [
            "scan-002.PDF",
            "scan-001.pdf",
            "page.tif",
            "page.TIFF",
            "photo.jpeg",
            "photo.JPG",
            "p.png",
            "scan-003.pdf.part",
            "scan-004.pdf.tmp",
            "scan-005.pdf.crdownload",
            ".scan-006.pdf",
            "~scan-007.pdf",
            "notes.txt",
            "noext",
        ] {
            std::fs::write(dir.path().join(name), b"x").expect("write");
        }
        std::fs::create_dir(dir.path().join("old.pdf")).expect("subfolder");
        std::fs::write(dir.path().join("old.pdf").join("inner.pdf"), b"x").expect("write");
        let names: Vec<String> = files_in(dir.path())
            .iter()
            .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
            .collect();
        assert_eq!(
            names,
            [
                "p.png",
                "page.TIFF",
                "page.tif",
                "photo.JPG",
                "photo.jpeg",
                "scan-001.pdf",
                "scan-002.PDF"
            ]
        );
    }

    #[test]
    fn a_missing_folder_has_no_scans() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(files_in(&dir.path().join("nowhere")).is_empty());
    }
}
