//! How a requirement's result is serialised: the fields of [`RequirementResult`] and [`SystemStatus`] in
//! declaration order, leaving out what their `serde` attributes leave out (the JSON Schema is derived from the same
//! attributes). Written by hand for one reason: an AI system's own record is kept once, in the requirement's
//! `evidence` (with `system` set), and written twice from that copy, there and under the system's entry of
//! `systems` (without `system`), as the report has always shown it. At 100,000 systems the second copy held in
//! memory was more than a million records.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::report::{RequirementResult, SystemStatus};
use super::report_evidence::WithoutSystem;

impl Serialize for RequirementResult {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Every field is named: a field added to the struct fails to compile here until it is written.
        let RequirementResult {
            id,
            kind,
            group,
            title,
            scope,
            documented_information,
            effort,
            declared,
            status,
            waived,
            score,
            owner,
            justification,
            evidence,
            recorded_action,
            plan,
            findings,
            systems,
            location,
            waived_by,
            headline,
            system_counts,
            applicability,
            treated_by,
        } = self;
        let mut out = serializer.serialize_struct("RequirementResult", 23 + usize::from(!treated_by.is_empty()))?;
        out.serialize_field("id", id)?;
        out.serialize_field("kind", kind)?;
        out.serialize_field("group", group)?;
        out.serialize_field("title", title)?;
        out.serialize_field("scope", scope)?;
        out.serialize_field("documented_information", documented_information)?;
        out.serialize_field("effort", effort)?;
        out.serialize_field("declared", declared)?;
        out.serialize_field("status", status)?;
        out.serialize_field("waived", waived)?;
        out.serialize_field("score", score)?;
        out.serialize_field("owner", owner)?;
        out.serialize_field("justification", justification)?;
        out.serialize_field("evidence", evidence)?;
        out.serialize_field("recorded_action", recorded_action)?;
        out.serialize_field("plan", plan)?;
        out.serialize_field("findings", findings)?;
        out.serialize_field("systems", &Systems { systems, evidence })?;
        out.serialize_field("location", location)?;
        out.serialize_field("waived_by", waived_by)?;
        out.serialize_field("headline", headline)?;
        out.serialize_field("system_counts", system_counts)?;
        out.serialize_field("applicability", applicability)?;
        if !treated_by.is_empty() {
            out.serialize_field("treated_by", treated_by)?;
        }
        out.end()
    }
}

/// A requirement's per-system statuses, each with its record looked up in the requirement's `evidence`.
struct Systems<'a> {
    systems: &'a [SystemStatus],
    evidence: &'a [super::EvidenceResult],
}

impl Serialize for Systems<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.systems.iter().map(|s| One { status: s, evidence: self.evidence }))
    }
}

/// One per-system status, with the requirement's records its `evidence` points into.
struct One<'a> {
    status: &'a SystemStatus,
    evidence: &'a [super::EvidenceResult],
}

impl Serialize for One<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let SystemStatus { system, status, waived, reason, waived_by, headline, applicability, evidence } = self.status;
        let record = evidence.and_then(|k| self.evidence.get(k as usize));
        let present = [reason.is_some(), !waived_by.is_empty(), headline.is_some(), record.is_some()];
        let mut out = serializer.serialize_struct("SystemStatus", 4 + present.iter().filter(|p| **p).count())?;
        out.serialize_field("system", system)?;
        out.serialize_field("status", status)?;
        out.serialize_field("waived", waived)?;
        if let Some(reason) = reason {
            out.serialize_field("reason", reason)?;
        }
        if !waived_by.is_empty() {
            out.serialize_field("waived_by", waived_by)?;
        }
        if let Some(headline) = headline {
            out.serialize_field("headline", headline)?;
        }
        out.serialize_field("applicability", applicability)?;
        if let Some(record) = record {
            out.serialize_field("evidence", &WithoutSystem(record))?;
        }
        out.end()
    }
}
