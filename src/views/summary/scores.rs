//! Scores as the human documents show them: the percentage, and what it leaves out wherever it leaves something
//! out, so that a score never reads as more complete than it is (docs/wording.md). A score counts only the
//! requirements (or per-system controls) that are applicable, due and assessed (docs/scoring.md).

use crate::assess::{Counts, SystemResult};
use crate::render::{percent, plural};

/// A clause's, objective's or the organisation's score in words: the percentage alone when every applicable
/// requirement is assessed, "100.0% (1 of 2 assessed)" when some are not assessed yet, "not assessed" when none is,
/// "n/a" when none applies.
pub fn of_counts(c: &Counts) -> String {
    let assessed = c.compliant + c.partially_compliant + c.non_compliant;
    match (assessed, c.not_assessed) {
        (0, 0) => percent(None),
        (0, _) => "not assessed".to_string(),
        (_, 0) => percent(c.score()),
        (n, left) => format!("{} ({n} of {} assessed)", percent(c.score()), n + left),
    }
}

/// An AI system's score in words: the percentage, and in brackets the per-system controls not yet due at its
/// life-cycle stage ("100.0% (4 of 15 controls due so far)") and those not assessed yet ("2 of 4 assessed"); "none
/// due yet" when no control is due, "not assessed" when none of the due ones is assessed, "n/a" when none applies.
pub fn of_system(s: &SystemResult) -> String {
    let c = &s.counts;
    let not_yet_due = s.not_yet_due.len();
    let assessed = c.compliant + c.partially_compliant + c.non_compliant;
    let due = assessed + c.not_assessed;
    let applicable = due + not_yet_due;
    let mut parts = Vec::new();
    if not_yet_due > 0 {
        parts.push(format!("{due} of {applicable} {} due so far", plural("control", applicable)));
    }
    if c.not_assessed > 0 && assessed > 0 {
        parts.push(format!("{assessed} of {due} assessed"));
    }
    let score = match (assessed, due) {
        (0, 0) if not_yet_due > 0 => return "none due yet".to_string(),
        (0, 0) => return percent(None),
        (0, _) => "not assessed".to_string(),
        _ => percent(s.score),
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
    }
}
