//! An AI system's own evidence records, one per kind at most.

use super::{Evidence, EvidenceKind};

/// An AI system's evidence records by kind, at most one per [`EvidenceKind`], always in the order of the kinds (the
/// order a `BTreeMap` keyed by kind would give). A sorted list rather than a tree: a system holds at most 15 records,
/// found by binary search, and a tree's nodes took about 2.5 times the memory of the records themselves (5.6 KB
/// against 2.2 KB for a system with 14 records, over 300 MB at 100,000 systems).
#[derive(Debug, Clone, Default)]
pub struct SystemEvidence(Vec<(EvidenceKind, Evidence)>);

impl SystemEvidence {
    /// No records.
    pub fn new() -> SystemEvidence {
        SystemEvidence(Vec::new())
    }

    /// No records, with room for `n` without growing.
    pub fn with_capacity(n: usize) -> SystemEvidence {
        SystemEvidence(Vec::with_capacity(n))
    }

    /// The record of `kind`, if the system gives one.
    pub fn get(&self, kind: &EvidenceKind) -> Option<&Evidence> {
        self.0.binary_search_by(|(k, _)| k.cmp(kind)).ok().map(|i| &self.0[i].1)
    }

    /// Whether the system gives a record of `kind`.
    pub fn contains_key(&self, kind: &EvidenceKind) -> bool {
        self.get(kind).is_some()
    }

    /// Puts `evidence` as the record of `kind`, returning the record it replaces, if any.
    pub fn insert(&mut self, kind: EvidenceKind, evidence: Evidence) -> Option<Evidence> {
        match self.0.binary_search_by(|(k, _)| k.cmp(&kind)) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, evidence)),
            Err(i) => {
                self.0.insert(i, (kind, evidence));
                None
            }
        }
    }

    /// The records with their kinds, in the order of the kinds.
    pub fn iter(&self) -> impl Iterator<Item = (&EvidenceKind, &Evidence)> {
        self.0.iter().map(|(k, e)| (k, e))
    }

    /// The kinds given, in order.
    pub fn keys(&self) -> impl Iterator<Item = &EvidenceKind> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The records, in the order of their kinds.
    pub fn values(&self) -> impl Iterator<Item = &Evidence> {
        self.0.iter().map(|(_, e)| e)
    }

    /// How many records the system gives.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the system gives no record.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(EvidenceKind, Evidence)> for SystemEvidence {
    /// Collects records as `BTreeMap::from_iter` would: sorted by kind, the last record of a kind kept.
    fn from_iter<I: IntoIterator<Item = (EvidenceKind, Evidence)>>(iter: I) -> SystemEvidence {
        let mut records = SystemEvidence::new();
        for (kind, evidence) in iter {
            records.insert(kind, evidence);
        }
        records
    }
}

impl<'a> IntoIterator for &'a SystemEvidence {
    type Item = (&'a EvidenceKind, &'a Evidence);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (EvidenceKind, Evidence)>,
        fn(&'a (EvidenceKind, Evidence)) -> (&'a EvidenceKind, &'a Evidence),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, e)| (k, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{EvidenceStatus, FileState, Location};

    fn record(file: &str) -> Evidence {
        Evidence {
            file: Some(file.to_string()),
            file_state: FileState::Present,
            reviewed: None,
            title: None,
            description: None,
            location: Location { file: "systems/s.yaml".to_string(), line: 1 },
            status: EvidenceStatus::Approved,
            effective: None,
            url: None,
            register_id: None,
        }
    }

    #[test]
    fn keeps_the_order_of_the_kinds_and_the_last_record_of_a_kind() {
        let records: SystemEvidence = [
            (EvidenceKind::Monitoring, record("a")),
            (EvidenceKind::ImpactAssessment, record("b")),
            (EvidenceKind::Monitoring, record("c")),
        ]
        .into_iter()
        .collect();
        let kinds: Vec<_> = records.keys().copied().collect();
        assert_eq!(kinds, [EvidenceKind::ImpactAssessment, EvidenceKind::Monitoring]);
        assert_eq!(records.get(&EvidenceKind::Monitoring).and_then(|e| e.file.as_deref()), Some("c"));
        assert!(!records.contains_key(&EvidenceKind::EventLogging));
        assert_eq!(records.len(), 2);
    }
}
