//! Bad input to `madoguchi print` and `eligibility`, bounded: absurd sizes are
//! refused at once with the field named, and a failed print leaves nothing
//! behind (no part file with personal data, no older PDF under the name).

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_madoguchi");

fn seed() -> Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-move-in-address.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

fn print(dir: &Path, doc: &str, out: &Path) -> (Output, Duration) {
    let input = dir.join("in.json");
    std::fs::write(&input, doc).expect("write");
    let started = Instant::now();
    let output = Command::new(BIN)
        .args(["print", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(out)
        .output()
        .expect("print");
    (output, started.elapsed())
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".part") || n.ends_with(".pdf"))
        .collect()
}

#[test]
fn absurd_sizes_are_refused_at_once_with_the_field_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("batch.pdf");
    // A household of 24,000 members.
    let mut doc = seed();
    let one = doc["household"]["members"][1].clone();
    let members: Vec<Value> = (0..24_000)
        .map(|i| {
            let mut m = one.clone();
            m["id"] = json!(format!("x{i}"));
            m["relation"] = json!("child");
            m
        })
        .collect();
    let mut big = doc.clone();
    big["household"]["members"] = json!(members);
    // 24,000 members are more than the 256 KB a request may be: refused before parsing.
    let (o, took) = print(dir.path(), &big.to_string(), &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("input"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
    // 31 members fit in the size but not in a household.
    let members: Vec<Value> = (0..31)
        .map(|i| {
            let mut m = one.clone();
            m["id"] = json!(format!("y{i}"));
            m["relation"] = json!("child");
            m
        })
        .collect();
    let mut many = doc.clone();
    many["household"]["members"] = json!(members);
    many["household"]["members"][0]["relation"] = json!("head");
    let (o, _) = print(dir.path(), &many.to_string(), &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("household.members") && err.contains("at most 30"),
        "{err}"
    );
    // A 5 MB address.
    doc["household"]["address"] = json!("大".repeat(5 * 1024 * 1024 / 3));
    let (o, took) = print(dir.path(), &doc.to_string(), &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(took < Duration::from_secs(5), "{took:?}");
    // A 300-character address (small input, long field).
    let mut long = seed();
    long["household"]["address"] = json!("大".repeat(300));
    let (o, _) = print(dir.path(), &long.to_string(), &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("household.address") && err.contains("200"),
        "{err}"
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn a_failed_print_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    // --out names a folder: refused, and no `<out>.pdf.part` with personal data.
    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).expect("mkdir");
    let (o, _) = print(dir.path(), &seed().to_string(), &folder);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("folder"));
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    // A good batch first; then a run that fails must not leave it under the name.
    let out = dir.path().join("batch.pdf");
    let (o, _) = print(dir.path(), &seed().to_string(), &out);
    assert!(o.status.success());
    assert!(out.exists());
    let mut doc = seed();
    doc["household"]["address"] = json!("大手町".repeat(60)); // too long for its box
    let (o, _) = print(dir.path(), &doc.to_string(), &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("removed"), "{err}");
    assert!(
        !out.exists(),
        "the earlier PDF is not left to be taken for this batch"
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}
