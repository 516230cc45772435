//! `madoguchi registry import`: the core system's export loaded into a hub's
//! database with the real binary; bad lines reported by number, the rest
//! imported; names kept to the character; a second run changes nothing;
//! the residents found over HTTP at a real hub.

#[path = "support/hub.rs"]
mod hub;

use std::process::Command;

const HEADER: &str = "世帯番号,宛名番号,氏名,氏名_フリガナ,生年月日,性別,続柄コード1,続柄コード2,住所,行政区,住所_郵便番号,住民票コード,保険区分";

fn run(args: &[&str]) -> std::process::Output {
    Command::new(hub::BIN).args(args).output().expect("run")
}

#[test]
fn an_export_with_bad_lines_imports_the_rest_and_says_which() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("hub.db");
    let csv = dir.path().join("registry.csv");
    let mut lines = vec![HEADER.to_string()];
    let good = [
        // line 2–4: a family, a name with 𠮷 and 髙, hiragana kana, a wareki date,
        // an address with a comma (quoted).
        "H1001,A1,𠮷野 髙志,よしの たかし,昭和55年3月4日,1,02,,\"小倉北区城内1番1号, 201\",小倉北区,803-8501,12345678901,国保",
        "H1001,A2,𠮷野 花子,ヨシノ ハナコ,1982-07-14,2,12,,\"小倉北区城内1番1号, 201\",小倉北区,8038501,,国保",
        "H1001,A3,𠮷野 蓮,ヨシノ レン,R2.5.1,1,20,,\"小倉北区城内1番1号, 201\",小倉北区,803-8501,,国保",
        // line 5: a one-person household.
        "H1002,B1,門司 﨑子,モジ サキコ,1950-01-02,2,02,,門司区西海岸1丁目1番1号,門司区,,,後期",
    ];
    lines.extend(good.iter().map(|s| s.to_string()));
    let bad = [
        // line 6: an impossible date
        (
            "H2001,C1,戸畑 一,トバタ ハジメ,2026-02-30,1,02,,戸畑区新池1丁目1番1号,戸畑区,,,",
            "生年月日",
        ),
        // line 7: an unknown relation code
        (
            "H2002,D1,若松 二,ワカマツ ジ,1990-01-01,1,77,,若松区本町1丁目1番1号,若松区,,,",
            "続柄コード1",
        ),
        // line 8: sex 0
        (
            "H2003,E1,八幡 三,ヤハタ サン,1990-01-01,0,02,,八幡東区中央1丁目1番1号,八幡東区,,,",
            "性別",
        ),
        // line 9: the same 宛名番号 as line 2
        (
            "H2004,A1,重複 四,チョウフク シ,1990-01-01,1,02,,小倉南区1番,小倉南区,,,",
            "line 2 already",
        ),
        // line 10: too few fields
        ("H2005,F1,短い", "fields where the header has"),
        // line 11: kana that is not kana
        (
            "H2006,G1,漢字 五,漢字,1990-01-01,1,02,,小倉南区2番,小倉南区,,,",
            "フリガナ",
        ),
    ];
    lines.extend(bad.iter().map(|(l, _)| l.to_string()));
    // Lines 12–13: a household with two heads (refused whole).
    lines.push("H3001,J1,二人 目,フタリ メ,1970-01-01,1,02,,八幡西区1番,八幡西区,,,".into());
    lines.push("H3001,J2,二人 目二,フタリ メニ,1971-01-01,2,02,,八幡西区1番,八幡西区,,,".into());
    // Line 14: a good member of household H1003 whose other line (15) is bad:
    // the household is left out whole.
    lines.push("H1003,K1,半分 一,ハンブン イチ,1960-01-01,1,02,,小倉南区3番,小倉南区,,,".into());
    lines.push("H1003,K2,半分 二,ハンブン ニ,1960-13-01,2,12,,小倉南区3番,小倉南区,,,".into());
    let mut bytes = lines.join("\r\n").into_bytes();
    // Line 16: not UTF-8 (a Shift_JIS byte).
    bytes.extend_from_slice(b"\r\nH4001,L1,\x93\xfa\x96\x7b,\x83\x4e,1990-01-01,1,02,,x,y,,,\r\n");
    std::fs::write(&csv, &bytes).expect("csv");

    let db_arg = hub::db_arg(&db);
    let db_s = db_arg.as_str();
    let csv_s = csv.to_str().expect("csv");
    // A dry run says what would happen and writes nothing.
    let dry = run(&["registry", "import", csv_s, "--db", db_s, "--dry-run"]);
    assert_eq!(dry.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&dry.stdout)
        .contains("2 household(s) with 4 resident(s) would be imported"));
    if hub::pg_base().is_some() {
        let tables = hub::hub_rows(
            &db,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
        );
        assert_eq!(
            tables,
            vec![vec!["0".to_string()]],
            "a dry run makes no table"
        );
    } else {
        assert!(!db.exists(), "a dry run leaves no database");
    }

    let out = run(&["registry", "import", csv_s, "--db", db_s]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "some lines refused: {stderr}");
    assert!(
        stdout.contains("15 line(s) read, 2 household(s) with 4 resident(s) imported"),
        "{stdout}"
    );
    for (n, (_, why)) in bad.iter().enumerate() {
        let line = n + 6;
        let said = stderr
            .lines()
            .find(|l| l.contains(&format!(": line {line}: ")))
            .unwrap_or_else(|| panic!("line {line} not reported:\n{stderr}"));
        assert!(said.contains(why), "line {line}: {said}");
    }
    assert!(
        stderr.contains("line 13: 世帯番号 H3001: a household has one 世帯主"),
        "{stderr}"
    );
    assert!(stderr.contains("line 15: 生年月日"), "{stderr}");
    assert!(
        stderr.contains("line 14: 世帯番号 H1003: not imported"),
        "{stderr}"
    );
    assert!(stderr.contains("line 16: not UTF-8"), "{stderr}");
    // No name of a resident in what the command says (logs hold no personal data).
    for name in ["𠮷野", "門司 﨑子", "戸畑", "若松"] {
        assert!(
            !stderr.contains(name) && !stdout.contains(name),
            "{name} in the output"
        );
    }

    let rows = |sql: &str| hub::hub_rows(&db, sql);
    let residents = rows(
        "SELECT member_id, name, kana, birth_date, relation FROM residents ORDER BY member_id",
    );
    assert_eq!(
        residents,
        vec![
            vec!["A1", "𠮷野 髙志", "ヨシノ　タカシ", "1980-03-04", "head"],
            vec!["A2", "𠮷野 花子", "ヨシノ　ハナコ", "1982-07-14", "spouse"],
            vec!["A3", "𠮷野 蓮", "ヨシノ　レン", "2020-05-01", "child"],
            vec!["B1", "門司 﨑子", "モジ　サキコ", "1950-01-02", "head"],
        ]
        .into_iter()
        .map(|r| r.into_iter().map(String::from).collect::<Vec<_>>())
        .collect::<Vec<_>>()
    );
    let households = rows("SELECT id, ward, address FROM households ORDER BY id");
    assert_eq!(
        households[0],
        vec!["H1001", "小倉北区", "小倉北区城内1番1号, 201"]
    );

    // A second run changes nothing.
    let before =
        rows("SELECT household_id, member_id, name, kana, birth_date FROM residents ORDER BY 1, 2");
    let bodies = rows("SELECT id, body FROM households ORDER BY id");
    let again = run(&["registry", "import", csv_s, "--db", db_s]);
    assert_eq!(again.status.code(), Some(3));
    assert_eq!(
        rows("SELECT household_id, member_id, name, kana, birth_date FROM residents ORDER BY 1, 2"),
        before
    );
    assert_eq!(rows("SELECT id, body FROM households ORDER BY id"), bodies);

    // The hub serves them: a clerk finds 𠮷野 by kana, the household whole.
    run(&["demo-data", "--db", db_s, "--residents", "0"]);
    let hub = hub::HubProcess::start(&db, "127.0.0.1:0");
    let clerk = madoguchi::client::HubClient::for_counter(&hub.url, "clerk", "clerk-demo", "1")
        .expect("clerk");
    clerk.issue(&hub::walk_in("A"), None).expect("ticket");
    let ticket = clerk
        .call_next(
            &madoguchi::api::CallNext {
                counter: "1".into(),
                categories: vec![],
            },
            None,
        )
        .expect("call")
        .expect("a ticket");
    let hits = clerk
        .search(&madoguchi::api::ResidentQuery {
            kana: Some("よしの".into()),
            ticket: Some(ticket.number.clone()),
            ..Default::default()
        })
        .expect("search");
    assert_eq!(hits.len(), 3, "{hits:?}");
    let h = clerk
        .household(&hits[0].household_id, Some(&ticket.number))
        .expect("household");
    assert_eq!(h.household.members.len(), 3);
    assert_eq!(h.household.postal_code.as_deref(), Some("8038501"));
    assert!(h
        .household
        .members
        .iter()
        .any(|m| m.name == "𠮷野 髙志" && m.resident_code.as_deref() == Some("12345678901")));
}

#[test]
fn a_file_without_its_columns_is_refused_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("hub.db");
    let csv = dir.path().join("registry.csv");
    std::fs::write(&csv, "世帯番号,氏名\nH1,x\n").expect("csv");
    let out = run(&[
        "registry",
        "import",
        csv.to_str().expect("p"),
        "--db",
        db.to_str().expect("p"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1: missing column(s) 宛名番号"), "{err}");
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").expect("empty");
    let out = run(&[
        "registry",
        "import",
        empty.to_str().expect("p"),
        "--db",
        db.to_str().expect("p"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
}
