//! Evaluating catalog conditions against one household and event.

use chrono::NaiveDate;

use super::expr::{CmpOp, Expr, Literal};
use super::vars::{EventFact, HouseholdFact, PersonFact, Var};
use crate::japanese::legal_dates;
use crate::model::{Member, Request};

/// A member with the facts the rules need, computed once per determination.
#[derive(Debug, Clone)]
pub struct PersonFacts<'a> {
    pub member: &'a Member,
    pub age: u32,
    pub birthday_age: u32,
    pub school_year: i32,
    pub fiscal_age: u32,
    pub is_newborn: bool,
    pub is_mother: bool,
    pub is_deceased: bool,
    pub is_partner: bool,
    pub is_surname_changer: bool,
    pub is_new_head: bool,
}

impl<'a> PersonFacts<'a> {
    pub fn new(member: &'a Member, request: &Request, on: NaiveDate) -> Self {
        let b = member.birth_date;
        PersonFacts {
            member,
            age: legal_dates::age(b, on),
            birthday_age: legal_dates::birthday_age(b, on),
            school_year: legal_dates::school_year(b, on),
            fiscal_age: legal_dates::fiscal_age(b, on),
            is_newborn: request.event.newborn_id.as_deref() == Some(member.id.as_str()),
            is_mother: request.event.mother_id.as_deref() == Some(member.id.as_str()),
            is_deceased: request.event.deceased_id.as_deref() == Some(member.id.as_str()),
            is_partner: request.event.partner_ids.contains(&member.id),
            is_surname_changer: request.event.surname_change_id.as_deref()
                == Some(member.id.as_str()),
            is_new_head: request.event.new_head_id.as_deref() == Some(member.id.as_str()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Str(&'a str),
}

impl Value<'_> {
    pub fn truthy(self) -> bool {
        matches!(self, Value::Bool(true))
    }
}

/// Everything a condition can read: the request, its members' facts, the claimant
/// and the catalog's named predicates.
pub struct Env<'a> {
    pub request: &'a Request,
    pub people: Vec<PersonFacts<'a>>,
    pub claimant: Option<usize>,
    /// `death`: the deceased was the claimant (then `claimant` is the survivor
    /// who becomes it).
    pub deceased_was_claimant: bool,
    pub predicates: &'a [Expr],
}

impl<'a> Env<'a> {
    pub fn new(request: &'a Request, predicates: &'a [Expr]) -> Self {
        let on = request.event.date;
        let people: Vec<PersonFacts<'a>> = request
            .household
            .members
            .iter()
            .map(|m| PersonFacts::new(m, request, on))
            .collect();
        let original = request.household.claimant().map(|c| c.id.clone());
        let deceased = request.event.deceased_id.as_deref();
        let deceased_was_claimant = deceased.is_some() && original.as_deref() == deceased;
        // After a death the claimant is found among the survivors.
        let claimant_id = request.claimant().map(|c| c.id.clone());
        let claimant = claimant_id.and_then(|id| people.iter().position(|p| p.member.id == id));
        Env {
            request,
            people,
            claimant,
            deceased_was_claimant,
            predicates,
        }
    }

    pub fn holds(&self, e: &Expr, current: Option<&PersonFacts<'a>>) -> bool {
        self.eval(e, current).truthy()
    }

    pub fn eval(&self, e: &Expr, current: Option<&PersonFacts<'a>>) -> Value<'a> {
        match e {
            Expr::Lit(l) => match l {
                Literal::Bool(b) => Value::Bool(*b),
                Literal::Int(n) => Value::Int(*n),
                // Literal strings only meet values through Cmp/In, handled below.
                Literal::Str(_) | Literal::Null => Value::Null,
            },
            Expr::Var(v) => self.var(*v, current),
            Expr::Not(x) => Value::Bool(!self.holds(x, current)),
            Expr::And(xs) => Value::Bool(xs.iter().all(|x| self.holds(x, current))),
            Expr::Or(xs) => Value::Bool(xs.iter().any(|x| self.holds(x, current))),
            Expr::Cmp(op, a, b) => Value::Bool(self.compare(*op, a, b, current)),
            Expr::In(x, items) => {
                let v = self.eval(x, current);
                Value::Bool(items.iter().any(|item| equals(v, item)))
            }
            Expr::Predicate(i) => match self.predicates.get(*i) {
                Some(p) => Value::Bool(self.holds(p, current)),
                None => Value::Null,
            },
            Expr::AnyMember(i) => match self.predicates.get(*i) {
                Some(p) => Value::Bool(self.people.iter().any(|m| self.holds(p, Some(m)))),
                None => Value::Null,
            },
        }
    }

    fn compare(&self, op: CmpOp, a: &Expr, b: &Expr, current: Option<&PersonFacts<'a>>) -> bool {
        let left = self.eval(a, current);
        let eq = match b {
            Expr::Lit(lit) => equals(left, lit),
            _ => left == self.eval(b, current) && left != Value::Null,
        };
        match op {
            CmpOp::Eq => eq,
            CmpOp::Ne => !eq,
            _ => {
                let right = match b {
                    Expr::Lit(Literal::Int(n)) => Value::Int(*n),
                    _ => self.eval(b, current),
                };
                match (left, right) {
                    (Value::Int(x), Value::Int(y)) => match op {
                        CmpOp::Lt => x < y,
                        CmpOp::Le => x <= y,
                        CmpOp::Gt => x > y,
                        _ => x >= y,
                    },
                    _ => false,
                }
            }
        }
    }

    pub fn var(&self, v: Var, current: Option<&PersonFacts<'a>>) -> Value<'a> {
        let request = self.request;
        let h = &request.household;
        match v {
            Var::Member(f) => current.map_or(Value::Null, |p| person(p, f)),
            Var::Claimant(f) => self
                .claimant
                .and_then(|i| self.people.get(i))
                .map_or(Value::Null, |p| person(p, f)),
            Var::Household(f) => match f {
                HouseholdFact::Ward => Value::Str(&h.ward),
                HouseholdFact::SingleParent => Value::Bool(h.single_parent),
                HouseholdFact::PublicAssistance => Value::Bool(h.public_assistance),
                HouseholdFact::ReceivesChildAllowance => Value::Bool(h.receives_child_allowance),
                HouseholdFact::OwnsDog => Value::Bool(h.owns_dog),
                HouseholdFact::OwnsMoped => Value::Bool(h.owns_moped),
                HouseholdFact::Size => Value::Int(h.members.len() as i64),
                HouseholdFact::DeceasedWasHead => {
                    Value::Bool(self.people.iter().any(|p| {
                        p.is_deceased && p.member.relation == crate::model::Relation::Head
                    }))
                }
                HouseholdFact::DeceasedWasClaimant => Value::Bool(self.deceased_was_claimant),
                HouseholdFact::AdultSurvivors => Value::Int(
                    self.people
                        .iter()
                        .filter(|p| !p.is_deceased && p.age >= 15)
                        .count() as i64,
                ),
            },
            Var::Event(f) => match f {
                EventFact::Kind => Value::Str(request.event.kind.as_str()),
                EventFact::FromPrefecture => request
                    .event
                    .from_prefecture
                    .as_deref()
                    .map_or(Value::Null, Value::Str),
                EventFact::FromAbroad => Value::Bool(request.event.from_abroad),
                EventFact::DiedAbroad => Value::Bool(request.event.died_abroad),
                EventFact::ByCourt => Value::Bool(request.event.by_court),
                EventFact::Change => request
                    .event
                    .change
                    .map_or(Value::Null, |c| Value::Str(c.as_str())),
            },
        }
    }
}

fn equals(v: Value<'_>, lit: &Literal) -> bool {
    match (v, lit) {
        (Value::Bool(a), Literal::Bool(b)) => a == *b,
        (Value::Int(a), Literal::Int(b)) => a == *b,
        (Value::Str(a), Literal::Str(b)) => a == b,
        (Value::Null, Literal::Null) => true,
        _ => false,
    }
}

fn person<'a>(p: &PersonFacts<'a>, f: PersonFact) -> Value<'a> {
    let m = p.member;
    match f {
        PersonFact::Age => Value::Int(i64::from(p.age)),
        PersonFact::BirthdayAge => Value::Int(i64::from(p.birthday_age)),
        PersonFact::SchoolYear => Value::Int(i64::from(p.school_year)),
        PersonFact::FiscalAge => Value::Int(i64::from(p.fiscal_age)),
        PersonFact::Relation => Value::Str(m.relation.as_str()),
        PersonFact::Sex => Value::Str(m.sex.as_str()),
        PersonFact::Nationality => m.nationality.as_deref().map_or(Value::Null, Value::Str),
        PersonFact::HealthInsurance => Value::Str(m.health_insurance.as_str()),
        PersonFact::PensionCategory => m
            .pension_category
            .map_or(Value::Null, |c| Value::Int(i64::from(c))),
        PersonFact::CivilServant => Value::Bool(m.civil_servant),
        PersonFact::HasMynumberCard => Value::Bool(m.has_mynumber_card),
        PersonFact::CareCertified => Value::Bool(m.care_certified),
        PersonFact::Pregnant => Value::Bool(m.pregnant),
        PersonFact::Disability => Value::Bool(m.disability.is_some()),
        PersonFact::DisabilityHandbook => m
            .disability
            .as_ref()
            .map_or(Value::Null, |d| Value::Str(d.handbook.as_str())),
        PersonFact::Moving => Value::Bool(m.moving),
        PersonFact::IsNewborn => Value::Bool(p.is_newborn),
        PersonFact::IsMother => Value::Bool(p.is_mother),
        PersonFact::IsDeceased => Value::Bool(p.is_deceased),
        PersonFact::IsPartner => Value::Bool(p.is_partner),
        PersonFact::IsSurnameChanger => Value::Bool(p.is_surname_changer),
        PersonFact::IsNewHead => Value::Bool(p.is_new_head),
        PersonFact::ReceivesPension => Value::Bool(m.receives_pension),
    }
}
