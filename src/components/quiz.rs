//! The quiz panel (`p=quiz`): one question at a time (`#quiz-question`,
//! radio choices named `quiz`), Answer (`#quiz-answer`) → the feedback
//! (`#quiz-feedback[data-correct]`) with the explanation and the link to
//! the hop that shows it (`a#quiz-hop`), Next (`#quiz-next`), and the
//! score this browser keeps. The questions come from the engine module,
//! asked on first use.

use crate::browser;
use crate::i18n::Tr;
use crate::link::ViewState;
use crate::state::drill::{Failure, Fetch};
use crate::state::quiz::{Quiz, QuizAction};
use atlas_core::msg;
use yew::prelude::*;

/// Props of [`QuizPanel`].
#[derive(Properties, Clone, PartialEq)]
pub struct QuizPanelProps {
    /// The view (the hop's link keeps its language and theme).
    pub view: ViewState,
}

/// The quiz panel.
#[function_component(QuizPanel)]
pub fn quiz_panel(props: &QuizPanelProps) -> Html {
    let tr = use_context::<Tr>().unwrap_or_default();
    let lang = tr.lang();
    let quiz = use_reducer(|| Quiz::new(&browser::stored("atlas-quiz")));
    {
        let d = quiz.dispatcher();
        let want = matches!(quiz.list, Fetch::Loading);
        use_effect_with((want, quiz.asked), move |&(want, _)| {
            if want {
                browser::practice("quiz_list", "", move |r| d.dispatch(QuizAction::List(r)));
            }
        });
    }
    {
        let score = quiz.score;
        use_effect_with(quiz.saved, move |&saved| {
            if saved > 0 {
                browser::store("atlas-quiz", &score.to_json());
            }
        });
    }
    // One listener for the buttons (`data-act`), one for the choices.
    let onclick = {
        let d = quiz.dispatcher();
        Callback::from(move |e: MouseEvent| {
            d.dispatch(match browser::act(&e).as_deref() {
                Some("answer") => QuizAction::Answer,
                Some("next") => QuizAction::Next,
                Some("restart") => QuizAction::Restart,
                Some("retry") => QuizAction::Retry,
                _ => return,
            })
        })
    };
    let onchange = {
        let d = quiz.dispatcher();
        Callback::from(move |e: Event| {
            let i = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            if let Ok(i) = i.parse() {
                d.dispatch(QuizAction::Choose(i));
            }
        })
    };
    let score = html! {
        <p id="quiz-score" class="quiz-score" data-right={quiz.score.right.to_string()}
            data-answered={quiz.score.answered.to_string()}>
            { tr.msg(&msg!("practice-quiz-score", right = quiz.score.right, answered = quiz.score.answered)) }
            { " " }
            <button type="button" id="quiz-restart" data-act="restart">
                { tr.t("practice-quiz-restart") }
            </button>
        </p>
    };
    let body = match (&quiz.list, quiz.question()) {
        (Fetch::Loading, _) => {
            html! { <p class="drill-loading" role="status">{ tr.t("practice-quiz-loading") }</p> }
        }
        (Fetch::Failed(f), _) => {
            let why = match f {
                Failure::Module(w) => w.clone(),
                Failure::Said(m) => tr.msg(m),
            };
            html! {
                <p class="drill-failed" role="alert">
                    { tr.msg(&msg!("practice-quiz-failed", why = why)) }{ " " }
                    <button type="button" data-act="retry">{ tr.t("practice-retry") }</button>
                </p>
            }
        }
        (Fetch::Ready(_), None) => html! {},
        (Fetch::Ready(list), Some((at, q))) => {
            let answered = quiz.answered;
            let choices = q.choices.iter().enumerate().map(|(i, c)| {
                let id = format!("quiz-choice-{i}");
                let mark = match answered {
                    Some(_) if i == q.answer => Some("right"),
                    Some(a) if a == i => Some("wrong"),
                    _ => None,
                };
                html! {
                    <li class={classes!("quiz-choice", mark)}>
                        <input type="radio" name="quiz" id={id.clone()} value={i.to_string()}
                            checked={quiz.chosen == Some(i)} disabled={answered.is_some()} />
                        <label for={id}>{ super::practice::code_spans(c.get(lang)) }</label>
                    </li>
                }
            });
            let feedback = answered.map(|a| {
                let right = a == q.answer;
                let answer = q.choices.get(q.answer).map(|c| c.get(lang).to_string()).unwrap_or_default();
                let said = if right {
                    tr.t("practice-quiz-right")
                } else {
                    tr.msg(&msg!("practice-quiz-wrong", answer = answer))
                };
                let hop = q.hop_link(&props.view).zip(q.scenario).map(|(href, (s, _))| html! {
                    <a id="quiz-hop" href={href}>
                        { tr.msg(&msg!("practice-quiz-hop", scenario = tr.msg(&s.title()), hop = q.hop + 1)) }
                    </a>
                });
                html! {
                    <div id="quiz-feedback" class={classes!("quiz-feedback", if right { "right" } else { "wrong" })}
                        data-correct={right.to_string()} role="status" aria-live="polite">
                        <p class="quiz-verdict">{ said }</p>
                        <p class="quiz-explanation">{ super::practice::code_spans(q.explanation.get(lang)) }</p>
                        { for hop }
                        <button type="button" id="quiz-next" class="primary" data-act="next">
                            { tr.t("practice-quiz-next") }
                        </button>
                    </div>
                }
            });
            html! {
                <div class="quiz-form" {onchange}>
                    <fieldset id="quiz-question" class="quiz-question" data-question={q.id.clone()}>
                        <legend>
                            <span class="quiz-number">
                                { tr.msg(&msg!("practice-quiz-number", n = at + 1, total = list.len())) }
                            </span>
                            <span class="quiz-text">{ super::practice::code_spans(q.question.get(lang)) }</span>
                        </legend>
                        <ul class="quiz-choices" aria-label={tr.t("practice-quiz-choices")}>{ for choices }</ul>
                    </fieldset>
                    if answered.is_none() {
                        <button type="button" id="quiz-answer" class="primary" disabled={quiz.chosen.is_none()}
                            data-act="answer">{ tr.t("practice-quiz-answer") }</button>
                    }
                    { for feedback }
                </div>
            }
        }
    };
    html! {
        <section id="quiz" class="quiz" aria-labelledby="quiz-heading" lang={lang.id()} {onclick}>
            <link rel="stylesheet" href="practice.css" />
            <div class="drills-head">
                <h2 id="quiz-heading">{ tr.t("practice-quiz") }</h2>
                { score }
            </div>
            { body }
        </section>
    }
}
