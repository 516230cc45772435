//! Form templates are data: every form the catalog names exists, and editing
//! mistakes are refused with the file, line and field.

use madoguchi::print::{check_forms, Templates};

#[test]
fn every_catalog_form_has_a_template() {
    let (_, set) = madoguchi::load_rules(None).expect("rules");
    let templates = Templates::builtin().expect("templates");
    for c in &set.versions {
        check_forms(c, &templates).expect("forms exist");
    }
    for id in [
        "resident_move",
        "nhi_enrollment",
        "nhi_withdrawal",
        "child_allowance_claim",
        "child_allowance_revision",
        "child_medical_application",
        "ltc_enrollment",
        "nhi_loss",
        "funeral_expenses",
        "ltc_loss",
    ] {
        assert!(templates.get(id).is_some(), "{id}");
    }
}

const GOOD: &str = r#"[form]
id = "t"
title = "試験"
per = "procedure"
qr = { x = 176, y = 8 }

[[field]]
x = 12
y = 30
w = 60
h = 10
label = "氏名"
value = "{head.name}"
"#;

fn load(text: &str) -> Result<Templates, String> {
    Templates::from_files(vec![("forms/templates/t.toml".into(), text.into())])
}

#[test]
fn mistakes_name_the_file_line_and_field() {
    assert!(load(GOOD).is_ok());
    let err = load(&GOOD.replace("{head.name}", "{head.nmae}")).expect_err("path");
    assert!(
        err.starts_with(
            "forms/templates/t.toml:13: field[0] (氏名): unknown data path 'head.nmae'"
        ),
        "{err}"
    );
    let err = load(&GOOD.replace("{head.name}", "{head.birth_date|reiwa}")).expect_err("filter");
    assert!(err.contains("unknown filter 'reiwa'"), "{err}");
    let err =
        load(&GOOD.replace("{head.name}", "{member.name}")).expect_err("member outside a table");
    assert!(err.contains("needs per = \"member\""), "{err}");
    let err = load(&GOOD.replace("h = 10", "h = 10\ncolour = 1")).expect_err("unknown field");
    assert!(
        err.contains("t.toml:12:") && err.contains("unknown field `colour`"),
        "{err}"
    );
    let err = load(&GOOD.replace("per = \"procedure\"", "per = \"page\"")).expect_err("per");
    assert!(err.contains("t.toml:4:"), "{err}");
    let err = load(&format!(
        "{GOOD}\n[[checkbox]]\nx = 1\ny = 1\nlabel = \"転入\"\nchecked = \"event.knd=move_in\"\n"
    ))
    .expect_err("checkbox");
    assert!(
        err.contains("checkbox[0] (転入): unknown data path 'event.knd'"),
        "{err}"
    );
    let two = Templates::from_files(vec![
        ("a.toml".into(), GOOD.into()),
        ("b.toml".into(), GOOD.into()),
    ])
    .expect_err("dup");
    assert!(two.contains("defined twice"));
}

#[test]
fn a_catalog_naming_a_missing_form_is_refused() {
    let (_, set) = madoguchi::load_rules(None).expect("rules");
    let only_one = load(GOOD).expect("template");
    let err = check_forms(&set.versions[0], &only_one).expect_err("missing forms");
    assert!(err.contains("which has no template"), "{err}");
}
