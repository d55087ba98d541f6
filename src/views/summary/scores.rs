//! Scores as the human documents show them: the percentage, and what it leaves out wherever it leaves something
//! out, so that a score never reads as more complete than it is (docs/wording.md). A score counts only the
//! requirements (or per-system controls) that are applicable, due and assessed (docs/scoring.md).

use crate::assess::units::UnitResult;
use crate::assess::{Counts, SystemResult};
use crate::render::{grouped, percent, plural};

/// A clause's, objective's or the organisation's score in words: the percentage alone when every applicable
/// requirement is assessed, "100.0% (1 of 2 assessed)" when some are not assessed yet, "not assessed" when none is,
/// "n/a" when none applies.
pub fn of_counts(c: &Counts) -> String {
    let assessed = c.compliant + c.partially_compliant + c.non_compliant;
    match (assessed, c.not_assessed) {
        (0, 0) => percent(None),
        (0, _) => "not assessed".to_string(),
        (_, 0) => percent(c.score()),
        (n, left) => format!("{} ({} of {} assessed)", percent(c.score()), grouped(n), grouped(n + left)),
    }
}

/// Whether a score over `c` covers only part of what it should: `Some((assessed, of))` when some of the applicable
/// requirements are assessed and others not yet (the "(1 of 2 assessed)" of [`of_counts`]), `None` when all or none
/// are. A chart marks such a score as partial, as the table's words do.
pub fn partly_assessed(c: &Counts) -> Option<(usize, usize)> {
    let assessed = c.compliant + c.partially_compliant + c.non_compliant;
    (assessed > 0 && c.not_assessed > 0).then_some((assessed, assessed + c.not_assessed))
}

/// An AI system's score in words: the percentage, and in brackets the per-system controls not yet due at its
/// life-cycle stage ("100.0% (4 of 15 controls due so far)") and those not assessed yet ("2 of 4 assessed"); "none
/// due yet" when no control is due, "not assessed" when none of the due ones is assessed, "n/a" when none applies.
pub fn of_system(s: &SystemResult) -> String {
    of_controls(&s.counts, s.not_yet_due.len(), s.score, Vec::new())
}

/// A unit's score in words, as [`of_system`] words a system's, over the per-system controls of its in-scope
/// systems added up: "7.3% (131 of 160 controls due so far)".
pub fn of_unit(u: &UnitResult) -> String {
    of_controls(&u.counts, u.not_yet_due, u.score, Vec::new())
}

/// The mean score of a group of AI systems in words (`mean`: the mean of the scores of the `scored` systems that
/// have one, out of `systems`; `counts` and `not_yet_due`: their per-system controls added up): the percentage,
/// and in brackets the systems without a score it leaves out ("40 of 47 systems scored") and the controls, as
/// [`of_system`] says them.
pub fn of_mean(mean: Option<f64>, systems: usize, scored: usize, counts: &Counts, not_yet_due: usize) -> String {
    let mut parts = Vec::new();
    if scored > 0 && scored < systems {
        parts.push(format!("{} of {} {} scored", grouped(scored), grouped(systems), plural("system", systems)));
    }
    of_controls(counts, not_yet_due, mean, parts)
}

/// A score over per-system controls (`c`, with `not_yet_due` controls not yet due), `parts` first in brackets.
fn of_controls(c: &Counts, not_yet_due: usize, score: Option<f64>, mut parts: Vec<String>) -> String {
    let assessed = c.compliant + c.partially_compliant + c.non_compliant;
    let due = assessed + c.not_assessed;
    let applicable = due + not_yet_due;
    if not_yet_due > 0 {
        parts.push(format!("{} of {} {} due so far", grouped(due), grouped(applicable), plural("control", applicable)));
    }
    if c.not_assessed > 0 && assessed > 0 {
        parts.push(format!("{} of {} assessed", grouped(assessed), grouped(due)));
    }
    let score = match (assessed, due) {
        (0, 0) if not_yet_due > 0 => return "none due yet".to_string(),
        (0, 0) => return percent(None),
        (0, _) => "not assessed".to_string(),
        _ => percent(score),
    };
    if parts.is_empty() { score } else { format!("{score} ({})", parts.join("; ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(compliant: usize, partial: usize, non: usize, not_assessed: usize) -> Counts {
        Counts { compliant, partially_compliant: partial, non_compliant: non, not_applicable: 0, not_assessed }
    }

    #[test]
    fn a_group_score_says_when_it_leaves_requirements_out() {
        assert_eq!(of_counts(&counts(1, 0, 0, 1)), "100.0% (1 of 2 assessed)");
        assert_eq!(of_counts(&counts(1, 1, 0, 0)), "75.0%");
        assert_eq!(of_counts(&counts(0, 0, 0, 7)), "not assessed");
        assert_eq!(of_counts(&counts(0, 0, 0, 0)), "n/a");
        assert_eq!(partly_assessed(&counts(1, 0, 0, 1)), Some((1, 2)));
        assert_eq!(partly_assessed(&counts(1, 1, 0, 0)), None);
        assert_eq!(partly_assessed(&counts(0, 0, 0, 7)), None);
    }

    #[test]
    fn a_mean_score_says_which_systems_and_controls_it_leaves_out() {
        assert_eq!(
            of_mean(Some(50.0), 3, 2, &counts(2, 0, 2, 0), 4),
            "50.0% (2 of 3 systems scored; 4 of 8 controls due so far)"
        );
        assert_eq!(of_mean(Some(100.0), 2, 2, &counts(4, 0, 0, 0), 0), "100.0%");
        assert_eq!(of_mean(None, 5, 0, &counts(0, 0, 0, 0), 20), "none due yet");
        assert_eq!(of_mean(None, 2, 0, &counts(0, 0, 0, 3), 0), "not assessed");
    }
}
