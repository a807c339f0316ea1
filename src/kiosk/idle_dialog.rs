//! The warning before a kiosk forgets its visitor (WCAG 2.2.1): a visible countdown, a large
//! "I'm still here" button that has the focus, and "Finish" to leave at once.

use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct IdleDialogProps {
    pub seconds: u64,
    pub on_still_here: Callback<()>,
    pub on_finish: Callback<()>,
}

#[component]
pub fn IdleDialog(props: &IdleDialogProps) -> Html {
    let i18n = use_i18n();
    let button = use_node_ref();
    let finish_button = use_node_ref();
    {
        let button = button.clone();
        use_effect_with((), move |()| {
            if let Some(button) = button.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("seconds", props.seconds);
    let still_here = props.on_still_here.reform(|_: MouseEvent| ());
    let finish = props.on_finish.reform(|_: MouseEvent| ());
    // Escape means "I'm here", never "erase": erasing takes a deliberate press. Tab stays inside
    // the dialog (it is modal): it moves between its two buttons.
    let on_keydown = {
        let on_still_here = props.on_still_here.clone();
        let (button, finish_button) = (button.clone(), finish_button.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => on_still_here.emit(()),
            "Tab" => {
                event.prevent_default();
                let active = gloo::utils::document().active_element();
                let on_still_here_button = active.is_some_and(|active| {
                    button.get().is_some_and(|node| node.is_same_node(Some(&active)))
                });
                let next = if on_still_here_button { &finish_button } else { &button };
                if let Some(next) = next.cast::<web_sys::HtmlElement>() {
                    let _ = next.focus();
                }
            }
            _ => {}
        })
    };
    html! {
        <div class="idle-backdrop">
            <div class="idle-dialog" role="alertdialog" aria-modal="true"
                aria-labelledby="idle-title" aria-describedby="idle-body" onkeydown={on_keydown}>
                <h2 id="idle-title">{ i18n.text("kiosk-idle-title") }</h2>
                <p id="idle-body" class="idle-countdown">
                    { i18n.text_with("kiosk-idle-body", &args) }
                </p>
                <p class="idle-seconds" aria-hidden="true" data-seconds={props.seconds.to_string()}>
                    { props.seconds }
                </p>
                <button ref={button} type="button" class="button button-primary button-huge idle-still-here"
                    onclick={still_here}>
                    { i18n.text("kiosk-still-here") }
                </button>
                <button ref={finish_button} type="button" class="button button-secondary idle-finish" onclick={finish}>
                    { i18n.text("kiosk-finish") }
                </button>
            </div>
        </div>
    }
}
