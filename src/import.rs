//! `aims import`: AI inventories from spreadsheets into a workspace. `aims import csv FILE --into DIR` turns each row
//! of a CSV file or an .xlsx workbook into one `systems/<id>.yaml`, by a mapping (`--mapping MAP.toml`) or a
//! built-in profile (`--profile us-federal-2025`). docs/import.md is the user documentation; the modules below say
//! how:
//!
//! - `rows` and `sheet`: the rows of a CSV file (its separator detected) or of a worksheet, one at a time;
//! - `mapping`: the mapping file, checked against the header;
//! - `layout`: why a mapping does not fit, in helpful words (a wrong separator, a known layout);
//! - `convert`: one row → one system draft (pure; where "nothing guessed, nothing dropped" is kept);
//! - `yaml`: the system file, every string double-quoted with escapes;
//! - `report`: what the import did ([`ImportReport`]), as text or JSON;
//! - `error`: why it stopped ([`ImportError`]);
//! - `risks`, `risk_mapping` and `risk_convert`: `aims import risks`, a risk-register spreadsheet into one register
//!   file (risks.yaml or risks/NAME.yaml), by its own mapping (`kind = "risks"`), every value checked against the
//!   workspace's criteria, systems and the catalogue.
//!
//! This module reads the CSV, makes the IDs unique, refuses to overwrite without `--force`, creates the workspace
//! when it does not exist (as `aims init` would), writes each file atomically and returns the report; it prints
//! nothing.

mod convert;
mod error;
mod layout;
mod mapping;
mod report;
mod risk_convert;
mod risk_mapping;
mod risks;
mod rows;
mod sheet;
mod yaml;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::catalogue::Catalogue;
use crate::load::{MAX_FILE_BYTES, MAX_NODES};
use crate::output::{Batch, Target};
pub(crate) use convert::slug;
use convert::{Converter, Draft};
pub use error::ImportError;
pub use report::{Clipped, Counted, Disambiguated, ImportReport, RowRange, Skipped, WriteAction, Written};
pub use risk_convert::Problem as RiskProblem;
pub use risks::{ImportedRisk, RiskImport, RiskImportReport, import_risks};
use rows::{Row, Rows, Seen};

/// The built-in mappings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The 2025 US federal agency AI use case inventory (OMB M-25-21), as published by OMB
    UsFederal2025,
    /// The 2024 US federal agency AI use case inventory (OMB M-24-10), as consolidated by OMB
    UsFederal2024,
}

impl Profile {
    /// Every built-in mapping, newest layout first.
    pub const ALL: [Profile; 2] = [Profile::UsFederal2025, Profile::UsFederal2024];

    /// The name `--profile` takes, such as `us-federal-2025`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::UsFederal2025 => "us-federal-2025",
            Profile::UsFederal2024 => "us-federal-2024",
        }
    }

    /// The layout the profile maps, for messages: "the 2025 US federal AI use case inventory layout".
    pub fn layout(self) -> &'static str {
        match self {
            Profile::UsFederal2025 => "the 2025 US federal AI use case inventory layout",
            Profile::UsFederal2024 => "the 2024 US federal AI use case inventory layout",
        }
    }

    /// The profile's mapping file, as a user would write it.
    pub fn mapping(self) -> &'static str {
        match self {
            Profile::UsFederal2025 => include_str!("import/us-federal-2025.toml"),
            Profile::UsFederal2024 => include_str!("import/us-federal-2024.toml"),
        }
    }
}

/// Where an import's mapping comes from.
#[derive(Debug, Clone)]
pub enum MappingSource {
    /// A built-in mapping.
    Profile(Profile),
    /// A mapping file (docs/import.md describes it).
    File(PathBuf),
}

/// What `aims import csv` is asked to do.
#[derive(Debug, Clone)]
pub struct CsvImport {
    /// The inventory: a CSV file (UTF-8, a header row first) or an Excel .xlsx workbook (told apart by content).
    pub file: PathBuf,
    /// The workspace to write into; scaffolded as `aims init` would (without the example AI system) when it holds
    /// neither organisation.yaml nor aims.toml.
    pub into: PathBuf,
    /// Which column feeds which system field, and how answers translate.
    pub mapping: MappingSource,
    /// Overwrite system files that already exist (never any other file).
    pub force: bool,
    /// Report what would be written, and write nothing.
    pub dry_run: bool,
    /// The CSV field separator, one ASCII byte other than a quote or a line break; `None`: the one the header line
    /// uses most of `,`, `;` and tab (the report says which).
    pub delimiter: Option<u8>,
    /// The worksheet of a workbook to read; `None`: the first. Not used for a CSV file.
    pub sheet: Option<String>,
}

/// Where the rows come from: a CSV file or a worksheet.
enum Source {
    Csv(Rows),
    Sheet(sheet::Sheet),
}

impl Source {
    fn open(file: &Path, delimiter: Option<u8>, sheet: Option<&str>) -> Result<Source, ImportError> {
        Ok(match sheet::kind(file) {
            Some(_) => Source::Sheet(sheet::Sheet::open(file, sheet)?),
            None => Source::Csv(Rows::open(file, delimiter)?),
        })
    }

    fn headers(&mut self) -> Vec<String> {
        match self {
            Source::Csv(rows) => std::mem::take(&mut rows.headers),
            Source::Sheet(sheet) => std::mem::take(&mut sheet.headers),
        }
    }

    fn next(&mut self, keep: usize) -> Result<Option<Row>, ImportError> {
        match self {
            Source::Csv(rows) => rows.next(keep),
            Source::Sheet(sheet) => Ok(sheet.next(keep)),
        }
    }

    /// Whether the last row repeats an earlier one (the first such row).
    fn repeats(&self, seen: &mut Seen, row: usize) -> Option<usize> {
        match self {
            Source::Csv(rows) => seen.first(rows.raw(), row),
            Source::Sheet(sheet) => seen.first(sheet.raw(), row),
        }
    }

    /// How the report names the file's shape: the separator and whether it was detected, or the worksheet.
    fn described(&self) -> (Option<String>, bool, Option<String>) {
        match self {
            Source::Csv(rows) => (Some(rows::delimiter_name(rows.delimiter)), rows.detected, None),
            Source::Sheet(sheet) => (None, false, Some(sheet.name.clone())),
        }
    }
}

/// The most text one row brings into its system file, in bytes (512 KiB): a sixty-fourth of the loader's file bound
/// ([`MAX_FILE_BYTES`], 32 MiB). A cell's text can appear up to three times in the file (in a field, a remark and
/// the notes) and YAML's escapes make text at most ten times longer, so a file written from a row within this
/// budget stays under the bound. Longer rows are clipped (longest cells first) and say so.
pub const MAX_ROW_TEXT: usize = (MAX_FILE_BYTES / 64) as usize;

/// The longest value the summary quotes (placeholders, values not recognised), in characters.
const MAX_QUOTED: usize = 200;

/// The most YAML nodes a system file written by the import may have: the loader's bound ([`MAX_NODES`]).
const NODES_PER_FILE: usize = MAX_NODES;

/// Imports a CSV inventory: each row becomes one `systems/<id>.yaml` (or is listed as skipped with its reason).
/// Reads the mapping, then the CSV row by row: each row is converted, given a unique ID, rendered and staged in a
/// temporary file beside its target, so memory stays near the size of one row. Nothing is put in place until every
/// row is read: an error or a conflict with existing system files (without `force`) leaves the workspace as it
/// was. When there is something to import, the workspace is created (as `aims init` would, without the example AI
/// system) if the folder is not a workspace yet, and the system files are renamed into place. With `dry_run`,
/// writes nothing. The report says what was (or would be) done; an import of no row is still `Ok` (see
/// [`ImportReport::imported_any`]).
///
/// Nothing is written outside the workspace: a `systems/` that is a symbolic link must lead to a folder inside it,
/// and a system file that is a link, a pipe or a device is refused, never written through.
///
/// # Errors
/// [`ImportError`]: the mapping or the CSV file cannot be read or used, `into` is a file, system files exist
/// (without `force`), a path is refused, or a file cannot be written.
pub fn import_csv(catalogue: &Catalogue, args: &CsvImport) -> Result<ImportReport, ImportError> {
    let (mapping_text, mapping_name) = match &args.mapping {
        MappingSource::Profile(profile) => (profile.mapping().to_string(), format!("profile {}", profile.name())),
        MappingSource::File(path) => (
            crate::input::read_to_string(path, crate::input::MAX_MAPPING_BYTES)
                .map_err(|source| ImportError::ReadMapping { path: path.clone(), source })?,
            path.display().to_string(),
        ),
    };
    if risk_mapping::declares_risks(&mapping_text) {
        return Err(ImportError::Mapping(format!(
            "{mapping_name} maps a risk register (kind = \"risks\"), not an AI inventory\n  = help: import it with \
             `aims import risks FILE --mapping {mapping_name} --into DIR`"
        )));
    }
    let mapping_file = mapping::parse(&mapping_text, &mapping_name).map_err(ImportError::Mapping)?;
    let mut rows = Source::open(&args.file, args.delimiter, args.sheet.as_deref())?;
    let headers = rows.headers();
    let (delimiter, delimiter_detected, sheet) = rows.described();
    let mapping = mapping_file.compile(&headers).map_err(|problems| {
        let problems = layout::explain(&headers, &args.mapping, args.delimiter, problems);
        ImportError::MappingMismatch { mapping: mapping_name.clone(), file: args.file.clone(), problems }
    })?;
    let source = args.file.file_name().map_or_else(|| "the CSV file".into(), |n| n.to_string_lossy().into_owned());
    let source: String = source.chars().map(|c| if c.is_control() { '?' } else { c }).collect();

    // The workspace: created when the folder is not one yet; its existing system files are never lost.
    let dir = &args.into;
    if dir.exists() && !dir.is_dir() {
        return Err(ImportError::NotAFolder(dir.clone()));
    }
    let systems_dir = dir.join("systems");
    let root = dir.canonicalize().ok();
    if let Some(root) = &root {
        crate::init::confined_folder(root, &systems_dir)?;
    }
    // A folder that is not a workspace yet gets the scaffold, without the example AI system.
    let scaffold = crate::discover::marker(dir).is_none();
    // …but never inside another workspace (such as its systems/), and this is said before any row is read.
    if scaffold && let Some(workspace) = crate::discover::enclosing_target(dir) {
        return Err(crate::init::InitError::InsideWorkspace { dir: dir.clone(), workspace }.into());
    }
    let existing = existing_systems(root.as_deref(), &systems_dir);
    // Which IDs are taken, and by what: earlier rows, and files already in systems/ other than the one the ID
    // would be written to (that one is overwritten with --force).
    // Imported IDs are lower-case, so a file such as `DHS-2388.yaml` counts as taking `dhs-2388`: on a file
    // system that ignores case (macOS, Windows) writing `dhs-2388.yaml` would replace it.
    let mut taken: HashMap<String, String> = HashMap::new();
    for file in &existing {
        let own = file.rel == format!("systems/{}.yaml", file.stem) && file.stem == file.stem.to_lowercase();
        if !own {
            taken.insert(file.stem.to_lowercase(), file.rel.clone());
        }
        if let Some(id) = &file.id
            && *id != file.stem
        {
            taken.insert(id.clone(), file.rel.clone());
        }
    }
    let existing_paths: HashSet<String> = existing.iter().map(|f| f.rel.clone()).collect();

    let converter = Converter { mapping: &mapping };
    let mut out = Outcome::default();
    let mut seen = Seen::new();
    let mut staging = Staging::new(dir, &systems_dir, args.dry_run);
    let mut count = 0;
    while let Some(Row { row, line, mut cells, lengths }) = rows.next(MAX_ROW_TEXT)? {
        count += 1;
        // Blank rows (every cell empty or white space, separators only) are a range in the summary, not a reason
        // each; trailing rows of bare separators are common in spreadsheet exports.
        if cells.iter().all(|c| c.trim().is_empty()) {
            match out.blank.last_mut() {
                Some(range) if range.last + 1 == row => range.last = row,
                _ => out.blank.push(RowRange { first: row, last: row }),
            }
            continue;
        }
        if cells.len() != headers.len() {
            let spans: usize = cells.iter().map(|c| c.trim_end().matches('\n').count()).sum();
            let hint = if spans > 0 {
                format!(
                    "; its cells run over {} lines, so a quote is probably never closed and swallowed lines {}-{}",
                    spans + 1,
                    line,
                    line as usize + spans
                )
            } else {
                " (a stray quote or separator?)".to_string()
            };
            let reason =
                format!("the row has {} cells but the header has {} columns{hint}", cells.len(), headers.len());
            out.skipped.push(Skipped { row, line, reason });
            continue;
        }
        if let Some(first) = rows.repeats(&mut seen, row) {
            let reason = format!("an exact copy of row {first}: every cell is the same");
            out.skipped.push(Skipped { row, line, reason });
            continue;
        }
        let clipped = rows::clip(&mut cells, &lengths, |i| !mapping.columns[i].ignored, MAX_ROW_TEXT);
        let (result, events) = converter.convert(row, &cells);
        drop(cells);
        for (field, value) in events.placeholders {
            out.placeholders.entry((field, quoted(value))).or_default().push(row);
        }
        for (column, value) in events.unrecognised {
            out.unrecognised.entry((column, quoted(value))).or_default().push(row);
        }
        let mut draft = match result {
            Ok(draft) => draft,
            Err(reason) => {
                out.skipped.push(Skipped { row, line, reason });
                continue;
            }
        };
        for &(column, bytes, kept) in &clipped {
            let header = &headers[column];
            draft.remarks.push(format!(
                "{header}: the cell is {bytes} bytes long; only its first {kept} are kept here (a row brings at most \
                 {} KiB of text into its system file).",
                MAX_ROW_TEXT >> 10
            ));
            out.clipped.push(Clipped { row, column: header.clone(), bytes, kept });
        }

        let wanted = draft.wanted_id.clone();
        let mut id = wanted.clone();
        if let Some(by) = taken.get(&id).cloned() {
            id = (2..).map(|n| format!("{wanted}-{n}")).find(|c| !taken.contains_key(c)).unwrap_or_default();
            draft.remarks.insert(0, format!("id: \"{wanted}\" is already taken by {by}, so this system is \"{id}\"."));
            out.disambiguated.push(Disambiguated { row, wanted, id: id.clone(), taken_by: by });
        }
        let text = render_system(&draft, &id, &source);
        let nodes = 40 + draft.data_sources.len() + 4 * draft.claims.len();
        if text.len() as u64 > MAX_FILE_BYTES || nodes > NODES_PER_FILE {
            let reason = format!(
                "its system file would be larger than aims reads ({} MiB or {} YAML values); shorten its cells",
                MAX_FILE_BYTES >> 20,
                NODES_PER_FILE
            );
            out.skipped.push(Skipped { row, line, reason });
            continue;
        }
        taken.insert(id.clone(), format!("row {row}"));
        let file = format!("systems/{id}.yaml");
        let exists = existing_paths.contains(&file);
        if exists && !args.force {
            out.conflicts.push(format!("{} (row {row})", dir.join(&file).display()));
        }
        for claim in &draft.claims {
            *out.evidence_claims.entry(claim.kind).or_default() += 1;
            out.evidence_published += usize::from(matches!(claim.at, convert::ClaimAt::Url(_)));
        }
        if out.conflicts.is_empty() {
            staging.stage(&format!("{id}.yaml"), &text)?;
        }
        out.systems.push(Written {
            row,
            id,
            file,
            action: if exists { WriteAction::Overwritten } else { WriteAction::Created },
        });
    }
    if !out.conflicts.is_empty() {
        return Err(ImportError::Conflicts(out.conflicts));
    }

    // Nothing to import: the workspace is left alone (not even created).
    let mut scaffolded = Vec::new();
    if !args.dry_run && !out.systems.is_empty() {
        if scaffold {
            let report = crate::init::scaffold_for_import(catalogue, dir)?;
            scaffolded = report.created;
        }
        staging.commit()?;
    }

    let creates_workspace = scaffold && !out.systems.is_empty();
    Ok(ImportReport {
        schema_version: crate::assess::REPORT_SCHEMA_VERSION,
        source,
        mapping: mapping_name,
        workspace: dir.display().to_string(),
        dry_run: args.dry_run,
        rows: count,
        systems: out.systems,
        skipped: out.skipped,
        blank: out.blank,
        disambiguated: out.disambiguated,
        placeholders: out
            .placeholders
            .into_iter()
            .map(|((field, value), rows)| Counted { field, value, rows })
            .collect(),
        unrecognised: out
            .unrecognised
            .into_iter()
            .map(|((column, value), rows)| Counted { field: headers[column].clone(), value, rows })
            .collect(),
        clipped: out.clipped,
        evidence_claims: out.evidence_claims,
        evidence_published: out.evidence_published,
        scaffolded,
        delimiter,
        delimiter_detected,
        sheet,
        creates_workspace,
    })
}

/// What the rows added up to, as the import reads them.
#[derive(Default)]
struct Outcome {
    systems: Vec<Written>,
    skipped: Vec<Skipped>,
    blank: Vec<RowRange>,
    disambiguated: Vec<Disambiguated>,
    placeholders: BTreeMap<(String, String), Vec<usize>>,
    unrecognised: BTreeMap<(usize, String), Vec<usize>>,
    clipped: Vec<Clipped>,
    evidence_claims: BTreeMap<&'static str, usize>,
    evidence_published: usize,
    conflicts: Vec<String>,
}

/// A value as the summary quotes it: at most [`MAX_QUOTED`] characters, so that a summary of a million rows of
/// distinct long answers stays small.
fn quoted(mut value: String) -> String {
    if let Some((cut, _)) = value.char_indices().nth(MAX_QUOTED) {
        value.truncate(cut);
        value.push('…');
    }
    value
}

/// The system files of an import, staged as the rows are read (each in a temporary file beside its target, not
/// flushed one by one: see [`Batch::unsynced`]) and renamed into place together. The folders it had to create are
/// removed again when the import stops before the commit.
struct Staging {
    dir: PathBuf,
    systems_dir: PathBuf,
    batch: Option<Batch>,
    created: Vec<PathBuf>,
}

impl Staging {
    fn new(dir: &Path, systems_dir: &Path, dry_run: bool) -> Staging {
        Staging {
            dir: dir.to_path_buf(),
            systems_dir: systems_dir.to_path_buf(),
            batch: (!dry_run).then(Batch::unsynced),
            created: Vec::new(),
        }
    }

    /// Stages `systems/<name>` with `text`. The first file creates the workspace and systems/ folders if needed.
    fn stage(&mut self, name: &str, text: &str) -> Result<(), ImportError> {
        let Some(batch) = &mut self.batch else { return Ok(()) };
        if batch.is_empty() {
            for folder in [self.dir.clone(), self.systems_dir.clone()] {
                let mut missing: Vec<PathBuf> = folder
                    .ancestors()
                    .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
                    .map(Path::to_path_buf)
                    .collect();
                std::fs::create_dir_all(&folder)
                    .map_err(|source| ImportError::CreateDir { path: folder.clone(), source })?;
                missing.reverse();
                self.created.extend(missing);
            }
        }
        let path = self.systems_dir.join(name);
        let target = Target::new(&path)?;
        if !target.is_file() {
            return Err(crate::output::OutputError::refused(
                &path,
                "it is a pipe, device or socket, not a system file",
                "remove it, then import again",
            )
            .into());
        }
        batch.stage(target, |out| out.write_all(text.as_bytes()))?;
        Ok(())
    }

    /// Renames every staged file into place.
    fn commit(mut self) -> Result<(), ImportError> {
        if let Some(batch) = self.batch.take() {
            let total = batch.len();
            batch.commit().map_err(|error| ImportError::Output { error, total })?;
        }
        self.created.clear();
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Temporary files go first (with the batch), then the folders made for them, deepest first.
        drop(self.batch.take());
        for folder in self.created.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
}

/// A file already in the workspace's systems/ folder.
struct ExistingSystem {
    /// Workspace-relative path, `systems/<name>`.
    rel: String,
    /// The file name without `.yaml`/`.yml`.
    stem: String,
    /// The `id:` inside, when the file can be read.
    id: Option<String>,
}

/// Reads the `id:` of each system file already there, leniently (`aims validate` reports broken files), and as the
/// loader reads: regular files only, within its size bound, and a link only when it stays inside the workspace
/// (`root`, the real workspace folder).
fn existing_systems(root: Option<&Path>, folder: &Path) -> Vec<ExistingSystem> {
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: Option<String>,
    }
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut found: Vec<ExistingSystem> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".yaml").or_else(|| name.strip_suffix(".yml"))?;
            if name.starts_with('.') || !entry.path().is_file() {
                return None;
            }
            let inside = root.is_some_and(|root| entry.path().canonicalize().is_ok_and(|real| real.starts_with(root)));
            let id = inside
                .then(|| crate::input::read_to_string(&entry.path(), MAX_FILE_BYTES).ok())
                .flatten()
                .and_then(|text| serde_saphyr::from_str::<IdOnly>(&text).ok())
                .and_then(|doc| doc.id);
            Some(ExistingSystem { rel: format!("systems/{name}"), stem: stem.to_string(), id })
        })
        .collect();
    found.sort_by(|a, b| a.rel.cmp(&b.rel));
    found
}

/// The system file, fields in the order docs/workspace.md lists them.
fn render_system(d: &Draft, id: &str, source: &str) -> String {
    use yaml::{field, list, plain};
    let mut out = String::with_capacity(2048);
    out.push_str(&format!(
        "# AI system imported by `aims import csv` from {source}, row {}.\n\
         # Review it, then edit freely; re-importing with --force overwrites this file. docs/import.md explains the \
         fields.\n",
        d.row
    ));
    field(&mut out, 0, "id", id);
    field(&mut out, 0, "name", &d.name);
    field(&mut out, 0, "purpose", &d.purpose);
    field(&mut out, 0, "owner", &d.owner);
    if let Some(unit) = &d.unit {
        field(&mut out, 0, "unit", unit);
    }
    plain(&mut out, 0, "lifecycle_stage", d.lifecycle_stage);
    plain(&mut out, 0, "ai_role", d.ai_role);
    if let Some(in_scope) = d.in_scope {
        plain(&mut out, 0, "in_scope", in_scope);
    }
    if let Some(supplier) = &d.supplier {
        field(&mut out, 0, "supplier", supplier);
    }
    if !d.data_sources.is_empty() {
        list(&mut out, 0, "data_sources", &d.data_sources);
    }
    if let Some(oversight) = &d.human_oversight {
        field(&mut out, 0, "human_oversight", oversight);
    }
    if let Some((role, tier, area)) = &d.eu_ai_act {
        // The source's single role and tier, written in the current shape (docs/eu-ai-act.md, "Migrating").
        let annex_i = crate::eu_ai_act::Route::of(area.as_deref()) == crate::eu_ai_act::Route::AnnexI;
        let class = match *tier {
            "high_risk" if annex_i => "annex_i",
            "high_risk" => "annex_iii",
            "transparency" => "art_50_1",
            other => other,
        };
        out.push_str("eu_ai_act:\n");
        out.push_str(&format!("  roles: [{role}]\n"));
        if *tier == "transparency" {
            out.push_str("  # imported as `transparency`: name the Art. 50 cases that apply\n");
        }
        out.push_str(&format!("  classifications: [{class}]\n"));
        if let Some(area) = area {
            if annex_i {
                field(&mut out, 2, "annex_i_product", area);
            } else {
                list(&mut out, 2, "annex_iii_areas", std::slice::from_ref(area));
            }
        }
    }
    if !d.claims.is_empty() {
        out.push_str("evidence:\n");
        for claim in &d.claims {
            out.push_str(&format!("  {}:\n", claim.kind));
            match &claim.at {
                convert::ClaimAt::File(file) => field(&mut out, 4, "file", &file.replace("{id}", id)),
                convert::ClaimAt::Url(url) => field(&mut out, 4, "url", url),
            }
            if let Some(title) = &claim.title {
                field(&mut out, 4, "title", title);
            }
            field(&mut out, 4, "description", &claim.description);
        }
    }
    let mut notes = match (d.source_id.is_empty(), &d.id_from) {
        (false, None) => format!("Imported from {source}, row {}, ID \"{}\".", d.row, d.source_id),
        (false, Some(from)) => format!(
            "Imported from {source}, row {}, ID \"{}\", which has no letters a-z or digits; the system ID is made \
             from {from}.",
            d.row, d.source_id
        ),
        (true, Some(from)) => {
            format!("Imported from {source}, row {}, which has no ID; the system ID is made from {from}.", d.row)
        }
        (true, None) => format!("Imported from {source}, row {}.", d.row),
    };
    for line in &d.notes {
        notes.push('\n');
        notes.push_str(line);
    }
    if !d.remarks.is_empty() {
        notes.push_str("\nImport remarks:");
        for remark in &d.remarks {
            notes.push_str("\n- ");
            notes.push_str(remark);
        }
    }
    field(&mut out, 0, "notes", &notes);
    out
}
