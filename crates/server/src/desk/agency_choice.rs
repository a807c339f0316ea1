//! Which agency a manager's page is about. A manager's is always their own, whatever the URL
//! says; an admin (who sees every agency) picks one with `?agency=`, on the kiosks, staff and
//! audit pages, from a list at the top of the page. An agency that does not exist is a 404.

use maud::{Markup, html};
use serde::Deserialize;

use super::{DeskError, http::Desk};
use crate::{agencies, infra::state::AppState, staff::Role};

/// `?agency=` as sent; empty when absent.
#[derive(Debug, Default, Deserialize)]
pub(super) struct AgencyChoice {
    #[serde(default)]
    pub agency: String,
}

/// The agency a page is about, after checking who asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Chosen {
    One(String),
    /// Every agency: an admin's audit log before they pick one.
    All,
}

impl Chosen {
    pub fn agency(&self) -> Option<&str> {
        match self {
            Chosen::One(id) => Some(id),
            Chosen::All => None,
        }
    }
}

/// Resolves `choice` for `desk`: a manager's own agency; for an admin the named one, or when
/// none is named `All` where `all_allowed`, else their own.
pub(super) async fn resolve(
    state: &AppState,
    desk: &Desk,
    choice: &AgencyChoice,
    all_allowed: bool,
) -> Result<Chosen, DeskError> {
    let own = &desk.staff().agency_id;
    if desk.staff().role != Role::Admin {
        return Ok(Chosen::One(own.clone()));
    }
    let requested = choice.agency.trim();
    if requested.is_empty() {
        return Ok(if all_allowed { Chosen::All } else { Chosen::One(own.clone()) });
    }
    match agencies::find(&state.database, requested).await? {
        Some(agency) => Ok(Chosen::One(agency.id)),
        None => Err(DeskError::NotFound),
    }
}

/// The query string a page's forms and links carry: the language, and an admin's choice.
pub(super) fn query(desk: &Desk, chosen: &Chosen) -> String {
    let language = desk.language.tag();
    let pairs: &[(&str, &str)] = match chosen.agency() {
        Some(agency) if desk.staff().role == Role::Admin => {
            &[("lang", language), ("agency", agency)]
        }
        _ => &[("lang", language)],
    };
    format!("?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
}

/// The admin's agency picker (a GET form); nothing for anyone else.
pub(super) async fn picker(
    state: &AppState,
    desk: &Desk,
    path: &str,
    chosen: &Chosen,
    all_allowed: bool,
) -> Result<Markup, DeskError> {
    if desk.staff().role != Role::Admin {
        return Ok(html! {});
    }
    let language = desk.language;
    let every = agencies::list(&state.database).await?;
    Ok(html! {
        form method="get" action=(path) class="agency-picker" {
            input type="hidden" name="lang" value=(language.tag());
            div class="field" {
                label for="agency" { (language.text("desk-agency-label")) }
                select id="agency" name="agency" {
                    @if all_allowed {
                        option value="" selected[chosen == &Chosen::All] { (language.text("desk-agency-all")) }
                    }
                    @for agency in &every {
                        option value=(agency.id) selected[chosen.agency() == Some(agency.id.as_str())] {
                            (agency.id) " · " (agency.name)
                        }
                    }
                }
            }
            button type="submit" class="secondary" { (language.text("desk-agency-show")) }
        }
    })
}
