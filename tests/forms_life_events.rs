//! The forms of the life events, as a clerk must accept them: real batches
//! printed by `madoguchi print`, read back per page with poppler's pdftotext;
//! check boxes read from the same layout through the preview.

use std::path::{Path, PathBuf};
use std::process::Command;

use madoguchi::catalog::Mode;
use madoguchi::print::preview::{preview, Mark, PagePreview};
use madoguchi::print::{BatchInput, Templates};
use madoguchi::{determine, input, load_rules};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_madoguchi");

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A printed batch: each page's form id and its text without white space.
struct Printed {
    _dir: tempfile::TempDir,
    pdf: PathBuf,
    pages: Vec<(String, String)>,
}

impl Printed {
    /// The text of the (first) page of `form`; panics naming the forms printed.
    fn form(&self, form: &str) -> &str {
        self.pages
            .iter()
            .find(|(f, _)| f == form)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("no {form} page among {:?}", self.forms()))
    }

    fn forms(&self) -> Vec<&str> {
        self.pages.iter().map(|(f, _)| f.as_str()).collect()
    }

    /// Every page but the guidance sheet.
    fn form_pages(&self) -> impl Iterator<Item = &(String, String)> {
        self.pages.iter().filter(|(f, _)| f != "guidance")
    }
}

fn print(doc: &Value) -> Printed {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("request.json");
    std::fs::write(&input, doc.to_string()).expect("write");
    let pdf = dir.path().join("batch.pdf");
    let out = Command::new(BIN)
        .args(["print", "--input", path(&input), "--out", path(&pdf)])
        .args(["--case", "T-1"])
        .output()
        .expect("run madoguchi");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = tool("pdftotext", &[path(&pdf), "-"]);
    let raw: Vec<String> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(squash)
        .collect();
    let total = raw.len();
    let pages = raw
        .into_iter()
        .enumerate()
        .map(|(i, page)| {
            // The footer ends the page: `madoguchi  T-1  <form>  <n>/<total>`.
            let form = page
                .rsplit_once("madoguchiT-1")
                .and_then(|(_, rest)| rest.strip_suffix(&format!("{}/{total}", i + 1)))
                .unwrap_or_default()
                .to_string();
            (form, page)
        })
        .collect();
    Printed {
        _dir: dir,
        pdf,
        pages,
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) must be installed: {e}"));
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// 続柄 as the 住民票 writes them: never the generic 配偶者 or 父母 on a form.
fn assert_register_relations(p: &Printed) {
    for (form, text) in p.form_pages() {
        for generic in ["配偶者", "父母"] {
            let hits: Vec<_> = text.match_indices(generic).collect();
            // Labels such as 配偶者氏名 name the box, not a member's 続柄.
            let as_value = hits
                .iter()
                .filter(|(i, _)| !text[*i..].starts_with("配偶者氏名"))
                .filter(|(i, _)| !text[*i..].starts_with("配偶者の個人番号"))
                .count();
            assert_eq!(as_value, 0, "{form} prints {generic} as a 続柄: {text}");
        }
    }
}

/// The same batch as the window previews it (the layout the PDF is written from).
struct Laid {
    pages: Vec<PagePreview>,
    templates: Templates,
}

impl Laid {
    fn of(doc: &Value) -> Laid {
        let (texts, catalogs) = load_rules(None).expect("rules");
        let templates = Templates::builtin().expect("templates");
        let request = input::parse_request(&doc.to_string())
            .expect("request")
            .request;
        let catalog = catalogs.in_effect(request.as_of).expect("catalog");
        let determination = determine(&request, catalog, &texts, "ja");
        let confirmed: Vec<String> = determination
            .procedures
            .iter()
            .filter(|p| p.mode == Mode::Counter)
            .map(|p| p.id.clone())
            .collect();
        let pages = preview(&BatchInput {
            request: &request,
            determination: &determination,
            confirmed: &confirmed,
            catalog,
            texts: &texts,
            templates: &templates,
            lang: "ja",
            case_id: "T-1",
        })
        .expect("preview");
        Laid { pages, templates }
    }

    fn page(&self, form: &str) -> &PagePreview {
        self.pages
            .iter()
            .find(|p| p.info.form == form)
            .unwrap_or_else(|| panic!("no {form} page"))
    }

    /// What is printed in the box labelled `label` on the first page of `form`.
    fn field(&self, form: &str, label: &str) -> String {
        let template = self.templates.get(form).expect("template");
        let f = template
            .fields
            .iter()
            .find(|f| f.label == label)
            .unwrap_or_else(|| panic!("{form} has no field {label}"));
        let mut inside: Vec<(f32, f32, &str)> = self
            .page(form)
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { x, y, text, .. }
                    if *x >= f.x && *x < f.x + f.w && *y > f.y + 3.4 && *y <= f.y + f.h =>
                {
                    Some((*y, *x, text.as_str()))
                }
                _ => None,
            })
            .collect();
        inside.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        squash(&inside.iter().map(|t| t.2).collect::<String>())
    }

    /// The labels of the ticked check boxes of `form`'s first page.
    fn ticked(&self, form: &str) -> Vec<String> {
        let page = self.page(form);
        let template = self.templates.get(form).expect("template");
        template
            .checkboxes
            .iter()
            .filter(|b| {
                // A ticked box has its cross: two thick lines inside it.
                page.marks.iter().any(|m| {
                    matches!(m, Mark::Line { x1, y1, width_pt, .. }
                        if (*width_pt - 1.2).abs() < 1e-3
                            && *x1 > b.x && *x1 < b.x + b.size
                            && *y1 > b.y && *y1 < b.y + b.size)
                })
            })
            .map(|b| b.label.clone())
            .collect()
    }
}

fn death() -> Value {
    let mut doc = fixture("death-head.json");
    doc["household"]["postal_code"] = json!("8060021");
    doc["household"]["address"] = json!("黒崎3丁目15番3号");
    doc
}

#[test]
fn a_death_prints_the_loss_forms_for_the_deceased_and_the_claim_for_the_survivor() {
    let p = print(&death());
    let laid = Laid::of(&death());
    for form in ["nhi_loss", "funeral_expenses", "ltc_loss"] {
        let page = p.form(form);
        assert!(page.contains("黒崎一郎"), "{form}: the deceased");
        assert!(page.contains("昭和33年4月2日"), "{form}: born");
        assert!(page.contains("令和8年9月15日"), "{form}: the day of death");
        assert!(
            page.contains("〒806-0021北九州市八幡西区黒崎3丁目15番3号"),
            "{form}"
        );
        assert_eq!(laid.field(form, "氏名"), "黒崎一郎", "{form}");
        assert_eq!(laid.field(form, "フリガナ"), "クロサキイチロウ", "{form}");
        assert_eq!(laid.field(form, "死亡日"), "令和8年9月15日", "{form}");
        // The notifier defaults to the oldest adult survivor, the wife.
        assert_eq!(laid.field(form, "亡くなった方との続柄"), "妻", "{form}");
        assert!(page.contains("黒崎花子"), "{form}: the notifier");
    }
    assert!(p.form("nhi_loss").contains("資格喪失届（死亡）"));
    assert_eq!(
        laid.field("nhi_loss", "資格喪失日（死亡日の翌日）"),
        "令和8年9月16日"
    );
    assert!(p.form("nhi_loss").contains("資格確認書・被保険者証"));
    let funeral = p.form("funeral_expenses");
    assert!(funeral.contains("葬祭費支給申請書"));
    assert!(funeral.contains("振込先") && funeral.contains("口座番号"));
    assert_eq!(
        laid.field("funeral_expenses", "口座番号"),
        "",
        "for the resident"
    );
    assert_eq!(
        laid.field("funeral_expenses", "葬儀を行った日"),
        "令和年月日",
        "for the resident"
    );
    assert!(p.form("ltc_loss").contains("介護保険") && p.form("ltc_loss").contains("資格喪失届"));
    assert_eq!(laid.field("ltc_loss", "要介護・要支援認定"), "有");

    // The new claim after the claimant's death names the survivor, never the deceased.
    let claim = p.form("child_allowance_claim");
    assert_eq!(laid.field("child_allowance_claim", "氏名"), "黒崎花子");
    assert_eq!(laid.field("child_allowance_claim", "配偶者氏名"), "");
    assert!(
        !claim.contains("黒崎一郎"),
        "the deceased on the claim: {claim}"
    );
    assert!(claim.contains("黒崎翔"), "the child");

    // The head change lists the survivors with their 続柄, the old head once.
    let mv = p.form("resident_move");
    assert!(mv.contains("黒崎花子") && mv.contains("黒崎翔"));
    assert_eq!(mv.matches("黒崎一郎").count(), 1, "{mv}");
    assert_eq!(laid.field("resident_move", "世帯主"), "黒崎一郎");
    assert_eq!(laid.field("resident_move", "届出人の続柄"), "妻");
    assert_register_relations(&p);
}

#[test]
fn a_move_out_prints_the_destination_with_its_own_postal_code() {
    let mut doc = json!({
        "as_of": "2026-11-24",
        "event": {"kind": "move_out", "date": "2026-12-01",
                  "destination": "東京都千代田区丸の内1-1", "new_postal_code": "1000005"},
        "household": {"ward": "門司区", "postal_code": "8010852", "address": "港町1-1",
          "members": [
            {"id": "a", "name": "若松 一郎", "kana": "ワカマツ イチロウ", "birth_date": "1970-01-01",
             "sex": "male", "relation": "head", "health_insurance": "nhi"},
            {"id": "b", "name": "若松 光代", "kana": "ワカマツ ミツヨ", "birth_date": "1972-03-03",
             "sex": "female", "relation": "spouse", "health_insurance": "nhi"}]}
    });
    let p = print(&doc);
    let laid = Laid::of(&doc);
    let new = "〒100-0005東京都千代田区丸の内1-1";
    assert_eq!(laid.field("resident_move", "新しい住所"), new);
    assert_eq!(
        laid.field("resident_move", "前の住所"),
        "北九州市門司区港町1-1"
    );
    assert_eq!(laid.field("nhi_withdrawal", "転出先"), new);
    for form in ["resident_move", "nhi_withdrawal"] {
        let page = p.form(form);
        assert!(page.contains(new), "{form}: {page}");
        assert!(!page.contains("〒801-0852"), "{form}: the old postal code");
    }
    assert!(p.form("resident_move").contains("妻"));
    assert_register_relations(&p);

    // Without the destination's postal code none is printed: never the old one.
    doc["event"]["new_postal_code"] = Value::Null;
    assert_eq!(
        Laid::of(&doc).field("resident_move", "新しい住所"),
        "東京都千代田区丸の内1-1"
    );
    assert!(!print(&doc).form("resident_move").contains("〒801-0852"));
}

#[test]
fn an_in_city_move_prints_the_new_address_and_the_old_one() {
    let mut doc = json!({
        "as_of": "2026-11-24",
        "event": {"kind": "move_within", "date": "2026-11-20",
                  "new_address": "小倉南区守恒本町2丁目3番4号", "new_postal_code": "802-0971"},
        "household": {"ward": "小倉北区", "postal_code": "8038501", "address": "大手町1番1号",
          "members": [
            {"id": "a", "name": "戸畑 誠", "kana": "トバタ マコト", "birth_date": "1980-05-05",
             "sex": "male", "relation": "head", "health_insurance": "nhi"}]}
    });
    let p = print(&doc);
    let mv = p.form("resident_move");
    assert!(
        mv.contains("〒802-0971北九州市小倉南区守恒本町2丁目3番4号"),
        "{mv}"
    );
    assert!(!mv.contains("〒803-8501"), "{mv}");
    let laid = Laid::of(&doc);
    assert_eq!(
        laid.field("resident_move", "前の住所"),
        "北九州市小倉北区大手町1番1号"
    );
    assert_eq!(laid.ticked("resident_move"), ["転居（区間異動）"]);
    // A new address in the same ward, typed without the ward.
    doc["event"]["new_address"] = json!("京町3丁目1番");
    doc["event"]["new_postal_code"] = json!("8020002");
    assert_eq!(
        Laid::of(&doc).field("resident_move", "新しい住所"),
        "〒802-0002北九州市小倉北区京町3丁目1番"
    );
}

fn head_change() -> Value {
    json!({
        "as_of": "2026-11-24",
        "event": {"kind": "household_change", "date": "2026-11-20", "change": "head_change",
                  "new_head_id": "w", "notifier_id": "w"},
        "household": {"ward": "戸畑区", "postal_code": "8040067", "address": "汐井町1番6号",
          "members": [
            {"id": "h", "name": "沢見 隆", "kana": "サワミ タカシ", "birth_date": "1950-02-02",
             "sex": "male", "relation": "head", "health_insurance": "late_elderly",
             "resident_code": "11122233344", "honseki": "福岡県北九州市戸畑区汐井町1番",
             "hittousha": "沢見 隆"},
            {"id": "w", "name": "沢見 和子", "kana": "サワミ カズコ", "birth_date": "1955-06-06",
             "sex": "female", "relation": "spouse", "health_insurance": "nhi",
             "resident_code": "22233344455", "honseki": "福岡県北九州市戸畑区汐井町1番",
             "hittousha": "沢見 隆"},
            {"id": "f", "name": "沢見 正男", "kana": "サワミ マサオ", "birth_date": "1925-01-01",
             "sex": "male", "relation": "parent", "health_insurance": "late_elderly"},
            {"id": "m", "name": "沢見 幸子", "kana": "サワミ サチコ", "birth_date": "1928-01-01",
             "sex": "female", "relation": "parent", "health_insurance": "late_elderly"}]}
    })
}

#[test]
fn a_head_change_names_the_new_head_and_the_notifier_with_register_relations() {
    let p = print(&head_change());
    let laid = Laid::of(&head_change());
    assert_eq!(
        laid.field("resident_move", "新しい世帯主（世帯主変更のとき）"),
        "沢見和子"
    );
    assert_eq!(
        laid.field("resident_move", "届出人（窓口に来た方）"),
        "沢見和子"
    );
    assert_eq!(laid.field("resident_move", "届出人の続柄"), "妻");
    assert_eq!(laid.ticked("resident_move"), ["世帯変更", "世帯主変更"]);
    let mv = p.form("resident_move");
    for expected in [
        "11122233344",
        "22233344455",
        "福岡県北九州市戸畑区汐井町1番",
    ] {
        assert!(mv.contains(expected), "{expected}: {mv}");
    }
    // 妻, 父 and 母 as the 住民票 writes them, in the rows.
    for relation in ["妻", "父", "母"] {
        assert!(mv.contains(relation), "{relation}: {mv}");
    }
    assert_register_relations(&p);
}

#[test]
fn a_move_in_prints_the_register_facts_and_the_insurance_facts() {
    let doc = fixture("seed-move-in-address.json");
    let p = print(&doc);
    let mv = p.form("resident_move");
    for expected in [
        "31284650972",
        "58203917460",
        "山口県下関市竹崎町四丁目6番",
        "門司正男",
    ] {
        assert!(mv.contains(expected), "{expected}: {mv}");
    }
    assert!(mv.contains("妻") && mv.contains("母"), "{mv}");
    let laid = Laid::of(&doc);
    assert_eq!(
        laid.field("resident_move", "届出人（窓口に来た方）"),
        "門司健一"
    );
    assert_eq!(laid.field("resident_move", "届出人の続柄"), "世帯主");
    assert_eq!(
        laid.field("resident_move", "新しい住所"),
        "〒803-8501北九州市小倉北区大手町1番1号小倉ハイツ203"
    );
    assert_eq!(laid.ticked("resident_move"), ["転入"]);
    let nhi = p.form("nhi_enrollment");
    for expected in [
        "職業",
        "前の保険",
        "自営業",
        "パート",
        "無職",
        "下関市国民健康保険",
    ] {
        assert!(nhi.contains(expected), "{expected}: {nhi}");
    }
    assert_register_relations(&p);
}

#[test]
fn the_kind_of_notice_and_the_reason_are_ticked() {
    let laid = Laid::of(&death());
    assert_eq!(laid.ticked("resident_move"), ["世帯変更", "世帯主変更"]);
    assert_eq!(laid.ticked("nhi_loss"), ["死亡"]);
    assert_eq!(laid.ticked("ltc_loss"), ["死亡"]);
    assert!(
        laid.ticked("funeral_expenses").is_empty(),
        "left to the resident"
    );
}

/// The new forms are drawn inside the paper with room to spare, and every page has ink.
#[test]
fn the_death_forms_render_with_ink_inside_the_page() {
    let p = print(&death());
    let dir = p.pdf.parent().expect("dir").join("png");
    std::fs::create_dir_all(&dir).expect("mkdir");
    tool(
        "pdftoppm",
        &["-r", "40", "-png", path(&p.pdf), path(&dir.join("p"))],
    );
    let mut pngs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read")
        .flatten()
        .map(|e| e.path())
        .collect();
    pngs.sort();
    assert_eq!(pngs.len(), p.pages.len());
    // The guidance sheet's last page may be nearly blank; the forms may not.
    for (png, (form, _)) in pngs.iter().zip(&p.pages) {
        if form == "guidance" {
            continue;
        }
        let img = image::open(png).expect("png").to_luma8();
        let dark = img.pixels().filter(|px| px.0[0] < 128).count() as f64
            / f64::from(img.width() * img.height());
        assert!((0.01..0.35).contains(&dark), "{form}: {dark:.3} ink");
    }
    let laid = Laid::of(&death());
    for page in &laid.pages {
        for m in &page.marks {
            if let Mark::Text { x, y, text, .. } = m {
                assert!(
                    *x >= 10.0 && *x < 200.0 && *y > 5.0 && *y < 292.0,
                    "{}: {text} at ({x}, {y})",
                    page.info.form
                );
            }
        }
    }
}
