//! One window per data directory: the first start holds a lock on a file in
//! the data directory for as long as it runs (the OS drops the lock when the
//! process ends, even under kill -9); a second start over the same directory
//! leaves a request for the first to come forward, says so and exits, so two
//! processes never open the same cache and drafts.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// The lock file in the data directory.
const LOCK: &str = "instance.lock";
/// Left by a second start: the running window comes forward.
const RAISE: &str = "raise-window";

/// Held while this process is the one instance.
#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
}

#[derive(Debug)]
pub enum Instance {
    /// This process is the one: keep the lock for as long as it runs.
    First(InstanceLock),
    /// Another process runs over this directory; it was asked to come forward.
    Running,
}

/// Take the data directory for this process, or ask the one that has it to
/// come forward.
pub fn claim(data_dir: &Path) -> std::io::Result<Instance> {
    std::fs::create_dir_all(data_dir)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data_dir.join(LOCK))?;
    match file.try_lock() {
        Ok(()) => {
            // A request left before this start is stale.
            let _ = std::fs::remove_file(raise_file(data_dir));
            Ok(Instance::First(InstanceLock { _file: file }))
        }
        Err(TryLockError::WouldBlock) => {
            std::fs::write(raise_file(data_dir), b"")?;
            Ok(Instance::Running)
        }
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Whether a second start asked this window to come forward (the request is
/// taken: it answers once).
pub fn raise_requested(data_dir: &Path) -> bool {
    std::fs::remove_file(raise_file(data_dir)).is_ok()
}

fn raise_file(data_dir: &Path) -> PathBuf {
    data_dir.join(RAISE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_over_the_same_directory_asks_the_first_to_come_forward() {
        let dir = tempfile::tempdir().unwrap();
        let first = claim(dir.path()).unwrap();
        assert!(matches!(first, Instance::First(_)));
        assert!(!raise_requested(dir.path()));
        assert!(matches!(claim(dir.path()).unwrap(), Instance::Running));
        assert!(raise_requested(dir.path()), "the first is asked");
        assert!(!raise_requested(dir.path()), "once");
        drop(first);
        assert!(
            matches!(claim(dir.path()).unwrap(), Instance::First(_)),
            "free again when the first ends"
        );
    }
}
