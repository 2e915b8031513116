//! The host's process table after the current command: what `ps -ef` on the
//! node lists of the runtimes and their containers (shims, monitors, VMMs,
//! sandbox kernels, workloads). Under Kata the pod's processes are the shim,
//! virtiofsd and QEMU, and nginx is not there; under runc it is, as a child
//! of its shim. Asked of the engine module when the list is first opened
//! (natively, computed by the core), and kept with the run.

use crate::browser;
use crate::run::Run;
use atlas_core::played::Processes;
use atlas_core::Component;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`HostProcesses`].
#[derive(Properties)]
pub struct HostProcessesProps {
    /// The run.
    pub run: Rc<Run>,
    /// Current hop.
    pub pos: usize,
}

/// The run compares by identity.
impl PartialEq for HostProcessesProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run) && self.pos == o.pos
    }
}

/// Where the engine module's tables stand when the run has none yet.
#[derive(Debug, Clone, PartialEq)]
enum Asked {
    /// Not asked, or asked and answered.
    Not,
    /// Asked, not answered.
    Loading,
    /// Why there are none (the module could not be loaded, or it stopped).
    Failed(atlas_core::Msg),
}

/// The list, folded until opened.
#[function_component(HostProcesses)]
pub fn host_processes(props: &HostProcessesProps) -> Html {
    let open = use_state(|| false);
    let asked = use_state(|| Asked::Not);
    let attempt = use_state(|| 0u32);
    {
        // Opened on a scenario's run whose tables are not there: ask the
        // engine module (again after a failure, when the reader says so).
        let (asked, run) = (asked.clone(), Rc::clone(&props.run));
        let key = (*open, Rc::as_ptr(&props.run) as usize, *attempt);
        use_effect_with(key, move |&(open, _, _)| {
            if open && run.host_processes().is_none() {
                if let Some(ask) = run.source().cloned() {
                    asked.set(Asked::Loading);
                    browser::host_processes(&ask, move |answer| {
                        let tables = answer
                            .map_err(|detail| atlas_core::msg!("app-detail", detail = detail))
                            .and_then(|json| {
                                serde_json::from_str::<Processes>(&json)
                                    .map_err(|e| {
                                        atlas_core::msg!(
                                            "app-engine-unreadable",
                                            why = e.to_string()
                                        )
                                    })
                                    .and_then(|t| t)
                            });
                        match tables {
                            Ok(t) => {
                                run.keep_host_processes(Rc::new(t));
                                asked.set(Asked::Not);
                            }
                            Err(why) => asked.set(Asked::Failed(why)),
                        }
                    });
                }
            }
        });
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let d: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(d.open());
        })
    };
    let tr = use_context::<crate::i18n::Tr>().unwrap_or_default();
    let run = &props.run;
    let body = if *open {
        // The table after the last command that has finished at this hop.
        let step = run.step_at(props.pos);
        let done = if run.finished(step, props.pos) {
            Some(step)
        } else {
            step.checked_sub(1)
        };
        match (run.host_processes(), done) {
            (None, _) if run.source().is_none() => {
                html! { <p>{ tr.t("app-procs-no-host") }</p> }
            }
            (None, _) => match &*asked {
                Asked::Failed(why) => {
                    let attempt = attempt.clone();
                    let retry = Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1));
                    html! {
                        <div class="engine-status failed" role="alert">
                            <p>{ tr.msg(&atlas_core::msg!("app-procs-engine-failed", why = why.clone())) }</p>
                            <button type="button" class="engine-retry" onclick={retry}>{ tr.t("app-try-again") }</button>
                        </div>
                    }
                }
                Asked::Loading | Asked::Not => html! {
                    <p class="engine-status loading" role="status">{ tr.t("app-engine-loading-short") }</p>
                },
            },
            (Some(_), None) => {
                html! { <p>{ tr.t("app-procs-before") }</p> }
            }
            (Some(table), Some(i)) => {
                let rows = table.get(i).cloned().unwrap_or_default();
                let after = run
                    .records
                    .get(i)
                    .map(|r| r.command.clone())
                    .unwrap_or_default();
                let lines = rows.iter().map(|p| {
                    let kind = if p.program == Component::Container { tr.t("app-procs-workload") } else { p.program.id().to_string() };
                    html! {
                        <tr class={classes!((p.program == Component::Container).then_some("workload"))}
                            title={p.container.as_ref().map(|c| tr.msg(&atlas_core::msg!("app-procs-container", id = c.get(..12).unwrap_or(c))))}>
                            <td class="pid">{ p.pid }</td>
                            <td class="pid">{ p.ppid }</td>
                            <td class="prog">{ kind }</td>
                            <td class="cmd"><code>{ p.argv.join(" ") }</code></td>
                        </tr>
                    }
                });
                html! {
                    <>
                        <p class="after">{ tr.t("app-procs-after") }{ " " }<code>{ format!("$ {after}") }</code></p>
                        if rows.is_empty() {
                            <p>{ tr.t("app-procs-none") }</p>
                        } else {
                            <div class="table-wrap">
                                <table>
                                    <thead><tr><th>{ "PID" }</th><th>{ "PPID" }</th><th>{ tr.t("app-procs-what") }</th><th>{ tr.t("app-procs-cmdline") }</th></tr></thead>
                                    <tbody>{ for lines }</tbody>
                                </table>
                            </div>
                        }
                    </>
                }
            }
        }
    } else {
        html! {}
    };
    html! {
        <details class="host-procs" id="host-procs" {ontoggle}>
            <summary>{ tr.t("app-procs-title") }</summary>
            { body }
        </details>
    }
}
