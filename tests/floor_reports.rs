//! Three simulated days at a real hub (a fake clock moves the hub to each
//! day), then the supervisor's reports from the command line: the day's
//! tally and the period report as PDF (read with pdftotext, rendered with
//! pdftoppm) and CSV, their figures against the test's own arithmetic.

#[path = "support/hub.rs"]
mod hub;
#[path = "support/ui.rs"]
mod ui;

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use madoguchi::api::{CallNext, CaseSubmission, CaseTimings, TicketAction, TicketActionRequest};
use madoguchi::catalog::Mode;
use madoguchi::client::HubClient;

fn at(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    Utc.from_local_datetime(&day.and_hms_opt(h, m, 0).expect("time"))
        .single()
        .expect("time")
        - Duration::hours(9)
}

/// What the test expects of one category over the period.
#[derive(Default, Debug)]
struct Expect {
    called: usize,
    within: usize,
    needed: usize,
    at_counter: usize,
}

fn tally(hub_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(hub::BIN)
        .arg("tally")
        .args(["--hub", hub_url, "--password", "supervisor-demo"])
        .args(args)
        .output()
        .expect("tally")
}

fn render(pdf: &Path, page: u32) -> image::RgbImage {
    let stem = pdf.file_stem().and_then(|s| s.to_str()).expect("stem");
    let out = pdf.with_file_name(format!("{stem}-p{page}"));
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            "50",
            "-png",
            "-singlefile",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(pdf)
        .arg(&out)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    image::open(pdf.with_file_name(format!("{stem}-p{page}.png")))
        .expect("png")
        .to_rgb8()
}

fn dark_share(img: &image::RgbImage, y0: f32, y1: f32) -> f64 {
    let (w, h) = img.dimensions();
    let (a, b) = ((h as f32 * y0) as u32, (h as f32 * y1) as u32);
    let mut dark = 0usize;
    for y in a..b {
        for x in 0..w {
            if img.get_pixel(x, y).0[0] < 200 {
                dark += 1;
            }
        }
    }
    dark as f64 / ((b - a) * w) as f64
}

#[test]
fn three_days_make_a_period_report_that_adds_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let today = madoguchi::api::japan_day(Utc::now());
    let days: Vec<NaiveDate> = (0..3).rev().map(|k| today - Duration::days(k)).collect();
    let clock = dir.path().join("clock");
    madoguchi::clock::write(&clock, at(days[0], 8, 30)).expect("clock");
    std::env::set_var(madoguchi::clock::CLOCK_FILE, &clock);

    let db = hub::demo_db(dir.path(), 20);
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    let clerk = HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "1").expect("clerk");
    let request = hub::seed_request();
    let (texts, catalogs) = madoguchi::load_rules(None).expect("rules");
    let catalog = catalogs.in_effect(request.as_of).expect("catalog");
    let determination = madoguchi::determine(&request, catalog, &texts, "ja");
    let forms: Vec<String> = determination
        .procedures
        .iter()
        .filter_map(|p| p.form.clone())
        .collect();

    let mut expect = Expect::default();
    for (d, day) in days.iter().enumerate() {
        // Day d: 4 + d tickets of A at 08:30; the counter calls one every 7
        // minutes: waits 0, 7, 14, 21, 28 … (the target: 20 minutes).
        madoguchi::clock::write(&clock, at(*day, 8, 30)).expect("clock");
        let n = 4 + d;
        for _ in 0..n {
            clerk.issue(&hub::walk_in("A"), None).expect("issue");
        }
        for k in 0..n {
            let now = at(*day, 8, 30) + Duration::minutes(7 * k as i64);
            madoguchi::clock::write(&clock, now).expect("clock");
            let t = clerk
                .call_next(
                    &CallNext {
                        counter: "1".into(),
                        categories: vec![],
                    },
                    None,
                )
                .expect("call")
                .expect("a ticket");
            expect.called += 1;
            if 7 * k <= 20 {
                expect.within += 1;
            }
            madoguchi::clock::write(&clock, now + Duration::minutes(6)).expect("clock");
            clerk
                .act(
                    &t.id,
                    &TicketActionRequest {
                        action: TicketAction::Finish {
                            outcome: "done".into(),
                        },
                        at: None,
                    },
                    None,
                )
                .expect("finish");
            // Every confirmed; the k-th form left unprinted (referred).
            let confirmed: Vec<String> = determination
                .procedures
                .iter()
                .map(|p| p.id.clone())
                .collect();
            let printed: Vec<String> = forms
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != k % forms.len().max(1))
                .map(|(_, f)| f.clone())
                .collect();
            let case = CaseSubmission {
                id: format!("rep-{day}-{k}"),
                ticket_id: Some(t.id.clone()),
                household_id: None,
                counter: "1".into(),
                request: request.clone(),
                determination: determination.clone(),
                confirmed: confirmed.clone(),
                forms_printed: printed.clone(),
                timings: CaseTimings {
                    called_at: t.called_at,
                    started_at: t.called_at,
                    printed_at: None,
                    finished_at: Some(now + Duration::minutes(6)),
                },
                revision: 0,
            };
            clerk.submit_case(&case).expect("case");
            for p in &determination.procedures {
                expect.needed += 1;
                let done =
                    p.mode == Mode::Counter && p.form.as_ref().is_none_or(|f| printed.contains(f));
                expect.at_counter += usize::from(done);
            }
        }
    }
    assert!(expect.at_counter < expect.needed && expect.within < expect.called);

    // The period report: PDF and CSV.
    let pdf = dir.path().join("period.pdf");
    let csv = dir.path().join("period.csv");
    let (from, to) = (days[0].to_string(), days[2].to_string());
    let out = tally(
        &hub.url,
        &[
            "--from",
            &from,
            "--to",
            &to,
            "--out",
            pdf.to_str().expect("p"),
            "--csv",
            csv.to_str().expect("p"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    let share = expect.at_counter as f64 / expect.needed as f64 * 100.0;
    assert!(said.contains(&format!("{share:.1}%")), "{said}");
    let text = ui::pdftotext(&pdf);
    let sl = expect.within as f64 / expect.called as f64 * 100.0;
    for expected in [
        "窓口期間報告".to_string(),
        "日別の推移".to_string(),
        "サービスレベルと窓口完結".to_string(),
        format!(
            "窓口完結率{:.0}%（{}/{}件",
            share, expect.at_counter, expect.needed
        ),
        format!("A転入・転出{}{}0{:.0}%", expect.called, expect.within, sl),
        "手続き別の窓口完結率".to_string(),
    ] {
        assert!(text.contains(&expected), "{expected} missing from:\n{text}");
    }
    // Three day rows: 4, 5, 6 tickets.
    for n in [4, 5, 6] {
        assert!(text.contains(&format!("{n}{n}")), "a day of {n}: {text}");
    }
    assert!(!text.contains("門司"), "no personal data: {text}");
    // The charts are drawn: page 1's lower half and page 2 carry bars.
    let p1 = render(&pdf, 1);
    let p2 = render(&pdf, 2);
    assert!(dark_share(&p1, 0.35, 0.6) > 0.01, "the daily chart");
    assert!(dark_share(&p2, 0.25, 0.5) > 0.02, "the service-level chart");
    if let Some(shots) = std::env::var_os("MADOGUCHI_SHOTS") {
        for (i, img) in [p1, p2].iter().enumerate() {
            img.save(Path::new(&shots).join(format!("period-p{}.png", i + 1)))
                .expect("save");
        }
    }

    let csv = std::fs::read_to_string(&csv).expect("csv");
    assert!(
        csv.starts_with('\u{feff}'),
        "a byte-order mark for spreadsheets"
    );
    let rows: Vec<Vec<&str>> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows[0], madoguchi::tally::period::CSV_COLUMNS.to_vec());
    let col = |name: &str| rows[0].iter().position(|c| *c == name).expect(name);
    let period_a = rows
        .iter()
        .find(|r| r[0] == "period_category" && r[2] == "A")
        .expect("period row of A");
    assert_eq!(period_a[col("called")], expect.called.to_string());
    assert_eq!(period_a[col("within_target")], expect.within.to_string());
    assert_eq!(period_a[col("name")], "転入・転出");
    let all = rows
        .iter()
        .find(|r| r[0] == "period_event" && r[2] == "all")
        .expect("period total");
    assert_eq!(all[col("needed")], expect.needed.to_string());
    assert_eq!(all[col("at_counter")], expect.at_counter.to_string());
    assert_eq!(
        rows.iter()
            .filter(|r| r[0] == "category" && r[2] == "A")
            .count(),
        3,
        "one row of A a day"
    );

    // The day's tally gains its second page of measures.
    let day_pdf = dir.path().join("day.pdf");
    let out = tally(
        &hub.url,
        &["--day", &to, "--out", day_pdf.to_str().expect("p")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = ui::pdftotext(&day_pdf);
    assert!(text.contains("受付区分別のサービスレベル"), "{text}");
    assert!(text.contains("時間帯別の平均待ち時間（分）"), "{text}");
    if let Some(shots) = std::env::var_os("MADOGUCHI_SHOTS") {
        render(&day_pdf, 2)
            .save(Path::new(&shots).join("tally-p2.png"))
            .expect("save");
    }

    // Bad periods: a clear error, no file left behind.
    let bad = dir.path().join("bad.pdf");
    for (f, t, why) in [
        (to.as_str(), from.as_str(), "before"),
        ("2026-01-01", "2026-12-31", "at most"),
    ] {
        let out = tally(
            &hub.url,
            &["--from", f, "--to", t, "--out", bad.to_str().expect("p")],
        );
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why), "{err}");
        assert!(!bad.exists());
    }
    let out = tally(
        &hub.url,
        &[
            "--from",
            "2026-02-30",
            "--to",
            &to,
            "--out",
            bad.to_str().expect("p"),
        ],
    );
    assert!(!out.status.success(), "an impossible date is refused");
}

/// Every CSV column is explained in docs/reports.md.
#[test]
fn every_csv_column_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/reports.md"))
        .expect("docs/reports.md");
    for c in madoguchi::tally::period::CSV_COLUMNS {
        assert!(doc.contains(&format!("| `{c}` |")), "{c} is not documented");
    }
}
