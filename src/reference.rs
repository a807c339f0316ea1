//! The reference lists the app runs with (wilayas, communes, occupations…): one value shared by
//! every screen, replaced at once when a newer version arrives.
//!
//! The lists are never compiled into the wasm. The build ships them as a hashed file
//! (`reference-<hash>.json`, named in `<meta name="guichet-reference">`) that the service worker
//! precaches; the agency may send a newer version at a sync, which the offers worker keeps in
//! IndexedDB. [`ReferenceProvider`] loads the newer of the two at start and again when the worker
//! says a sync brought newer lists, and provides them: components read them with
//! [`use_reference`] and never fetch them themselves. Only the parts of the app whose screens
//! show places or occupations have the provider (`crate::parts`), so the others' modules carry
//! none of the lists' reading. The worker loads the same way for its index
//! ([`newest_reference`]).

use std::rc::Rc;

use gloo::net::http::Request;
use guichet_core::reference::ReferenceData;
use guichet_protocol::reference::Reference;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::storage::Database;
use crate::storage::offers as store;

/// The current reference lists. Version 0 (no list at all) until they are loaded.
#[derive(Debug, Clone)]
pub struct ReferenceContext(pub Rc<ReferenceData>);

impl PartialEq for ReferenceContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl ReferenceContext {
    /// Lists with nothing in them, shown while the real ones load.
    pub fn empty() -> Self {
        let nothing = Reference {
            version: 0,
            wilayas: Vec::new(),
            communes: Vec::new(),
            occupation_groups: Vec::new(),
            occupations: Vec::new(),
            contract_types: Vec::new(),
            sectors: Vec::new(),
        };
        Self(Rc::new(ReferenceData::new(nothing).expect("empty lists are consistent")))
    }

    pub fn is_loaded(&self) -> bool {
        self.0.version() > 0
    }
}

/// How many times the offers worker said a sync brought newer reference lists than those it
/// started with: provided by the offers provider, which hears the worker, so that
/// [`ReferenceProvider`] loads them again at each change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReferenceChanges(pub u32);

#[derive(Debug, Properties, PartialEq)]
pub struct ReferenceProviderProps {
    pub children: Html,
}

/// Loads the reference lists and provides them ([`use_reference`]); again each time the offers
/// worker says a sync brought newer ones ([`ReferenceChanges`]). Must be inside the offers
/// provider.
#[component]
pub fn ReferenceProvider(props: &ReferenceProviderProps) -> Html {
    let reference = use_state(ReferenceContext::empty);
    let changes = use_context::<ReferenceChanges>().unwrap_or_default();
    {
        let set_reference = reference.setter();
        use_effect_with(changes, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let database = Database::open().await.ok();
                let path = build_reference_path();
                match newest_reference(database.as_ref(), path.as_deref()).await {
                    Some(loaded) => set_reference.set(ReferenceContext(loaded)),
                    None => {
                        web_sys::console::warn_1(&"no reference lists could be loaded".into());
                    }
                }
            });
        });
    }
    html! {
        <ContextProvider<ReferenceContext> context={(*reference).clone()}>
            { props.children.clone() }
        </ContextProvider<ReferenceContext>>
    }
}

/// The current reference lists; empty (version 0) outside [`ReferenceProvider`] or before load.
#[hook]
pub fn use_reference() -> Rc<ReferenceData> {
    use_context::<ReferenceContext>().unwrap_or_else(ReferenceContext::empty).0
}

/// Why the build's reference file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("index.html names no reference file")]
    NotNamed,
    #[error("the reference file could not be fetched")]
    Unreachable,
    #[error("the reference file answered {0}")]
    Status(u16),
    #[error("the reference file could not be read")]
    Decode,
}

/// The lists shipped with this build (at `path`, from [`build_reference_path`]), through the
/// service worker's cache when offline.
pub async fn fetch_build_reference(path: Option<&str>) -> Result<Reference, LoadError> {
    let path = path.ok_or(LoadError::NotNamed)?;
    let response = Request::get(path).send().await.map_err(|_| LoadError::Unreachable)?;
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    response.json::<Reference>().await.map_err(|_| LoadError::Decode)
}

/// The newer of the build's reference lists (at `path`) and those cached from the agency in
/// `database`; `None` when neither can be read.
pub async fn newest_reference(
    database: Option<&Database>,
    path: Option<&str>,
) -> Option<Rc<ReferenceData>> {
    let cached = match database {
        Some(database) => store::read_reference(database).await.ok().flatten(),
        None => None,
    };
    let shipped = match fetch_build_reference(path).await {
        Ok(shipped) => Some(shipped),
        Err(error) => {
            web_sys::console::warn_1(&format!("built-in reference lists: {error}").into());
            None
        }
    };
    let newest = match (cached, shipped) {
        (Some(cached), Some(shipped)) if shipped.version >= cached.version => Some(shipped),
        (Some(cached), _) => Some(cached),
        (None, shipped) => shipped,
    }?;
    ReferenceData::new(newest).map(Rc::new).ok()
}

/// The path `cargo xtask post-build` wrote into `<meta name="guichet-reference">` (in the page;
/// `None` in a worker, which has no document).
pub fn build_reference_path() -> Option<String> {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| {
            document.query_selector("meta[name=\"guichet-reference\"]").ok().flatten()
        })
        .and_then(|element| element.dyn_into::<web_sys::HtmlMetaElement>().ok())
        .map(|meta| meta.content())
        .filter(|path| !path.is_empty())
}
