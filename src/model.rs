//! The domain model: household, member, life event, and the determination
//! request. Plain serde types; no UI code.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// ISO `YYYY-MM-DD` dates that reject impossible days with `not a date: …`.
pub mod iso_date {
    use chrono::NaiveDate;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn parse(s: &str) -> Result<NaiveDate, String> {
        let well_formed = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !well_formed {
            return Err(format!("not a date: {s}"));
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("not a date: {s}"))
    }

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.format("%Y-%m-%d"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).map_err(D::Error::custom)
    }

    pub mod option {
        use chrono::NaiveDate;
        use serde::{de::Error, Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(s) => super::parse(&s).map(Some).map_err(D::Error::custom),
                None => Ok(None),
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    MoveIn,
    MoveWithin,
    MoveOut,
    Birth,
    Death,
    Marriage,
    Divorce,
    HouseholdChange,
}

impl EventKind {
    pub const ALL: [EventKind; 8] = [
        EventKind::MoveIn,
        EventKind::MoveWithin,
        EventKind::MoveOut,
        EventKind::Birth,
        EventKind::Death,
        EventKind::Marriage,
        EventKind::Divorce,
        EventKind::HouseholdChange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::MoveIn => "move_in",
            EventKind::MoveWithin => "move_within",
            EventKind::MoveOut => "move_out",
            EventKind::Birth => "birth",
            EventKind::Death => "death",
            EventKind::Marriage => "marriage",
            EventKind::Divorce => "divorce",
            EventKind::HouseholdChange => "household_change",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Events where members may or may not take part in the move.
    pub fn is_move(self) -> bool {
        matches!(
            self,
            EventKind::MoveIn | EventKind::MoveWithin | EventKind::MoveOut
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Event {
    pub kind: EventKind,
    #[serde(with = "iso_date")]
    pub date: NaiveDate,
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub planned_move_out_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_prefecture: Option<String>,
    #[serde(default)]
    pub from_abroad: bool,
    /// The previous address (move-in: as on the 転出証明書).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_address: Option<String>,
    /// The new address outside the city (move-out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newborn_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mother_id: Option<String>,
    /// `death`: the member who died (`event.date` is the day of death).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deceased_id: Option<String>,
    /// `death`: died abroad (the 死亡届 then has 3 months).
    #[serde(default, skip_serializing_if = "is_false")]
    pub died_abroad: bool,
    /// `death`: the day the filer learned of the death (default: `event.date`).
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub known_date: Option<NaiveDate>,
    /// `marriage`, `divorce`: the one or two members concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partner_ids: Vec<String>,
    /// `marriage`, `divorce`: the member whose surname changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname_change_id: Option<String>,
    /// `divorce`: by 調停・審判・判決 (the notice then has 10 days).
    #[serde(default, skip_serializing_if = "is_false")]
    pub by_court: bool,
    /// `household_change`: what changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<HouseholdChange>,
    /// `household_change` with `head_change`: the new head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_head_id: Option<String>,
    /// `move_within`: the new address in the city (`move_out`: see `destination`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_address: Option<String>,
    /// The postal code of the address after the event: the in-city move's new
    /// address or the move-out's destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_postal_code: Option<String>,
    /// The member who files the notice at the counter (届出人); absent: the head
    /// (after a death, the first adult survivor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifier_id: Option<String>,
}

impl Event {
    /// An event of `kind` on `date` with no further facts.
    pub fn on(kind: EventKind, date: NaiveDate) -> Event {
        Event {
            kind,
            date,
            planned_move_out_date: None,
            from_prefecture: None,
            from_abroad: false,
            previous_address: None,
            destination: None,
            newborn_id: None,
            mother_id: None,
            deceased_id: None,
            died_abroad: false,
            known_date: None,
            partner_ids: Vec::new(),
            surname_change_id: None,
            by_court: false,
            change: None,
            new_head_id: None,
            new_address: None,
            new_postal_code: None,
            notifier_id: None,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// What a `household_change` (世帯変更) does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdChange {
    /// 世帯主変更: another member becomes the head.
    HeadChange,
    /// 世帯分離: the moving members form a household of their own.
    Split,
    /// 世帯合併: the moving members join another household.
    Merge,
}

impl HouseholdChange {
    pub fn as_str(self) -> &'static str {
        match self {
            HouseholdChange::HeadChange => "head_change",
            HouseholdChange::Split => "split",
            HouseholdChange::Merge => "merge",
        }
    }
    pub const NAMES: [&'static str; 3] = ["head_change", "split", "merge"];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Head,
    Spouse,
    Child,
    Parent,
    Grandchild,
    Other,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Head => "head",
            Relation::Spouse => "spouse",
            Relation::Child => "child",
            Relation::Parent => "parent",
            Relation::Grandchild => "grandchild",
            Relation::Other => "other",
        }
    }
    pub const NAMES: [&'static str; 6] =
        ["head", "spouse", "child", "parent", "grandchild", "other"];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HealthInsurance {
    Nhi,
    Employee,
    EmployeeDependent,
    LateElderly,
    PublicAssistance,
    None,
}

impl HealthInsurance {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthInsurance::Nhi => "nhi",
            HealthInsurance::Employee => "employee",
            HealthInsurance::EmployeeDependent => "employee_dependent",
            HealthInsurance::LateElderly => "late_elderly",
            HealthInsurance::PublicAssistance => "public_assistance",
            HealthInsurance::None => "none",
        }
    }
    pub const NAMES: [&'static str; 6] = [
        "nhi",
        "employee",
        "employee_dependent",
        "late_elderly",
        "public_assistance",
        "none",
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Handbook {
    Physical,
    Intellectual,
    Mental,
}

impl Handbook {
    pub fn as_str(self) -> &'static str {
        match self {
            Handbook::Physical => "physical",
            Handbook::Intellectual => "intellectual",
            Handbook::Mental => "mental",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Disability {
    pub handbook: Handbook,
    #[serde(default)]
    pub grade: Option<String>,
}

fn default_true() -> bool {
    true
}

fn default_insurance() -> HealthInsurance {
    HealthInsurance::None
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Member {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub kana: String,
    #[serde(with = "iso_date")]
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub relation: Relation,
    #[serde(default = "default_true")]
    pub moving: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    #[serde(default = "default_insurance")]
    pub health_insurance: HealthInsurance,
    #[serde(default)]
    pub pension_category: Option<u8>,
    #[serde(default)]
    pub civil_servant: bool,
    #[serde(default)]
    pub has_mynumber_card: bool,
    #[serde(default)]
    pub care_certified: bool,
    #[serde(default)]
    pub pregnant: bool,
    #[serde(default)]
    pub disability: Option<Disability>,
    /// Receives a public pension (death: the 年金 report).
    #[serde(default, skip_serializing_if = "is_false")]
    pub receives_pension: bool,
    /// 住民票コード (11 digits; on a move-in, as on the 転出証明書).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_code: Option<String>,
    /// 本籍 (registered domicile), as on the 住民票.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honseki: Option<String>,
    /// 筆頭者 (head of the 戸籍).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hittousha: Option<String>,
    /// 職業 (the 国保 取得届 asks for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    /// The insurance held before (国保 取得届: 前の保険), e.g. the insurer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_insurance: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Household {
    #[serde(default)]
    pub ward: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default)]
    pub single_parent: bool,
    #[serde(default)]
    pub public_assistance: bool,
    #[serde(default)]
    pub receives_child_allowance: bool,
    #[serde(default)]
    pub owns_dog: bool,
    #[serde(default)]
    pub owns_moped: bool,
    pub members: Vec<Member>,
}

impl Household {
    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    pub fn head(&self) -> Option<&Member> {
        self.members.iter().find(|m| m.relation == Relation::Head)
    }

    /// The child-allowance claimant: the head, or the spouse if the head is
    /// not a parent of the children (no member is the head's `child`).
    pub fn claimant(&self) -> Option<&Member> {
        self.claimant_among(None)
    }

    /// The claimant as `claimant` finds it when member `left` is no longer in the
    /// household (after a death: the surviving spouse, or the head).
    pub fn claimant_among(&self, left: Option<&str>) -> Option<&Member> {
        let present = |m: &&Member| Some(m.id.as_str()) != left;
        let find = |r: Relation| {
            self.members
                .iter()
                .filter(present)
                .find(|m| m.relation == r)
        };
        let head = find(Relation::Head);
        let head_is_parent = find(Relation::Child).is_some();
        if head_is_parent || head.is_none() {
            return head.or_else(|| find(Relation::Spouse));
        }
        find(Relation::Spouse).or(head)
    }
}

/// One determination request: the input document of `madoguchi eligibility`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Request {
    #[serde(with = "iso_date")]
    pub as_of: NaiveDate,
    pub event: Event,
    pub household: Household,
}

impl Request {
    /// The child-allowance claimant after the event: after a death, found among
    /// the survivors, so the deceased is never the claimant.
    pub fn claimant(&self) -> Option<&Member> {
        self.household
            .claimant_among(self.event.deceased_id.as_deref())
    }
}
