//! `aims import`: AI inventories from spreadsheets into a workspace. `aims import csv FILE --into DIR` turns each row
//! of a CSV file into one `systems/<id>.yaml`, by a mapping (`--mapping MAP.toml`) or a built-in profile
//! (`--profile us-federal-2025`). docs/import.md is the user documentation; the modules below say how:
//!
//! - `mapping`: the mapping file, checked against the CSV header;
//! - `convert`: one row → one system draft (pure; where "nothing guessed, nothing dropped" is kept);
//! - `yaml`: the system file, every string double-quoted with escapes;
//! - `report`: what the import did ([`ImportReport`]), as text or JSON;
//! - `error`: why it stopped ([`ImportError`]).
//!
//! This module reads the CSV, makes the IDs unique, refuses to overwrite without `--force`, creates the workspace
//! when it does not exist (as `aims init` would), writes each file atomically and returns the report; it prints
//! nothing.

mod convert;
mod error;
mod mapping;
mod report;
mod yaml;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::catalogue::Catalogue;
use convert::{Converter, Draft};
pub use error::ImportError;
pub use report::{Counted, Disambiguated, ImportReport, Skipped, WriteAction, Written};

/// The built-in mappings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The 2025 US federal agency AI use case inventory (OMB M-25-21), as published by OMB
    UsFederal2025,
}

impl Profile {
    /// Every built-in mapping.
    pub const ALL: [Profile; 1] = [Profile::UsFederal2025];

    /// The name `--profile` takes, such as `us-federal-2025`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::UsFederal2025 => "us-federal-2025",
        }
    }

    /// The profile's mapping file, as a user would write it.
    pub fn mapping(self) -> &'static str {
        match self {
            Profile::UsFederal2025 => include_str!("import/us-federal-2025.toml"),
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
    /// The CSV file (UTF-8, a header row first).
    pub file: PathBuf,
    /// The workspace to write into; scaffolded as `aims init` would when it has no organisation.yaml.
    pub into: PathBuf,
    /// Which column feeds which system field, and how answers translate.
    pub mapping: MappingSource,
    /// Overwrite system files that already exist (never any other file).
    pub force: bool,
    /// Report what would be written, and write nothing.
    pub dry_run: bool,
    /// The field separator, one ASCII byte other than a quote or a line break.
    pub delimiter: u8,
}

/// The largest CSV file read; the whole 2025 US federal inventory (3,611 rows) is about 4 MB.
const MAX_CSV_BYTES: u64 = 256 * 1024 * 1024;

/// A CSV file read into memory: the header and each record with the line it starts on.
struct Table {
    headers: Vec<String>,
    records: Vec<(u64, Vec<String>)>,
}

fn read_csv(path: &Path, delimiter: u8) -> Result<Table, ImportError> {
    let shown = path.display();
    let read_error = |source| ImportError::Read { path: path.to_path_buf(), source };
    let csv_error = |what, source| ImportError::Csv { path: path.to_path_buf(), what, source };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    if size > MAX_CSV_BYTES {
        return Err(ImportError::Unusable(format!(
            "{shown} is {} MB; aims imports CSV files of up to {} MB",
            size >> 20,
            MAX_CSV_BYTES >> 20
        )));
    }
    let mut bytes = std::fs::read(path).map_err(read_error)?;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::Unusable(format!(
            "{shown} is UTF-16 encoded; save it as UTF-8 (in Excel: Save As → \"CSV UTF-8 (Comma delimited)\")"
        )));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(ImportError::Unusable(format!(
                "{shown}:{line}: the file is not valid UTF-8 text (perhaps Windows-1252 or Latin-1); save it as UTF-8 \
                 (in Excel: Save As → \"CSV UTF-8 (Comma delimited)\")"
            )));
        }
    };
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).has_headers(true).delimiter(delimiter).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|e| csv_error("cannot read the header row", e))?.iter().map(clean_header).collect();
    if headers.iter().all(String::is_empty) {
        return Err(ImportError::Unusable(format!("{shown} has no header row; the first row must name the columns")));
    }
    // Line numbers are counted here rather than taken from the reader, which, after a CRLF line end, places the
    // next record on the line before it.
    let mut records = Vec::new();
    let (mut counted_to, mut line) = (0, 1);
    for record in reader.records() {
        let record = record.map_err(|e| csv_error("cannot read the CSV", e))?;
        let mut start = record.position().map_or(counted_to, |p| p.byte() as usize).clamp(counted_to, text.len());
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += text.as_bytes()[counted_to..start].iter().filter(|&&b| b == b'\n').count() as u64;
        counted_to = start;
        records.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(Table { headers, records })
}

fn clean_header(header: &str) -> String {
    header.trim_start_matches('\u{feff}').trim().to_string()
}

/// Imports a CSV inventory: each row becomes one `systems/<id>.yaml` (or is listed as skipped with its reason).
/// Reads the mapping and the whole file first, refuses to overwrite existing system files without `force`, creates
/// the workspace when it has no organisation.yaml, and writes every system file atomically; with `dry_run`,
/// writes nothing. The report says what was (or would be) done; an import of no row is still `Ok` (see
/// [`ImportReport::imported_any`]).
///
/// # Errors
/// [`ImportError`]: the mapping or the CSV file cannot be read or used, `into` is a file, system files exist
/// (without `force`), or a file cannot be written.
pub fn import_csv(catalogue: &Catalogue, args: &CsvImport) -> Result<ImportReport, ImportError> {
    let (mapping_text, mapping_name) = match &args.mapping {
        MappingSource::Profile(profile) => (profile.mapping().to_string(), format!("profile {}", profile.name())),
        MappingSource::File(path) => (
            std::fs::read_to_string(path).map_err(|source| ImportError::ReadMapping { path: path.clone(), source })?,
            path.display().to_string(),
        ),
    };
    let mapping_file = mapping::parse(&mapping_text, &mapping_name).map_err(ImportError::Mapping)?;
    let table = read_csv(&args.file, args.delimiter)?;
    let mapping = mapping_file.compile(&table.headers).map_err(|problems| ImportError::MappingMismatch {
        mapping: mapping_name.clone(),
        file: args.file.clone(),
        problems,
    })?;
    let source = args.file.file_name().map_or_else(|| "the CSV file".into(), |n| n.to_string_lossy().into_owned());
    let source: String = source.chars().map(|c| if c.is_control() { '?' } else { c }).collect();

    // Rows → drafts.
    let converter = Converter { mapping: &mapping };
    let mut drafts: Vec<Draft> = Vec::new();
    let mut skipped = Vec::new();
    let mut placeholders: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    let mut unrecognised: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
    let mut seen_rows: HashMap<&[String], usize> = HashMap::new();
    for (index, (line, cells)) in table.records.iter().enumerate() {
        // Row numbers as a spreadsheet shows them: the header is row 1.
        let row = index + 2;
        if cells.len() != table.headers.len() {
            let spans: usize = cells.iter().map(|c| c.trim_end().matches('\n').count()).sum();
            let hint = if spans > 0 {
                format!(
                    "; its cells run over {} lines, so a quote is probably never closed and swallowed lines {}-{}",
                    spans + 1,
                    line,
                    *line as usize + spans
                )
            } else {
                " (a stray quote or separator?)".to_string()
            };
            skipped.push(Skipped {
                row,
                line: *line,
                reason: format!(
                    "the row has {} cells but the header has {} columns{hint}",
                    cells.len(),
                    table.headers.len()
                ),
            });
            continue;
        }
        if let Some(first) = seen_rows.get(cells.as_slice()) {
            skipped.push(Skipped {
                row,
                line: *line,
                reason: format!("an exact copy of row {first}: every cell is the same"),
            });
            continue;
        }
        seen_rows.insert(cells, row);
        let (result, events) = converter.convert(row, cells);
        for (field, value) in events.placeholders {
            placeholders.entry((field, value)).or_default().push(row);
        }
        for (column, value) in events.unrecognised {
            unrecognised.entry((column, value)).or_default().push(row);
        }
        match result {
            Ok(draft) => drafts.push(draft),
            Err(reason) => skipped.push(Skipped { row, line: *line, reason }),
        }
    }

    // The workspace: created when it has no organisation.yaml yet; its existing system files are never lost.
    let dir = &args.into;
    if dir.exists() && !dir.is_dir() {
        return Err(ImportError::NotAFolder(dir.clone()));
    }
    let scaffold = !dir.join("organisation.yaml").exists();
    let existing = existing_systems(&dir.join("systems"));
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
    let mut existing_paths: HashSet<String> = existing.iter().map(|f| f.rel.clone()).collect();
    if scaffold {
        existing_paths.insert("systems/example-system.yaml".to_string());
    }

    let mut disambiguated = Vec::new();
    let mut ids = Vec::with_capacity(drafts.len());
    for draft in &mut drafts {
        let wanted = draft.wanted_id.clone();
        let mut id = wanted.clone();
        if let Some(by) = taken.get(&id).cloned() {
            id = (2..).map(|n| format!("{wanted}-{n}")).find(|c| !taken.contains_key(c)).unwrap_or_default();
            draft.remarks.insert(0, format!("id: \"{wanted}\" is already taken by {by}, so this system is \"{id}\"."));
            disambiguated.push(Disambiguated { row: draft.row, wanted, id: id.clone(), taken_by: by });
        }
        taken.insert(id.clone(), format!("row {}", draft.row));
        ids.push(id);
    }

    let mut systems = Vec::new();
    let mut conflicts = Vec::new();
    for (draft, id) in drafts.iter().zip(&ids) {
        let file = format!("systems/{id}.yaml");
        let exists = existing_paths.contains(&file);
        if exists && !args.force {
            conflicts.push(format!("{} (row {})", dir.join(&file).display(), draft.row));
        }
        systems.push(Written {
            row: draft.row,
            id: id.clone(),
            file,
            action: if exists { WriteAction::Overwritten } else { WriteAction::Created },
        });
    }
    if !conflicts.is_empty() {
        return Err(ImportError::Conflicts(conflicts));
    }

    let mut evidence_claims: BTreeMap<&'static str, usize> = BTreeMap::new();
    for draft in &drafts {
        for claim in &draft.claims {
            *evidence_claims.entry(claim.kind).or_default() += 1;
        }
    }

    let mut scaffolded = Vec::new();
    // Nothing to import: the workspace is left alone (not even created).
    if !args.dry_run && !drafts.is_empty() {
        if scaffold {
            let report = crate::init::scaffold(catalogue, dir, false)?;
            scaffolded = report.created;
        }
        let systems_dir = dir.join("systems");
        std::fs::create_dir_all(&systems_dir)
            .map_err(|source| ImportError::CreateDir { path: systems_dir.clone(), source })?;
        let files: Vec<(PathBuf, String)> = drafts
            .iter()
            .zip(&ids)
            .map(|(draft, id)| (systems_dir.join(format!("{id}.yaml")), render_system(draft, id, &source)))
            .collect();
        write_all_atomic(&files)?;
    }

    let creates_workspace = scaffold && !systems.is_empty();
    Ok(ImportReport {
        schema_version: crate::assess::REPORT_SCHEMA_VERSION,
        source,
        mapping: mapping_name,
        workspace: dir.display().to_string(),
        dry_run: args.dry_run,
        rows: table.records.len(),
        systems,
        skipped,
        disambiguated,
        placeholders: placeholders.into_iter().map(|((field, value), rows)| Counted { field, value, rows }).collect(),
        unrecognised: unrecognised
            .into_iter()
            .map(|((column, value), rows)| Counted { field: table.headers[column].clone(), value, rows })
            .collect(),
        evidence_claims,
        scaffolded,
        creates_workspace,
    })
}

/// Writes every file atomically and, as far as a file system allows, as one step: all contents go to temporary
/// files beside their targets first, and only when every one is written are they renamed into place. A failure while
/// writing (a full disk, say) removes the temporary files and leaves the workspace as it was.
///
/// Unlike `output::write_atomic`, the files are not flushed to disk one by one: a flush costs milliseconds on an
/// ordinary disk, which turned a 3,000-system import into many seconds (measured: 7 to 14 s, against well under one
/// without). A rename still shows readers the old file or the whole new one; after a power cut, rerun the import.
fn write_all_atomic(files: &[(PathBuf, String)]) -> Result<(), ImportError> {
    let temp_of = |path: &Path| {
        let mut name = std::ffi::OsString::from(".");
        name.push(path.file_name().unwrap_or_default());
        name.push(format!(".aims-{}.tmp", std::process::id()));
        path.with_file_name(name)
    };
    let mut staged: Vec<PathBuf> = Vec::with_capacity(files.len());
    let cleanup = |staged: &[PathBuf]| {
        for temp in staged {
            let _ = std::fs::remove_file(temp);
        }
    };
    for (path, contents) in files {
        let temp = temp_of(path);
        if let Err(e) = std::fs::write(&temp, contents) {
            let _ = std::fs::remove_file(&temp);
            cleanup(&staged);
            return Err(ImportError::Write { path: path.clone(), error: e });
        }
        staged.push(temp);
    }
    for (index, (temp, (path, _))) in staged.iter().zip(files).enumerate() {
        if let Err(e) = std::fs::rename(temp, path) {
            cleanup(&staged[index..]);
            return Err(ImportError::PartlyWritten {
                path: path.clone(),
                error: e,
                written: index,
                total: files.len(),
            });
        }
    }
    Ok(())
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

/// Reads the `id:` of each system file already there, leniently (`aims validate` reports broken files).
fn existing_systems(folder: &Path) -> Vec<ExistingSystem> {
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
            let id = std::fs::read_to_string(entry.path())
                .ok()
                .and_then(|text| serde_saphyr::from_str::<IdOnly>(text.trim_start_matches('\u{feff}')).ok())
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
        out.push_str("eu_ai_act:\n");
        plain(&mut out, 2, "role", role);
        plain(&mut out, 2, "risk_tier", tier);
        if let Some(area) = area {
            field(&mut out, 2, "annex_iii_area", area);
        }
    }
    if !d.claims.is_empty() {
        out.push_str("evidence:\n");
        for claim in &d.claims {
            out.push_str(&format!("  {}:\n", claim.kind));
            field(&mut out, 4, "file", &claim.file.replace("{id}", id));
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
