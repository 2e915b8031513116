//! What helps a newcomer read the page: the glossary card, the keyboard
//! shortcuts and the first visit's tour. A small reducer of its own, beside
//! the page's ([`super::AppState`]): none of it is in the link, and none of
//! it changes the run.

use crate::browser::Place;
use atlas_core::glossary::TermId;
use std::rc::Rc;
use yew::Reducible;

/// The glossary card: the list of every entry, or one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    /// Every entry.
    List,
    /// One entry.
    Entry(TermId),
}

/// A step of the tour: the element it points at (a CSS selector) and its
/// words (title and text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The element the step highlights.
    pub target: &'static str,
    /// The bubble's title.
    pub title: &'static str,
    /// The bubble's text.
    pub text: &'static str,
}

/// The tour: the diagram, the narration, the playback controls and keys,
/// the panels, and where the help is.
pub const TOUR: &[Step] = &[
    Step {
        target: "figure.topology",
        title: "tour-diagram-title",
        text: "tour-diagram-text",
    },
    Step {
        target: "#narration",
        title: "tour-narration-title",
        text: "tour-narration-text",
    },
    Step {
        target: ".playback",
        title: "tour-playback-title",
        text: "tour-playback-text",
    },
    Step {
        target: ".tabs",
        title: "tour-panels-title",
        text: "tour-panels-text",
    },
    Step {
        target: ".learn",
        title: "tour-help-title",
        text: "tour-help-text",
    },
];

/// What is open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Learn {
    /// The glossary card, when open.
    pub card: Option<Card>,
    /// Whether the keyboard shortcuts are shown.
    pub keys: bool,
    /// The tour's step, while the tour runs.
    pub tour: Option<usize>,
    /// Where the element the tour's step points at is, once measured.
    pub place: Option<Place>,
}

/// A change of [`Learn`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LearnAction {
    /// Open a glossary entry.
    Term(TermId),
    /// Open the glossary's list.
    Glossary,
    /// Close the glossary card.
    CloseCard,
    /// Show or hide the keyboard shortcuts (`?`).
    Keys,
    /// Start the tour at its first step.
    Tour,
    /// Move the tour by this many steps (past the last: done; never before the first).
    TourStep(isize),
    /// Close the tour.
    Skip,
    /// The tour's element was measured (none: it is not on the page).
    Placed(Option<Place>),
    /// Escape: close the topmost thing open (the shortcuts, the card, the tour).
    Escape,
}

impl Learn {
    /// Whether Escape has anything to close.
    pub fn anything_open(&self) -> bool {
        self.keys || self.card.is_some() || self.tour.is_some()
    }
}

impl Reducible for Learn {
    type Action = LearnAction;

    fn reduce(self: Rc<Self>, action: LearnAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            LearnAction::Term(t) => s.card = Some(Card::Entry(t)),
            LearnAction::Glossary => s.card = Some(Card::List),
            LearnAction::CloseCard => s.card = None,
            LearnAction::Keys => s.keys = !s.keys,
            LearnAction::Tour => {
                s.tour = Some(0);
                s.keys = false;
                s.card = None;
            }
            LearnAction::TourStep(by) => {
                s.tour = s
                    .tour
                    .map(|at| at.saturating_add_signed(by))
                    .filter(|&at| at < TOUR.len());
            }
            LearnAction::Skip => s.tour = None,
            LearnAction::Placed(p) => s.place = p,
            LearnAction::Escape => {
                if s.keys {
                    s.keys = false;
                } else if s.card.is_some() {
                    s.card = None;
                } else {
                    s.tour = None;
                }
            }
        }
        if s.tour.is_none() {
            s.place = None;
        }
        if s == *self {
            self
        } else {
            Rc::new(s)
        }
    }
}

/// Whether a page opened with this fragment may show the tour: only the
/// bare page (no fragment), never a link to a view.
pub fn tour_for(fragment: &str) -> bool {
    fragment.trim_start_matches('#').trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(actions: &[LearnAction]) -> Learn {
        let mut s = Rc::new(Learn::default());
        for a in actions {
            s = s.reduce(*a);
        }
        (*s).clone()
    }

    #[test]
    fn escape_closes_the_topmost_thing_first() {
        use LearnAction::*;
        let s = after(&[Tour, Term(TermId::Shim), Keys]);
        assert_eq!(
            (s.keys, s.card, s.tour),
            (true, Some(Card::Entry(TermId::Shim)), Some(0))
        );
        let s = after(&[Tour, Term(TermId::Shim), Keys, Escape]);
        assert!(!s.keys && s.card.is_some());
        let s = after(&[Tour, Term(TermId::Shim), Keys, Escape, Escape]);
        assert_eq!((s.card, s.tour), (None, Some(0)));
        assert_eq!(after(&[Tour, Escape]), Learn::default());
        assert!(!after(&[Tour, Skip]).anything_open());
    }

    #[test]
    fn the_tour_steps_and_ends_after_its_last_step() {
        use LearnAction::*;
        assert_eq!(after(&[Tour, TourStep(1), TourStep(1)]).tour, Some(2));
        assert_eq!(
            after(&[Tour, TourStep(-1)]).tour,
            Some(0),
            "no step before the first"
        );
        let to_end: Vec<_> = std::iter::once(Tour)
            .chain(std::iter::repeat_n(TourStep(1), TOUR.len()))
            .collect();
        assert_eq!(after(&to_end).tour, None);
    }

    #[test]
    fn only_the_bare_page_offers_the_tour() {
        assert!(tour_for("") && tour_for("#"));
        assert!(!tour_for("#v1;sc=kubectl-run;hop=3"));
        assert!(!tour_for("#v1;p=replay"));
    }
}
