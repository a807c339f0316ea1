//! Three buttons, each naming its language in that language, so a visitor who reads only one of
//! them can find it.

use yew::prelude::*;

use crate::i18n::{Language, use_i18n};

#[component]
pub fn LanguageSwitch() -> Html {
    let i18n = use_i18n();
    let current = i18n.language();
    // Each button's label comes from its own language's compiled-in file: parse the three once,
    // not on every render of the header (it re-renders on every connectivity probe).
    let names = use_memo((), |_| Language::ALL.map(Language::name));
    let buttons = Language::ALL.into_iter().zip(names.iter().cloned()).map(|(language, name)| {
        let onclick = {
            let set_language = i18n.set_language.clone();
            Callback::from(move |_: MouseEvent| set_language.emit(language))
        };
        html! {
            <button
                type="button"
                class="language-button"
                lang={language.tag()}
                dir={language.direction()}
                aria-pressed={(language == current).to_string()}
                data-language={language.tag()}
                {onclick}
            >
                { name }
            </button>
        }
    });
    html! {
        <nav class="language-switch" aria-label={i18n.text("language-switch-label")}>
            { for buttons }
        </nav>
    }
}
