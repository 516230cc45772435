//! Sending a PDF to the system print spooler (CUPS `lp` on Linux and macOS).

use std::path::Path;
use std::process::Command;

/// Submit `pdf` to `printer`; the spooler's job id on success.
pub fn submit(pdf: &Path, printer: &str) -> Result<String, String> {
    let out = Command::new("lp")
        .arg("-d")
        .arg(printer)
        .arg(pdf)
        .output()
        .map_err(|e| format!("no printer available: cannot run the print spooler 'lp' ({e})"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(format!("no printer available: lp: {}", stderr.trim()));
    }
    // "request id is office-42 (1 file(s))"
    stdout
        .split_whitespace()
        .skip_while(|w| *w != "is")
        .nth(1)
        .map(str::to_string)
        .ok_or_else(|| format!("lp gave no job id: {}", stdout.trim()))
}
