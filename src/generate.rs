//! Synthetic workspaces for benchmarks and scale tests: any number of AI systems with the variety real inventories
//! have (roles, stages, EU AI Act tiers, present, missing, stale and undated records, exclusions), and a full
//! assessment. Deterministic: the same `systems` and `seed` give the same files.

use std::fmt::Write as _;
use std::path::Path;

use crate::catalogue::Catalogue;

/// A small deterministic generator (xorshift64*), so the output never depends on a platform's randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Shared evidence documents the generated records point at.
const EVIDENCE_FILES: usize = 40;

/// Writes a workspace with `systems` AI systems into `dir` (which should be empty).
pub fn generate(catalogue: &Catalogue, dir: &Path, systems: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = Rng(seed.max(1));
    std::fs::create_dir_all(dir.join("systems"))?;
    std::fs::create_dir_all(dir.join("evidence"))?;
    std::fs::write(dir.join("aims.toml"), "[evidence]\nreview_interval_months = 12\n")?;
    std::fs::write(
        dir.join("organisation.yaml"),
        format!(
            "name: \"Synthetic Org {systems}\"\naims_scope: \"All {systems} AI systems of a synthetic organisation\"\n\
             ai_roles: [provider, producer, customer]\neu_ai_act_roles: [provider, deployer]\n"
        ),
    )?;
    for i in 0..EVIDENCE_FILES {
        std::fs::write(dir.join(format!("evidence/doc-{i:03}.md")), format!("# Evidence document {i}\n"))?;
    }

    let mut assessment = String::from("requirements:\n");
    for req in catalogue.requirements() {
        let status = rng.pick(&["compliant", "compliant", "compliant", "partially_compliant", "non_compliant"]);
        let _ = write!(
            assessment,
            "  - requirement: \"{}\"\n    status: {status}\n    owner: \"Owner {}\"\n",
            req.id,
            rng.below(20)
        );
        let _ = write!(
            assessment,
            "    evidence:\n      - file: evidence/doc-{:03}.md\n        reviewed: 2026-{:02}-{:02}\n",
            rng.below(EVIDENCE_FILES as u64),
            rng.below(10) + 1,
            rng.below(28) + 1
        );
        if status != "compliant" {
            let _ = write!(
                assessment,
                "    action:\n      description: \"Close the gap in {}\"\n      due: 2027-0{}-15\n",
                req.id,
                rng.below(9) + 1
            );
        }
    }
    std::fs::write(dir.join("assessment.yaml"), assessment)?;

    for i in 0..systems {
        let role = rng.pick(&["provider", "provider", "producer", "customer", "customer", "customer"]);
        let stage =
            rng.pick(&["design", "development", "deployment", "operation", "operation", "operation", "retired"]);
        let tier = rng.pick(&["minimal", "minimal", "minimal", "art_50_1", "annex_iii"]);
        let eu_role = if role == "customer" { "deployer" } else { "provider" };
        let mut text = format!(
            "id: system-{i:06}\nname: \"Synthetic AI system {i}\"\npurpose: \"Purpose of system {i}: scores, ranks or drafts for a business process\"\n\
             owner: \"Owner {}\"\nlifecycle_stage: {stage}\nai_role: {role}\nin_scope: {}\n\
             supplier: \"Vendor {}\"\ndata_sources:\n  - \"Source A\"\n  - \"Source B\"\n\
             human_oversight: \"A reviewer checks a sample of outputs each week\"\n\
             eu_ai_act:\n  roles: [{eu_role}]\n  classifications: [{tier}]\nevidence:\n",
            rng.below(50),
            stage != "retired",
            rng.below(30),
        );
        for record in crate::workspace::EvidenceKind::NAMES {
            // Most records are present and current; some are missing, stale, undated or point nowhere.
            match rng.below(20) {
                0 | 1 => {}
                2 => {
                    let _ = write!(
                        text,
                        "  {record}:\n    file: evidence/doc-{:03}.md\n",
                        rng.below(EVIDENCE_FILES as u64)
                    );
                }
                3 => {
                    let _ = write!(text, "  {record}:\n    file: evidence/missing-{i}.md\n    reviewed: 2026-05-01\n");
                }
                4 => {
                    let _ = write!(
                        text,
                        "  {record}:\n    file: evidence/doc-{:03}.md\n    reviewed: 2024-03-{:02}\n",
                        rng.below(EVIDENCE_FILES as u64),
                        rng.below(28) + 1
                    );
                }
                _ => {
                    let _ = write!(
                        text,
                        "  {record}:\n    file: evidence/doc-{:03}.md\n    reviewed: 2026-{:02}-{:02}\n",
                        rng.below(EVIDENCE_FILES as u64),
                        rng.below(10) + 1,
                        rng.below(28) + 1
                    );
                }
            }
        }
        if rng.below(10) == 0 {
            text.push_str("exclusions:\n  - requirement: \"A.6.2.8\"\n    justification: \"Batch system without interactive events\"\n");
        }
        std::fs::write(dir.join(format!("systems/system-{i:06}.yaml")), text)?;
    }
    Ok(())
}
