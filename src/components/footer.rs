//! The footer: the human alternative (ask at the desk) and the build, for support.

use fluent_bundle::FluentArgs;
use yew::prelude::*;

use crate::browser;
use crate::i18n::use_i18n;

#[component]
pub fn Footer() -> Html {
    let i18n = use_i18n();
    let build = use_memo((), |_| browser::build_id());
    let version = match build.as_ref() {
        Some(build) => {
            let mut args = FluentArgs::new();
            args.set("build", build.clone());
            i18n.text_with("footer-version", &args)
        }
        None => i18n.text("footer-version-dev"),
    };
    html! {
        <footer class="site-footer">
            <p class="help">{ i18n.text("footer-help") }</p>
            <p class="build" data-build={build.as_ref().clone().unwrap_or_default()}>{ version }</p>
        </footer>
    }
}
