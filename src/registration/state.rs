//! The wizard's state as a Yew reducer. Actions carry `now` and `today`, so the reducer never
//! reads a clock or touches the browser.

use std::collections::HashSet;
use std::rc::Rc;

use guichet_core::draft::Draft;
use guichet_core::registration::{Step, field_errors};
use guichet_core::time::Timestamp;
use guichet_core::validation::{CivilDate, ErrorCode, FieldError};
use guichet_protocol::registration::Registration;
use yew::Reducible;

use crate::reference::ReferenceContext;

/// The element that gets the focus when a new step shows.
pub const STEP_TITLE_ID: &str = "wizard-step-title";

/// The DOM id of the control for `path` (`identity.nin` → `field-identity-nin`): where the
/// state sends the focus, and what `super::fields` gives each control.
pub fn field_id(path: &str) -> String {
    format!("field-{}", path.replace('.', "-"))
}

/// Everything the wizard shows.
#[derive(Debug, Clone, PartialEq)]
pub struct WizardState {
    /// `None` until the stored draft (or a new one) is known.
    pub draft: Option<Draft>,
    pub today: CivilDate,
    /// Every current error of the form, in form order.
    pub errors: Vec<FieldError>,
    /// Fields whose error is shown: left once, or part of a step the person tried to leave.
    pub shown: HashSet<String>,
    /// The element id to focus, with a sequence number so the same id can be asked twice.
    pub focus: Option<(u64, String)>,
    /// Whether the step's error summary shows (after a refused "Next").
    pub summary: bool,
    /// The previous draft had expired and was deleted.
    pub expired_notice: bool,
    /// Increases with each change worth saving.
    pub revision: u64,
    /// The reference lists the answers are checked against: the app's current ones.
    pub reference: ReferenceContext,
}

/// A change to one field, as a function over the registration.
#[derive(Clone)]
pub struct Edit(pub Rc<dyn Fn(&mut Registration)>);

impl std::fmt::Debug for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Edit")
    }
}

#[derive(Debug, Clone)]
pub enum Action {
    /// The stored draft, or a fresh one, is ready.
    Loaded {
        draft: Box<Draft>,
        expired: bool,
        today: CivilDate,
    },
    Edit {
        edit: Edit,
        now: Timestamp,
    },
    /// The person left a field: its error may show.
    Blur(String),
    Next {
        now: Timestamp,
    },
    Back {
        now: Timestamp,
    },
    GoTo {
        step: Step,
        now: Timestamp,
    },
    /// The app's reference lists loaded or changed: check the answers against them.
    Reference(ReferenceContext),
}

/// The path of the control that shows an error at `field`. Errors on one element of a list show
/// on the list's control (the wizard asks for the first occupation through one select, and
/// languages or wilayas through one group of checkboxes); other paths are their own control.
pub fn control_path(field: &str) -> &str {
    if field == "experience.occupations.0.code" {
        return "experience.occupations";
    }
    match field.rsplit_once('.') {
        Some((list, index)) if index.chars().all(|c| c.is_ascii_digit()) => list,
        _ => field,
    }
}

impl WizardState {
    pub fn new(today: CivilDate) -> Self {
        Self {
            draft: None,
            today,
            errors: Vec::new(),
            shown: HashSet::new(),
            focus: None,
            summary: false,
            expired_notice: false,
            revision: 0,
            reference: ReferenceContext::empty(),
        }
    }

    pub fn step(&self) -> Step {
        self.draft.as_ref().map(Draft::step).unwrap_or(Step::CivilStatus)
    }

    /// The error to show on the control for `control` (a path as [`control_path`] gives it).
    pub fn shown_error(&self, control: &str) -> Option<ErrorCode> {
        self.shown.contains(control).then_some(())?;
        self.errors
            .iter()
            .find(|error| control_path(&error.field) == control)
            .map(|error| error.code)
    }

    /// The errors shown on the current step.
    pub fn shown_step_errors(&self) -> Vec<&FieldError> {
        let step = self.step();
        self.errors
            .iter()
            .filter(|error| {
                Step::of_field(&error.field) == step
                    && self.shown.contains(control_path(&error.field))
            })
            .collect()
    }

    fn validate(&mut self) {
        if let Some(draft) = &self.draft {
            self.errors = field_errors(&draft.registration, self.today, self.reference.0.as_ref());
        }
    }

    fn request_focus(&mut self, id: String) {
        let sequence = self.focus.as_ref().map_or(0, |(sequence, _)| sequence + 1);
        self.focus = Some((sequence, id));
    }

    fn move_to(&mut self, step: Step, now: Timestamp) {
        if let Some(draft) = &mut self.draft {
            let registration = draft.registration.clone();
            draft.update(step, registration, now);
            self.summary = false;
            self.revision += 1;
            self.request_focus(STEP_TITLE_ID.to_owned());
        }
    }
}

impl Reducible for WizardState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        match action {
            Action::Loaded { draft, expired, today } => {
                state.today = today;
                state.draft = Some(*draft);
                state.expired_notice = expired;
                state.validate();
            }
            Action::Edit { edit, now } => {
                let Some(draft) = &mut state.draft else { return self };
                let mut registration = draft.registration.clone();
                (edit.0)(&mut registration);
                if registration == draft.registration {
                    return self;
                }
                draft.update(draft.step(), registration, now);
                state.revision += 1;
                state.validate();
            }
            Action::Blur(field) => {
                if state.shown.contains(&field) {
                    return self;
                }
                state.shown.insert(field);
            }
            Action::Next { now } => {
                let step = state.step();
                let step_errors = step.errors(&state.errors);
                if let Some(first) = step_errors.first() {
                    state.shown.extend(
                        step_errors.iter().map(|error| control_path(&error.field).to_owned()),
                    );
                    state.summary = true;
                    state.request_focus(field_id(control_path(&first.field)));
                } else if let Some(next) = step.next() {
                    state.move_to(next, now);
                }
            }
            Action::Back { now } => {
                if let Some(previous) = state.step().previous() {
                    state.move_to(previous, now);
                }
            }
            Action::GoTo { step, now } => state.move_to(step, now),
            Action::Reference(reference) => {
                if reference == state.reference {
                    return self;
                }
                state.reference = reference;
                state.validate();
            }
        }
        Rc::new(state)
    }
}
