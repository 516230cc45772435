//! Where one procedure of a case stands at the back office, and the steps that
//! move it: 受付 → 入力 → 審査 → 完了, or 差戻し to the counter and back.
//! The only place these rules live; the hub refuses what `apply` refuses.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::Role;

/// A procedure's stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 受付: taken at the counter, not yet entered.
    Received,
    /// 入力: entered into the core system (仮登録).
    Entered,
    /// 審査: checked and approved (決裁).
    Checked,
    /// 完了: 本登録 done, or the card issued. Nothing moves it again.
    Done,
    /// 差戻し: sent back to the counter with a reason, waiting for its answer.
    Returned,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Received,
        Stage::Entered,
        Stage::Checked,
        Stage::Done,
        Stage::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Received => "received",
            Stage::Entered => "entered",
            Stage::Checked => "checked",
            Stage::Done => "done",
            Stage::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Still work for somebody (the back office, or the counter if returned).
    pub fn open(self) -> bool {
        self != Stage::Done
    }
}

/// What a person does to a procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// 入力済: entered into the core system.
    Enter,
    /// 審査済: checked.
    Check,
    /// 完了.
    Complete,
    /// 差戻し: back to the counter, with what is wrong.
    Return { reason: String },
    /// The counter's answer to a 差戻し (what was fixed or asked): back to 受付.
    Answer { note: String },
}

impl Step {
    pub fn name(&self) -> &'static str {
        match self {
            Step::Enter => "enter",
            Step::Check => "check",
            Step::Complete => "complete",
            Step::Return { .. } => "return",
            Step::Answer { .. } => "answer",
        }
    }

    /// The words recorded with the step (a reason or an answer).
    pub fn note(&self) -> Option<&str> {
        match self {
            Step::Return { reason } => Some(reason),
            Step::Answer { note } => Some(note),
            _ => None,
        }
    }

    /// Who may take this step: the back office works a procedure; the counter
    /// answers a return; a supervisor may do either.
    pub fn allowed(&self, role: Role) -> bool {
        match self {
            Step::Enter | Step::Check | Step::Complete | Step::Return { .. } => {
                matches!(role, Role::BackOffice | Role::Supervisor)
            }
            Step::Answer { .. } => matches!(role, Role::Clerk | Role::Supervisor),
        }
    }
}

/// A step refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("a {role} may not take the step {step}")]
    Role {
        role: &'static str,
        step: &'static str,
    },
    #[error("the procedure is {from}: the step {step} does not apply ({hint})")]
    Illegal {
        from: &'static str,
        step: &'static str,
        hint: &'static str,
    },
    #[error("the step {0} needs words: a return says what is wrong, an answer what was done")]
    NoWords(&'static str),
    #[error("the words of a step are at most {MAX_NOTE} characters")]
    TooLong,
}

/// The longest reason or answer kept.
pub const MAX_NOTE: usize = 500;

/// The stage after `step`, taken by someone of `role`, from `from`.
pub fn apply(from: Stage, step: &Step, role: Role) -> Result<Stage, StepError> {
    if !step.allowed(role) {
        return Err(StepError::Role {
            role: role.as_str(),
            step: step.name(),
        });
    }
    if let Some(words) = step.note() {
        if words.trim().is_empty() {
            return Err(StepError::NoWords(step.name()));
        }
        if words.chars().count() > MAX_NOTE {
            return Err(StepError::TooLong);
        }
    }
    let illegal = |hint| {
        Err(StepError::Illegal {
            from: from.as_str(),
            step: step.name(),
            hint,
        })
    };
    match (from, step) {
        (Stage::Received, Step::Enter) => Ok(Stage::Entered),
        (Stage::Entered, Step::Check) => Ok(Stage::Checked),
        (Stage::Checked, Step::Complete) => Ok(Stage::Done),
        (Stage::Received | Stage::Entered | Stage::Checked, Step::Return { .. }) => {
            Ok(Stage::Returned)
        }
        (Stage::Returned, Step::Answer { .. }) => Ok(Stage::Received),
        (Stage::Done, _) => illegal("it is done"),
        (Stage::Returned, _) => illegal("it waits for the counter's answer"),
        (_, Step::Answer { .. }) => illegal("only a returned procedure is answered"),
        _ => illegal("the order is received, entered, checked, done"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            Just(Step::Enter),
            Just(Step::Check),
            Just(Step::Complete),
            ".{0,3}".prop_map(|reason| Step::Return { reason }),
            ".{0,3}".prop_map(|note| Step::Answer { note }),
        ]
    }

    fn role() -> impl Strategy<Value = Role> {
        prop_oneof![
            Just(Role::Clerk),
            Just(Role::FloorManager),
            Just(Role::Supervisor),
            Just(Role::BackOffice),
            Just(Role::Admin),
        ]
    }

    #[test]
    fn the_way_through() {
        let b = Role::BackOffice;
        let mut s = Stage::Received;
        for step in [Step::Enter, Step::Check, Step::Complete] {
            s = apply(s, &step, b).unwrap();
        }
        assert_eq!(s, Stage::Done);
    }

    #[test]
    fn a_clerk_cannot_check_and_the_back_office_cannot_answer() {
        assert!(matches!(
            apply(Stage::Entered, &Step::Check, Role::Clerk),
            Err(StepError::Role { .. })
        ));
        let answer = Step::Answer {
            note: "直しました".into(),
        };
        assert!(matches!(
            apply(Stage::Returned, &answer, Role::BackOffice),
            Err(StepError::Role { .. })
        ));
        assert_eq!(
            apply(Stage::Returned, &answer, Role::Clerk),
            Ok(Stage::Received)
        );
    }

    proptest! {
        /// Any sequence of steps by anyone: every accepted step is one of the
        /// edges of the machine, taken by a role allowed to; done stays done;
        /// a return or an answer always has words.
        #[test]
        fn only_the_edges_are_taken(steps in proptest::collection::vec((step(), role()), 0..40)) {
            let mut s = Stage::Received;
            let mut done_seen = false;
            for (step, role) in steps {
                let before = s;
                match apply(s, &step, role) {
                    Ok(next) => {
                        prop_assert!(step.allowed(role));
                        prop_assert!(!done_seen, "nothing moves a done procedure");
                        if let Some(w) = step.note() {
                            prop_assert!(!w.trim().is_empty());
                        }
                        let edge = matches!(
                            (before, &step, next),
                            (Stage::Received, Step::Enter, Stage::Entered)
                                | (Stage::Entered, Step::Check, Stage::Checked)
                                | (Stage::Checked, Step::Complete, Stage::Done)
                                | (Stage::Received | Stage::Entered | Stage::Checked, Step::Return { .. }, Stage::Returned)
                                | (Stage::Returned, Step::Answer { .. }, Stage::Received)
                        );
                        prop_assert!(edge, "{before:?} --{step:?}--> {next:?}");
                        s = next;
                        done_seen |= s == Stage::Done;
                    }
                    Err(_) => prop_assert_eq!(s, before),
                }
            }
        }

        /// From every stage, the back office reaches done within a few steps
        /// (nothing is stuck), answering a return through the counter.
        #[test]
        fn every_stage_can_finish(start in proptest::sample::select(Stage::ALL.to_vec())) {
            let mut s = start;
            for _ in 0..5 {
                s = match s {
                    Stage::Received => apply(s, &Step::Enter, Role::BackOffice).unwrap(),
                    Stage::Entered => apply(s, &Step::Check, Role::BackOffice).unwrap(),
                    Stage::Checked => apply(s, &Step::Complete, Role::BackOffice).unwrap(),
                    Stage::Returned => apply(s, &Step::Answer { note: "ok".into() }, Role::Clerk).unwrap(),
                    Stage::Done => break,
                };
            }
            prop_assert_eq!(s, Stage::Done);
        }
    }
}
