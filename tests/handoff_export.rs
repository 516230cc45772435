//! The hand-off of a day with 50 cases, over a real hub and the real binary:
//! `madoguchi export` writes one CSV per procedure kind, the scans and a
//! manifest; the CSVs read back agree with the cases (every row is a member
//! concerned, with the facts the counter entered, every character of every
//! name kept); the checksums verify and a changed byte is caught; a second run
//! changes nothing; every case read is in the audit log.

#[path = "support/hub.rs"]
mod hub;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use madoguchi::api::{CaseSubmission, CaseTimings, ScanPlace};
use madoguchi::client::HubClient;
use madoguchi::handoff::{csv, japan_day, verify};
use madoguchi::model::Request;
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

fn head_change() -> Value {
    json!({
        "as_of": "2026-11-24",
        "event": {"kind": "household_change", "date": "2026-11-20", "change": "head_change",
                  "new_head_id": "w", "notifier_id": "w"},
        "household": {"ward": "戸畑区", "postal_code": "8040067", "address": "汐井町1番6号",
          "members": [
            {"id": "h", "name": "沢見 隆", "kana": "サワミ タカシ", "birth_date": "1950-02-02",
             "sex": "male", "relation": "head", "health_insurance": "late_elderly"},
            {"id": "w", "name": "沢見 和子", "kana": "サワミ カズコ", "birth_date": "1955-06-06",
             "sex": "female", "relation": "spouse", "health_insurance": "nhi"}]}
    })
}

/// Surnames a registry really holds: 髙 and 﨑 (outside JIS X 0208), 𠮷 (outside the BMP).
const SURNAMES: [&str; 5] = ["髙橋", "山﨑", "𠮷田", "渡邊", "齋藤"];

/// The i-th case's request: one of five events, its members renamed.
fn request(i: usize) -> Request {
    let mut doc = match i % 5 {
        0 => fixture("seed-move-in-address.json"),
        1 => fixture("move-out.json"),
        2 => fixture("death-head.json"),
        3 => fixture("birth-second-child.json"),
        _ => head_change(),
    };
    let surname = SURNAMES[i % SURNAMES.len()];
    for m in doc["household"]["members"].as_array_mut().expect("members") {
        let given = m["name"]
            .as_str()
            .and_then(|n| n.split(' ').nth(1))
            .unwrap_or("太郎")
            .to_string();
        m["name"] = json!(format!("{surname} {given}{}", i / 5));
    }
    madoguchi::input::parse_request(&doc.to_string())
        .expect("request")
        .request
}

fn export(url: &str, out: &Path, what: &[&str]) -> String {
    let o = Command::new(hub::BIN)
        .args([
            "export",
            "--hub",
            url,
            "--user",
            "backoffice",
            "--password",
            "backoffice-demo",
            "--out",
        ])
        .arg(out)
        .args(what)
        .output()
        .expect("export");
    let stdout = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout
}

fn table(dir: &Path, file: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let text = std::fs::read_to_string(dir.join(file)).expect(file);
    assert!(!text.starts_with('\u{feff}'), "no BOM");
    let rows = csv::parse(&text).expect("csv");
    let header = rows[0].clone();
    let records = rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "{file}: a row of {} fields", r.len());
            header.iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect();
    (header, records)
}

#[test]
fn a_day_of_fifty_cases_is_handed_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = hub::demo_db(dir.path(), 50);
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "3").expect("clerk");
    let bo = HubClient::new(&hub.url, "backoffice", "backoffice-demo").expect("bo");
    let (texts, catalogs) = madoguchi::load_rules(None).expect("rules");

    let mut cases: Vec<CaseSubmission> = Vec::new();
    for i in 0..50 {
        let req = request(i);
        let catalog = catalogs.in_effect(req.as_of).expect("catalog");
        let determination = madoguchi::determine(&req, catalog, &texts, "ja");
        let confirmed = madoguchi::engine::default_confirmed(&determination);
        let case = CaseSubmission {
            id: format!("20261130-A-{i:03}"),
            ticket_id: None,
            household_id: None,
            counter: "3".into(),
            request: req,
            determination,
            confirmed,
            forms_printed: vec![],
            timings: CaseTimings::default(),
            revision: 0,
        };
        clerk.submit_case(&case).expect("submit");
        cases.push(case);
    }
    // Three cases with a signed page each.
    let png = {
        let img = image::GrayImage::from_pixel(30, 40, image::Luma([200]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png)
            .expect("png");
        out.into_inner()
    };
    for c in cases.iter().take(3) {
        let place = ScanPlace {
            form: Some("resident_move".into()),
            page: Some(2),
            source: None,
        };
        bo.add_page(&c.id, &place, "image/png", png.clone())
            .expect("page");
    }

    let day = japan_day(chrono::Utc::now()).to_string();
    let out = dir.path().join("out");
    let said = export(&hub.url, &out, &["--day", &day]);
    let pkg = out.join(format!("handoff-{day}"));
    assert!(said.contains("50 case(s), 3 scan(s)"), "{said}");
    // To read the package by hand: MADOGUCHI_HANDOFF_OUT=dir keeps a copy.
    if let Some(keep) = std::env::var_os("MADOGUCHI_HANDOFF_OUT") {
        export(&hub.url, Path::new(&keep), &["--day", &day]);
    }

    // The manifest lists every file with its checksum, and they verify.
    let manifest = verify(&pkg).expect("checksums");
    assert_eq!(manifest.cases.len(), 50);
    let listed: BTreeSet<&str> = manifest.files.iter().map(|f| f.name.as_str()).collect();
    for f in ["juki_ido.csv", "kokuho_shikaku.csv", "jidoteate_nintei.csv"] {
        assert!(listed.contains(f), "{f} in {listed:?}");
    }
    assert_eq!(listed.iter().filter(|f| f.starts_with("scans/")).count(), 3);
    let on_disk = walk(&pkg);
    let mut expected: BTreeSet<String> = listed.iter().map(|s| s.to_string()).collect();
    expected.insert("manifest.json".into());
    assert_eq!(on_disk, expected, "nothing more, nothing less");

    // Every row is a member concerned of its case, as the counter entered them.
    let by_id: BTreeMap<&str, &CaseSubmission> = cases.iter().map(|c| (c.id.as_str(), c)).collect();
    let (header, juki) = table(&pkg, "juki_ido.csv");
    assert_eq!(header[0], "届出ID");
    let mut per_case: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &juki {
        let case = by_id[r["届出ID"].as_str()];
        let m = case
            .request
            .household
            .members
            .iter()
            .find(|m| m.name == r["氏名"])
            .unwrap_or_else(|| panic!("{} is not of case {}", r["氏名"], case.id));
        assert_eq!(r["生年月日"], m.birth_date.to_string());
        assert_eq!(
            r["性別"],
            if m.sex == madoguchi::model::Sex::Male {
                "1"
            } else {
                "2"
            }
        );
        assert!(case.confirmed.contains(&r["手続ID"]), "{r:?}");
        let code = match (r["手続ID"].as_str(), case.request.event.kind) {
            ("koseki.death", _) => "23",
            ("koseki.birth", _) => "03",
            (_, madoguchi::model::EventKind::MoveIn) => "01",
            (_, madoguchi::model::EventKind::MoveOut) => "21",
            _ => "53",
        };
        assert_eq!(r["異動事由"], code, "{r:?}");
        // The filer is never the deceased.
        let dead = case.request.event.deceased_id.as_deref();
        let dead_name = case
            .request
            .household
            .members
            .iter()
            .find(|m| Some(m.id.as_str()) == dead);
        assert!(dead_name.is_none_or(|d| d.name != r["届出人氏名"]), "{r:?}");
        match r["異動事由"].as_str() {
            // A death's row is the deceased's; a birth's the newborn's.
            "23" => assert_eq!(Some(m.id.as_str()), dead),
            "03" => assert_eq!(
                Some(m.id.as_str()),
                case.request.event.newborn_id.as_deref()
            ),
            // After a change of head, the new head is 02 and named as head.
            "53" => {
                let new_head = case
                    .request
                    .event
                    .new_head_id
                    .clone()
                    .or_else(|| {
                        // After the head's death: the surviving spouse.
                        case.request
                            .household
                            .members
                            .iter()
                            .find(|x| x.relation == madoguchi::model::Relation::Spouse)
                            .map(|x| x.id.clone())
                    })
                    .expect("a new head");
                let head = case.request.household.member(&new_head).expect("member");
                assert_eq!(r["世帯主の氏名"], head.name, "{r:?}");
                assert_eq!(r["世帯主フラグ"] == "1", m.id == new_head, "{r:?}");
                if m.id == new_head {
                    assert_eq!(r["続柄コード1"], "02");
                }
            }
            _ => {}
        }
        assert_eq!(r["異動年月日"], case.request.event.date.to_string());
        *per_case
            .entry((case.id.clone(), r["手続ID"].clone()))
            .or_default() += 1;
    }
    // As many rows as the procedure concerns members (those it names, or the
    // members who move, never the deceased), for every 住民異動届 procedure.
    for c in &cases {
        for p in c
            .confirmed
            .iter()
            .filter(|p| p.starts_with("resident.") || p.starts_with("household."))
        {
            let named = &c.determination.procedure(p).expect("determined").members;
            let want = if named.is_empty() {
                let dead = c.request.event.deceased_id.as_deref();
                c.request
                    .household
                    .members
                    .iter()
                    .filter(|m| m.moving && Some(m.id.as_str()) != dead)
                    .count()
            } else {
                named.len()
            };
            assert_eq!(
                per_case
                    .get(&(c.id.clone(), p.clone()))
                    .copied()
                    .unwrap_or(0),
                want,
                "{} {p}",
                c.id
            );
        }
    }
    assert!(
        juki.iter().any(|r| r["氏名"].starts_with("𠮷田")),
        "𠮷 kept"
    );
    assert!(
        juki.iter().any(|r| r["氏名"].starts_with("山﨑")),
        "﨑 kept"
    );

    // Required items left empty are listed for the back office (the death
    // fixture has no address): never silently.
    let manifest_text = std::fs::read_to_string(pkg.join("manifest.json")).unwrap();
    for r in juki
        .iter()
        .filter(|r| r["住所_全文"].is_empty() && r["異動事由"] != "23")
    {
        assert!(
            manifest_text.contains(&format!("\"case\": \"{}\"", r["届出ID"])),
            "{r:?} not checked"
        );
    }
    assert!(!manifest.checks.is_empty());

    // 国保: the deceased loses it the day after the death (44 死亡); a
    // move-out on the move date (41 転出).
    let (_, kokuho) = table(&pkg, "kokuho_shikaku.csv");
    let deaths: Vec<_> = kokuho
        .iter()
        .filter(|r| r["手続ID"] == "nhi.loss")
        .collect();
    assert!(!deaths.is_empty());
    for r in kokuho.iter().filter(|r| r["国保資格喪失事由"] == "41") {
        let case = by_id[r["届出ID"].as_str()];
        assert_eq!(r["国保資格喪失年月日"], case.request.event.date.to_string());
    }
    for r in deaths {
        let case = by_id[r["届出ID"].as_str()];
        assert_eq!(r["国保資格喪失事由"], "44");
        assert_eq!(
            r["国保資格喪失年月日"],
            case.request.event.date.succ_opt().unwrap().to_string()
        );
        let dead = case.request.event.deceased_id.as_deref();
        let m = case
            .request
            .household
            .members
            .iter()
            .find(|m| m.name == r["氏名"])
            .unwrap();
        assert_eq!(Some(m.id.as_str()), dead, "the loss is the deceased's");
    }

    // 児童手当: one row per child, the claimant repeated.
    let (_, jido) = table(&pkg, "jidoteate_nintei.csv");
    for r in &jido {
        let case = by_id[r["請求ID"].as_str()];
        let child = case
            .request
            .household
            .members
            .iter()
            .find(|m| m.name == r["児童_氏名"])
            .unwrap();
        assert_eq!(child.relation, madoguchi::model::Relation::Child, "{r:?}");
        assert!(!r["請求者_氏名"].is_empty());
    }

    // Every case was read by the back office, and the reads are audited.
    let supervisor = HubClient::new(&hub.url, "supervisor", "supervisor-demo").expect("sv");
    let audit = supervisor.audit(500).expect("audit");
    let read: BTreeSet<&str> = audit
        .iter()
        .filter(|a| a.user == "backoffice" && a.action == "read case")
        .filter_map(|a| a.case_id.as_deref())
        .collect();
    assert_eq!(read.len(), 50);

    // Again: nothing changes (the files are not even rewritten).
    let before = std::fs::metadata(pkg.join("manifest.json"))
        .unwrap()
        .modified()
        .unwrap();
    let manifest_bytes = std::fs::read(pkg.join("manifest.json")).unwrap();
    export(&hub.url, &out, &["--day", &day]);
    assert_eq!(
        std::fs::read(pkg.join("manifest.json")).unwrap(),
        manifest_bytes
    );
    assert_eq!(
        std::fs::metadata(pkg.join("manifest.json"))
            .unwrap()
            .modified()
            .unwrap(),
        before
    );
    assert_eq!(
        walk(&out).iter().filter(|p| p.starts_with('.')).count(),
        0,
        "no part files left"
    );

    // A changed byte is caught.
    let path = pkg.join("juki_ido.csv");
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    assert!(verify(&pkg).is_err(), "a changed file fails its checksum");
    // And an export repairs it.
    export(&hub.url, &out, &["--day", &day]);
    verify(&pkg).expect("rewritten");

    // One case alone.
    export(&hub.url, &out, &["--case", "20261130-A-002"]);
    let one = verify(&out.join("handoff-case-20261130-A-002")).expect("one case");
    assert_eq!(one.cases, ["20261130-A-002"]);
}

fn walk(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir)
                        .expect("under the package")
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out
}

/// docs/handoff.md names every column of every layout (the docs cannot fall
/// behind the code unnoticed).
#[test]
fn the_docs_name_every_column() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/handoff.md"))
        .expect("docs/handoff.md");
    let layouts = madoguchi::handoff::layouts::LAYOUTS;
    let all = layouts
        .iter()
        .flat_map(|l| l.columns.iter())
        .chain(madoguchi::handoff::layouts::OTHER_COLUMNS.iter());
    for c in all {
        assert!(
            doc.contains(&format!("| {c} |"))
                || doc.contains(&format!("{c},"))
                || doc.contains(&format!(", {c} |")),
            "{c} not in docs/handoff.md"
        );
    }
}
