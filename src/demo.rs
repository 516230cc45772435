//! A deterministic synthetic resident registry of Kitakyushu for demos, tests and
//! benchmarks: its 7 wards, realistic household shapes and ages, and a mix of
//! health insurance. Every person is made up from lists of common names.

use chrono::{Days, NaiveDate};

use crate::api::{HouseholdRecord, Role};
use crate::model::*;

/// The demo users and their passwords (demo only: change them for real use).
pub const DEMO_USERS: [(&str, Role, &str); 5] = [
    ("clerk", Role::Clerk, "clerk-demo"),
    ("floor", Role::FloorManager, "floor-demo"),
    ("supervisor", Role::Supervisor, "supervisor-demo"),
    ("backoffice", Role::BackOffice, "backoffice-demo"),
    ("admin", Role::Admin, "admin-demo"),
];

const WARDS: [(&str, &str, &[&str]); 7] = [
    (
        "門司区",
        "801",
        &["港町", "栄町", "大里本町", "葛葉", "東門司"],
    ),
    (
        "小倉北区",
        "803",
        &["大手町", "京町", "魚町", "室町", "黒原", "片野"],
    ),
    (
        "小倉南区",
        "802",
        &["守恒", "徳力", "湯川", "下曽根", "長尾"],
    ),
    ("若松区", "808", &["本町", "浜町", "小石本村町", "高須"]),
    ("八幡東区", "805", &["中央", "尾倉", "西本町", "荒生田"]),
    (
        "八幡西区",
        "806",
        &["黒崎", "折尾", "陣原", "三ヶ森", "永犬丸"],
    ),
    ("戸畑区", "804", &["中本町", "浅生", "天神", "沢見"]),
];

const FAMILY: [(&str, &str); 30] = [
    ("田中", "タナカ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("清水", "シミズ"),
    ("山口", "ヤマグチ"),
    ("吉田", "ヨシダ"),
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("渡辺", "ワタナベ"),
    ("伊藤", "イトウ"),
    ("古賀", "コガ"),
    ("松尾", "マツオ"),
    ("坂本", "サカモト"),
    ("永田", "ナガタ"),
    ("末松", "スエマツ"),
    ("原田", "ハラダ"),
    ("堤", "ツツミ"),
    ("野田", "ノダ"),
    ("白石", "シライシ"),
    ("藤井", "フジイ"),
    ("石橋", "イシバシ"),
    ("江口", "エグチ"),
    ("宮崎", "ミヤザキ"),
    ("大塚", "オオツカ"),
];
const MALE: [(&str, &str); 16] = [
    ("翔太", "ショウタ"),
    ("健太", "ケンタ"),
    ("大輔", "ダイスケ"),
    ("誠", "マコト"),
    ("浩", "ヒロシ"),
    ("茂", "シゲル"),
    ("蓮", "レン"),
    ("陽翔", "ハルト"),
    ("悠真", "ユウマ"),
    ("拓也", "タクヤ"),
    ("修", "オサム"),
    ("隆", "タカシ"),
    ("一郎", "イチロウ"),
    ("湊", "ミナト"),
    ("亮", "リョウ"),
    ("正男", "マサオ"),
];
const FEMALE: [(&str, &str); 16] = [
    ("美咲", "ミサキ"),
    ("陽菜", "ヒナ"),
    ("由美", "ユミ"),
    ("恵子", "ケイコ"),
    ("花子", "ハナコ"),
    ("葵", "アオイ"),
    ("結衣", "ユイ"),
    ("真由美", "マユミ"),
    ("明美", "アケミ"),
    ("さくら", "サクラ"),
    ("芽依", "メイ"),
    ("和子", "カズコ"),
    ("幸子", "サチコ"),
    ("凛", "リン"),
    ("優子", "ユウコ"),
    ("千尋", "チヒロ"),
];

/// Create or update the demo users in a hub's store.
pub fn seed_users(store: &dyn crate::hub::store::Storage) -> Result<(), String> {
    for (name, role, password) in DEMO_USERS {
        let hash = crate::hub::auth::hash(password)?;
        store
            .write(
                None,
                crate::hub::store::WriteOp::UpsertUser {
                    name: name.into(),
                    role,
                    hash,
                },
            )
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The household of the seed move-in (the spec's made-up 門司 family, moving in from
/// 下関) as registry record `H-SEED`, so that the search box's example `モジ S61.7.14`
/// finds someone in the demo and the README's walk-through can be followed.
pub fn seed_household() -> Result<HouseholdRecord, String> {
    let text = include_str!("../tests/fixtures/seed-move-in-address.json");
    let parsed = crate::input::parse_request(text).map_err(|e| format!("seed household: {e}"))?;
    Ok(HouseholdRecord {
        id: "H-SEED".into(),
        household: parsed.request.household,
    })
}

/// A demo registry in `store`: synthetic households until `residents` people (from
/// `seed`), the seed household, and the demo users. Returns the number of residents.
pub fn fill(
    store: &dyn crate::hub::store::Storage,
    seed: u64,
    residents: usize,
) -> Result<usize, String> {
    use crate::hub::store::WriteOp;
    let import = |chunk: Vec<HouseholdRecord>| {
        store
            .write(None, WriteOp::ImportHouseholds(chunk))
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let made = for_residents(seed, residents, 2000, import)?;
    let family = seed_household()?;
    let members = family.household.members.len();
    import(vec![family])?;
    seed_users(store)?;
    Ok(made + members)
}

/// SplitMix64: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// The registry's reference day: ages are spread back from it.
fn reference() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, 1).unwrap_or_default()
}

fn born(rng: &mut Rng, min_age: u64, max_age: u64) -> NaiveDate {
    let days = (min_age * 365) + rng.below((max_age - min_age + 1) * 365);
    reference()
        .checked_sub_days(Days::new(days))
        .unwrap_or_default()
}

struct Person {
    relation: Relation,
    sex: Sex,
    birth: NaiveDate,
}

/// `count` households, the same for the same `seed`.
pub fn households(seed: u64, start: usize, count: usize) -> Vec<HouseholdRecord> {
    let mut out = Vec::with_capacity(count);
    for i in start..start + count {
        let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let mut record = household(&mut rng, i);
        // The register facts come from a stream of their own, so that adding them
        // left every household drawn before them as it was.
        let mut facts = Rng::new(!seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        register_facts(&mut facts, &mut record.household);
        out.push(record);
    }
    out
}

fn household(rng: &mut Rng, index: usize) -> HouseholdRecord {
    let (ward, postal_prefix, towns) = rng.pick(&WARDS);
    let (family, family_kana) = *rng.pick(&FAMILY);
    let shape = rng.below(100);
    let head_sex = if rng.chance(80) {
        Sex::Male
    } else {
        Sex::Female
    };
    let other = |s: Sex| {
        if s == Sex::Male {
            Sex::Female
        } else {
            Sex::Male
        }
    };
    let mut people = Vec::new();
    let mut single_parent = false;
    match shape {
        0..=29 => people.push(Person {
            relation: Relation::Head,
            sex: head_sex,
            birth: born(rng, 19, 90),
        }),
        30..=49 => {
            let age = 25 + rng.below(50);
            people.push(Person {
                relation: Relation::Head,
                sex: head_sex,
                birth: born(rng, age, age + 3),
            });
            people.push(Person {
                relation: Relation::Spouse,
                sex: other(head_sex),
                birth: born(rng, age.saturating_sub(3), age + 2),
            });
        }
        50..=74 => {
            let age = 28 + rng.below(25);
            people.push(Person {
                relation: Relation::Head,
                sex: head_sex,
                birth: born(rng, age, age + 2),
            });
            people.push(Person {
                relation: Relation::Spouse,
                sex: other(head_sex),
                birth: born(rng, age.saturating_sub(3), age + 1),
            });
            for _ in 0..1 + rng.below(3) {
                let sex = if rng.chance(50) {
                    Sex::Male
                } else {
                    Sex::Female
                };
                people.push(Person {
                    relation: Relation::Child,
                    sex,
                    birth: born(rng, 0, (age - 20).min(21)),
                });
            }
        }
        75..=81 => {
            single_parent = true;
            let age = 26 + rng.below(25);
            people.push(Person {
                relation: Relation::Head,
                sex: Sex::Female,
                birth: born(rng, age, age + 2),
            });
            for _ in 0..1 + rng.below(2) {
                let sex = if rng.chance(50) {
                    Sex::Male
                } else {
                    Sex::Female
                };
                people.push(Person {
                    relation: Relation::Child,
                    sex,
                    birth: born(rng, 0, (age - 20).min(17)),
                });
            }
        }
        82..=89 => {
            let age = 35 + rng.below(15);
            people.push(Person {
                relation: Relation::Head,
                sex: Sex::Male,
                birth: born(rng, age, age + 1),
            });
            people.push(Person {
                relation: Relation::Spouse,
                sex: Sex::Female,
                birth: born(rng, age - 2, age + 1),
            });
            people.push(Person {
                relation: Relation::Child,
                sex: Sex::Female,
                birth: born(rng, 0, 12),
            });
            people.push(Person {
                relation: Relation::Parent,
                sex: Sex::Female,
                birth: born(rng, age + 25, age + 32),
            });
        }
        _ => {
            people.push(Person {
                relation: Relation::Head,
                sex: Sex::Male,
                birth: born(rng, 66, 92),
            });
            people.push(Person {
                relation: Relation::Spouse,
                sex: Sex::Female,
                birth: born(rng, 64, 90),
            });
        }
    }
    let public_assistance = rng.chance(3);
    let head_insurance = if rng.chance(58) {
        HealthInsurance::Employee
    } else {
        HealthInsurance::Nhi
    };
    let head_civil_servant = head_insurance == HealthInsurance::Employee && rng.chance(7);
    let today = reference();
    let mut members = Vec::new();
    for (n, p) in people.iter().enumerate() {
        let age = crate::japanese::legal_dates::age(p.birth, today);
        let (given, given_kana) = if p.sex == Sex::Male {
            *rng.pick(&MALE)
        } else {
            *rng.pick(&FEMALE)
        };
        let insurance = if public_assistance {
            HealthInsurance::PublicAssistance
        } else if crate::japanese::legal_dates::birthday_age(p.birth, today) >= 75 {
            HealthInsurance::LateElderly
        } else if head_insurance == HealthInsurance::Employee && p.relation != Relation::Parent {
            if p.relation == Relation::Head {
                HealthInsurance::Employee
            } else {
                HealthInsurance::EmployeeDependent
            }
        } else {
            HealthInsurance::Nhi
        };
        let pension = match (age, insurance) {
            (20..=59, HealthInsurance::Employee) => Some(2),
            (20..=59, HealthInsurance::EmployeeDependent) => Some(3),
            (20..=59, _) => Some(1),
            _ => None,
        };
        members.push(Member {
            id: format!("p{n}"),
            name: format!("{family} {given}"),
            kana: format!("{family_kana} {given_kana}"),
            birth_date: p.birth,
            sex: p.sex,
            relation: p.relation,
            moving: true,
            nationality: Some("JP".into()),
            health_insurance: insurance,
            pension_category: pension,
            civil_servant: p.relation == Relation::Head && head_civil_servant,
            has_mynumber_card: rng.chance(78),
            care_certified: (age >= 75 && rng.chance(18)) || (age >= 65 && rng.chance(3)),
            pregnant: p.sex == Sex::Female && (20..=42).contains(&age) && rng.chance(2),
            disability: None,
            receives_pension: false,
            resident_code: None,
            honseki: None,
            hittousha: None,
            occupation: None,
            previous_insurance: None,
        });
    }
    let has_child = members.iter().any(|m| {
        m.relation == Relation::Child
            && crate::japanese::legal_dates::fiscal_age(m.birth_date, today) < 18
    });
    let town = rng.pick(towns);
    HouseholdRecord {
        id: format!("H{index:07}"),
        household: Household {
            ward: ward.to_string(),
            postal_code: Some(format!("{postal_prefix}{:04}", rng.below(10_000))),
            address: Some(format!(
                "{town}{}丁目{}番{}号",
                1 + rng.below(5),
                1 + rng.below(30),
                1 + rng.below(20)
            )),
            phone: Some(format!(
                "093-{:03}-{:04}",
                100 + rng.below(900),
                rng.below(10_000)
            )),
            single_parent,
            public_assistance,
            receives_child_allowance: has_child && !head_civil_servant && rng.chance(95),
            owns_dog: rng.chance(12),
            owns_moped: rng.chance(6),
            members,
        },
    }
}

/// 本籍 of families from elsewhere (made up, in the form the 住民票 prints).
const HONSEKI_ELSEWHERE: [&str; 6] = [
    "山口県下関市竹崎町四丁目6番",
    "福岡県福岡市博多区博多駅前二丁目1番",
    "福岡県飯塚市新立岩5番",
    "大分県中津市豊田町14番地",
    "熊本県熊本市中央区手取本町1番",
    "佐賀県唐津市西城内1番",
];

/// Synthetic 住民票コード, 本籍, 筆頭者 and 職業 for a household's members (made
/// up like the names; a 住民票コード is 11 random digits here, no check digit).
fn register_facts(rng: &mut Rng, h: &mut Household) {
    let today = reference();
    let address = h.address.clone().unwrap_or_default();
    let town = address
        .find(|c: char| c.is_ascii_digit())
        .map_or(address.as_str(), |i| &address[..i]);
    let honseki = if rng.chance(60) {
        format!("福岡県北九州市{}{town}{}番", h.ward, 1 + rng.below(30))
    } else {
        rng.pick(&HONSEKI_ELSEWHERE).to_string()
    };
    // The couple's 戸籍 is headed by the husband in most families; a woman
    // heading a household alone heads her own.
    let couple = |m: &&Member| matches!(m.relation, Relation::Head | Relation::Spouse);
    let hittousha = h
        .members
        .iter()
        .filter(couple)
        .find(|m| m.sex == Sex::Male)
        .or_else(|| h.members.iter().find(|m| m.relation == Relation::Head))
        .map(|m| m.name.clone());
    for m in &mut h.members {
        m.resident_code = Some(format!("{:011}", rng.below(100_000_000_000)));
        if m.relation == Relation::Parent {
            // The head's parent keeps the 戸籍 of the generation before.
            m.honseki = Some(rng.pick(&HONSEKI_ELSEWHERE).to_string());
            m.hittousha = Some(m.name.clone());
        } else {
            m.honseki = Some(honseki.clone());
            m.hittousha = hittousha.clone();
        }
        let age = crate::japanese::legal_dates::age(m.birth_date, today);
        m.occupation = occupation(rng, m, age).map(str::to_string);
    }
}

fn occupation(rng: &mut Rng, m: &Member, age: u32) -> Option<&'static str> {
    if age < 18 {
        return None;
    }
    Some(match m.health_insurance {
        _ if age >= 70 => "無職",
        HealthInsurance::Employee if m.civil_servant => "公務員",
        HealthInsurance::Employee => "会社員",
        HealthInsurance::EmployeeDependent if age <= 22 => "学生",
        HealthInsurance::EmployeeDependent => *rng.pick(&["家事", "パート"]),
        HealthInsurance::PublicAssistance | HealthInsurance::LateElderly => "無職",
        _ if age <= 22 => "学生",
        _ if age >= 65 => *rng.pick(&["無職", "自営業"]),
        _ => *rng.pick(&["自営業", "パート", "アルバイト", "農業", "無職"]),
    })
}

/// Households until at least `residents` people, in batches of `batch`.
pub fn for_residents(
    seed: u64,
    residents: usize,
    batch: usize,
    mut sink: impl FnMut(Vec<HouseholdRecord>) -> Result<(), String>,
) -> Result<usize, String> {
    let mut made = 0;
    let mut index = 0;
    while made < residents {
        let mut chunk = households(seed, index, batch);
        let mut keep = 0;
        for h in &chunk {
            if made >= residents {
                break;
            }
            made += h.household.members.len();
            keep += 1;
        }
        chunk.truncate(keep);
        index += keep;
        sink(chunk)?;
    }
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_valid() {
        let a = households(7, 0, 200);
        let b = households(7, 0, 200);
        assert_eq!(
            serde_json::to_string(&a).ok(),
            serde_json::to_string(&b).ok()
        );
        let wards: std::collections::HashSet<&str> =
            a.iter().map(|h| h.household.ward.as_str()).collect();
        assert_eq!(wards.len(), 7);
        for h in &a {
            let req = Request {
                as_of: reference(),
                event: Event::on(EventKind::MoveWithin, reference()),
                household: h.household.clone(),
            };
            assert!(crate::input::validate(&req).is_ok(), "{}", h.id);
        }
        let insurances: std::collections::HashSet<_> = a
            .iter()
            .flat_map(|h| h.household.members.iter().map(|m| m.health_insurance))
            .collect();
        assert!(insurances.len() >= 4, "{insurances:?}");
        for m in a.iter().flat_map(|h| &h.household.members) {
            let code = m.resident_code.as_deref().unwrap_or_default();
            assert!(code.len() == 11 && code.bytes().all(|b| b.is_ascii_digit()));
            assert!(m.honseki.is_some() && m.hittousha.is_some(), "{}", m.name);
            let adult = crate::japanese::legal_dates::age(m.birth_date, reference()) >= 18;
            assert_eq!(m.occupation.is_some(), adult, "{}", m.name);
        }
    }
}
