//! Opening a file with a panel's file picker or by dropping it on the panel
//! (the OCI inspector and trace replay share this).

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The callbacks of a panel that takes one file.
pub struct FileDrop {
    /// `onchange` of the `<input type="file">`: opens the chosen file, then
    /// clears the input so that choosing the same file again reopens it.
    pub on_change: Callback<Event>,
    /// `ondragover`: accept the drop.
    pub on_drag_over: Callback<DragEvent>,
    /// `ondrop`: opens the first file dropped.
    pub on_drop: Callback<DragEvent>,
}

impl FileDrop {
    /// Both ways of opening lead to `open`.
    pub fn new(open: impl Fn(web_sys::File) + Clone + 'static) -> FileDrop {
        let on_change = {
            let open = open.clone();
            Callback::from(move |e: Event| {
                let input = e.target_unchecked_into::<HtmlInputElement>();
                if let Some(f) = input.files().and_then(|l| l.get(0)) {
                    open(f);
                }
                input.set_value("");
            })
        };
        let on_drop = Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(f) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|l| l.get(0))
            {
                open(f);
            }
        });
        FileDrop {
            on_change,
            on_drag_over: Callback::from(|e: DragEvent| e.prevent_default()),
            on_drop,
        }
    }
}
