//! Saying why a mapping does not fit a file in the words that help: a header that is one column because the file
//! uses another separator, and a header that is a known layout (a built-in profile's) other than the one chosen.
//! Both are told once, before the columns the mapping misses.

use std::collections::BTreeSet;

use super::{MappingSource, Profile, mapping};

/// The share of a profile's columns a header must have to be taken for that profile's layout.
const LAYOUT_MATCH: f64 = 0.8;

/// The problems of a mapping that does not fit `headers`, explained: a single message when the header looks like it
/// was split with the wrong separator (`forced` is the `--delimiter` given, if any), else a first message naming
/// the known layout the header has (when the mapping is not that layout's profile), then `problems` as they are.
pub fn explain(headers: &[String], chosen: &MappingSource, forced: Option<u8>, problems: Vec<String>) -> Vec<String> {
    if let Some(message) = wrong_separator(headers, forced) {
        return vec![message];
    }
    let mut out = Vec::with_capacity(problems.len() + 1);
    if let Some(profile) = recognise(headers)
        && !matches!(chosen, MappingSource::Profile(p) if *p == profile)
    {
        out.push(format!(
            "the file looks like {} (its columns match); use --profile {} instead of this mapping. The columns \
             this mapping misses follow",
            profile.layout(),
            profile.name()
        ));
    }
    out.extend(problems);
    out
}

/// The built-in profile whose columns `headers` has (at least [`LAYOUT_MATCH`] of them), the best match first.
pub fn recognise(headers: &[String]) -> Option<Profile> {
    let present: BTreeSet<String> = headers.iter().map(|h| mapping::squash(h)).collect();
    let mut best: Option<(f64, Profile)> = None;
    for profile in Profile::ALL {
        let Ok(file) = mapping::parse(profile.mapping(), profile.name()) else { continue };
        let columns = file.columns_named();
        if columns.is_empty() {
            continue;
        }
        let has = |name: &String| {
            let aliases = file.aliases.get(name).into_iter().flatten();
            std::iter::once(name).chain(aliases).any(|n| present.contains(&mapping::squash(n)))
        };
        let share = columns.iter().filter(|c| has(c)).count() as f64 / columns.len() as f64;
        if share >= LAYOUT_MATCH && best.is_none_or(|(b, _)| share > b) {
            best = Some((share, profile));
        }
    }
    best.map(|(_, p)| p)
}

/// "The file looks `;`-separated" when the header came out as one or two columns whose names hold another
/// separator at least twice.
fn wrong_separator(headers: &[String], forced: Option<u8>) -> Option<String> {
    let named: Vec<&String> = headers.iter().filter(|h| !h.is_empty()).collect();
    if named.len() > 2 {
        return None;
    }
    let header = named.first()?;
    let (separator, count) = [b';', b'\t', b',']
        .into_iter()
        .filter(|s| Some(*s) != forced)
        .map(|s| (s, header.bytes().filter(|b| *b == s).count()))
        .max_by_key(|(_, n)| *n)?;
    if count < 2 {
        return None;
    }
    let parts: Vec<&str> = header.split(char::from(separator)).take(3).collect();
    let quoted = format!("{}{}…", parts.join(&char::from(separator).to_string()), char::from(separator));
    let name = super::rows::delimiter_name(separator);
    let how = match forced {
        Some(d) => format!(
            "it was read as separated by `{}`; leave out --delimiter to detect the separator, or pass --delimiter '{}'",
            super::rows::delimiter_name(d),
            if separator == b'\t' { "tab".to_string() } else { name.clone() }
        ),
        None => format!("pass --delimiter '{}'", if separator == b'\t' { "tab".to_string() } else { name.clone() }),
    };
    Some(format!("the header is one column, `{}`: the file looks `{name}`-separated; {how}", quoted.replace('\t', "⇥")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_header_split_with_the_wrong_separator_is_named_once() {
        let h = headers(&["Systeem;Omschrijving;Eigenaar;Fase"]);
        let problems = explain(&h, &MappingSource::Profile(Profile::UsFederal2025), Some(b','), vec!["x".into()]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("`Systeem;Omschrijving;Eigenaar;…`"), "{}", problems[0]);
        assert!(problems[0].contains("looks `;`-separated"), "{}", problems[0]);
        assert!(wrong_separator(&headers(&["id", "name", "owner"]), Some(b',')).is_none());
    }
}
