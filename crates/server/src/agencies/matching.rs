//! From ANEM's commune names to official commune codes, and from there to the one local agency
//! serving each commune: a pure function of the agency list, the commune list and the aliases.
//!
//! A served name matches a commune whose code was given in the agency's ANEM wilaya (the first
//! two digits of the code: a commune moved to a 2026 wilaya keeps the code of its former one, and
//! ANEM still serves it from there) when the two names are equal after [`fold_name`]; failing
//! that, the reviewed alias table (`aliases.csv`) says which commune ANEM meant. Nothing here
//! guesses: edit distance only proposed the aliases (see the tests), it never decides.
//!
//! Then the rule, so that every commune has exactly one local agency:
//! - listed by several agencies: the first by agency id keeps it;
//! - listed by none: the agency serving the chef-lieu of the wilaya its code was given in (the
//!   commune numbered `01`), so a commune of a 2026 wilaya goes where it went before the reform.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use guichet_core::reference::original_wilaya;
use guichet_protocol::reference::Commune;

use super::file::{AgencyKind, AgencyRecord, line_at};

/// The reviewed aliases, compiled in.
const BUILTIN_ALIASES: &str = include_str!("aliases.csv");

/// `name` reduced to what tells communes apart: lower case, no accents, and no apostrophes,
/// hyphens, underscores or spaces (any Unicode space, such as the no-break space ANEM's list
/// holds once). `Aïn-Témouchent`, `AIN TEMOUCHENT` and `ain_temouchent` fold alike.
pub fn fold_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            c if c.is_whitespace() => {}
            '\'' | '’' | '‘' | '`' | 'ʼ' | '-' | '‐' | '‑' | '–' | '—' | '_' => {}
            // Combining accents, when the text arrives decomposed.
            '\u{0300}'..='\u{036F}' => {}
            'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' => folded.push('a'),
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => folded.push('e'),
            'î' | 'ï' | 'í' | 'Î' | 'Ï' | 'Í' => folded.push('i'),
            'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' | 'Ó' => folded.push('o'),
            'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => folded.push('u'),
            'ÿ' | 'Ÿ' => folded.push('y'),
            'ç' | 'Ç' => folded.push('c'),
            'œ' | 'Œ' => folded.push_str("oe"),
            'æ' | 'Æ' => folded.push_str("ae"),
            c => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// ANEM spellings that folding cannot fix, keyed by ANEM wilaya and folded name.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    by_key: HashMap<(u8, String), Alias>,
}

/// One row of the alias table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub line: usize,
    pub anem_wilaya_code: u8,
    pub anem_name: String,
    pub commune_code: String,
    /// The official name, for the reviewer; checked against the code by a test.
    pub commune_name: String,
}

/// A row of the alias table that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("aliases line {line}: {message}")]
pub struct AliasError {
    pub line: usize,
    pub message: String,
}

impl Aliases {
    /// The reviewed table compiled into the server.
    pub fn builtin() -> &'static Aliases {
        static BUILTIN: std::sync::OnceLock<Aliases> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The file is compiled in and parsed by this module's tests: failing here is a
            // build defect, not a runtime condition.
            Self::parse(BUILTIN_ALIASES).expect("the built-in alias table parses")
        })
    }

    /// Parses `anem_wilaya_code,anem_name,commune_code,commune_name` rows (`#` starts a comment).
    pub fn parse(text: &str) -> Result<Self, AliasError> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(false)
            .from_reader(text.as_bytes());
        let mut by_key = HashMap::new();
        for row in reader.records() {
            let row = row.map_err(|error| AliasError {
                line: error.position().map_or(0, |at| line_at(text, at)),
                message: error.to_string(),
            })?;
            let line = row.position().map_or(0, |at| line_at(text, at));
            let fail = |message: String| AliasError { line, message };
            let wilaya = row.get(0).unwrap_or_default().trim();
            let anem_wilaya_code =
                wilaya.parse::<u8>().ok().filter(|code| (1..=58).contains(code)).ok_or_else(
                    || fail(format!("`{wilaya}` is not an ANEM wilaya code (1 to 58)")),
                )?;
            let anem_name = row.get(1).unwrap_or_default().trim().to_owned();
            let commune_code = row.get(2).unwrap_or_default().trim().to_owned();
            let commune_name = row.get(3).unwrap_or_default().trim().to_owned();
            let alias = Alias { line, anem_wilaya_code, anem_name, commune_code, commune_name };
            let key = (anem_wilaya_code, fold_name(&alias.anem_name));
            if let Some(first) = by_key.insert(key, alias) {
                return Err(fail(format!("the same name is already on line {}", first.line)));
            }
        }
        Ok(Self { by_key })
    }

    /// The commune code ANEM means by `name` in `anem_wilaya_code`, if the table says.
    pub fn get(&self, anem_wilaya_code: u8, name: &str) -> Option<&Alias> {
        self.by_key.get(&(anem_wilaya_code, fold_name(name)))
    }

    /// Every row, in no particular order.
    pub fn rows(&self) -> impl Iterator<Item = &Alias> {
        self.by_key.values()
    }
}

/// How a commune got its agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignedBy {
    /// One local agency lists it.
    Listed,
    /// Several list it: the first by agency id keeps it.
    FirstListed,
    /// None lists it: the agency serving the chef-lieu of its (former) wilaya.
    ChefLieu,
}

impl AssignedBy {
    /// The value stored in `agency_communes.assigned_by`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Listed => "listed",
            Self::FirstListed => "first_listed",
            Self::ChefLieu => "chef_lieu",
        }
    }
}

/// The agency a commune ends up with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub agency_id: String,
    pub assigned_by: AssignedBy,
}

/// A served name that matches no commune, or several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmatchedName {
    /// The line of the agency in the file.
    pub line: usize,
    pub agency_id: String,
    pub anem_wilaya_code: u8,
    pub name: String,
    /// The communes it matches after folding: none, or more than one.
    pub matches: Vec<String>,
}

impl std::fmt::Display for UnmatchedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Self { line, agency_id, anem_wilaya_code, name, matches } = self;
        write!(f, "line {line}: agency {agency_id}: `{name}` ")?;
        if matches.is_empty() {
            write!(f, "matches no commune of wilaya {anem_wilaya_code:02} and has no alias")
        } else {
            write!(f, "matches several communes ({})", matches.join(", "))
        }
    }
}

/// Which local agencies serve which commune: as listed, and after the rule.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Served names matched to a commune by folding alone, and through an alias.
    pub matched_by_folding: usize,
    pub matched_by_alias: usize,
    /// Every served name that matched nothing or several communes.
    pub unmatched: Vec<UnmatchedName>,
    /// For each commune listed by at least one local agency, the agencies that list it, by id.
    pub listed_by: BTreeMap<String, Vec<String>>,
    /// The one agency of each commune; a commune is missing only when the rule found no agency
    /// (its chef-lieu is served by none either).
    pub assignments: BTreeMap<String, Assignment>,
    /// Communes no agency lists and the rule could not place.
    pub unassigned: Vec<String>,
}

impl Plan {
    /// Communes listed by more than one local agency, with those agencies.
    pub fn listed_by_several(&self) -> impl Iterator<Item = (&String, &Vec<String>)> {
        self.listed_by.iter().filter(|(_, agencies)| agencies.len() > 1)
    }

    /// Communes no local agency lists, with what the rule assigned (`None`: nothing).
    pub fn listed_by_none(&self) -> impl Iterator<Item = (&String, Option<&Assignment>)> {
        self.assignments
            .iter()
            .filter(|(_, assignment)| assignment.assigned_by == AssignedBy::ChefLieu)
            .map(|(code, assignment)| (code, Some(assignment)))
            .chain(self.unassigned.iter().map(|code| (code, None)))
    }
}

/// Matches every served name and assigns every commune of `communes` to one local agency.
pub fn plan(agencies: &[AgencyRecord], communes: &[Commune], aliases: &Aliases) -> Plan {
    let mut by_wilaya_and_name: HashMap<(u8, String), Vec<&str>> = HashMap::new();
    for commune in communes {
        if let Some(wilaya) = original_wilaya(&commune.code) {
            by_wilaya_and_name
                .entry((wilaya, fold_name(&commune.name.fr)))
                .or_default()
                .push(&commune.code);
        }
    }
    let mut plan = Plan::default();
    let mut local: Vec<&AgencyRecord> =
        agencies.iter().filter(|agency| agency.kind == AgencyKind::Local).collect();
    local.sort_by(|a, b| a.id.cmp(&b.id));
    for agency in local {
        for name in &agency.communes_served {
            let key = (agency.anem_wilaya_code, fold_name(name));
            let found = by_wilaya_and_name.get(&key).map(Vec::as_slice).unwrap_or_default();
            let code = match found {
                [code] => {
                    plan.matched_by_folding += 1;
                    (*code).to_owned()
                }
                [] => match aliases.get(agency.anem_wilaya_code, name) {
                    Some(alias) => {
                        plan.matched_by_alias += 1;
                        alias.commune_code.clone()
                    }
                    None => {
                        plan.unmatched.push(unmatched(agency, name, Vec::new()));
                        continue;
                    }
                },
                several => {
                    let matches = several.iter().map(|code| (*code).to_owned()).collect();
                    plan.unmatched.push(unmatched(agency, name, matches));
                    continue;
                }
            };
            let listing = plan.listed_by.entry(code).or_default();
            if !listing.contains(&agency.id) {
                listing.push(agency.id.clone());
            }
        }
    }
    for (code, agencies) in &plan.listed_by {
        let assigned_by =
            if agencies.len() == 1 { AssignedBy::Listed } else { AssignedBy::FirstListed };
        // Agencies were visited in id order, so the first is the smallest id.
        plan.assignments
            .insert(code.clone(), Assignment { agency_id: agencies[0].clone(), assigned_by });
    }
    let known: BTreeSet<&str> = communes.iter().map(|commune| commune.code.as_str()).collect();
    for commune in communes {
        if plan.assignments.contains_key(&commune.code) {
            continue;
        }
        let chef_lieu = original_wilaya(&commune.code).map(|wilaya| format!("{wilaya:02}01"));
        let agency = chef_lieu
            .filter(|code| known.contains(code.as_str()))
            .and_then(|code| plan.assignments.get(&code))
            .filter(|assignment| assignment.assigned_by != AssignedBy::ChefLieu)
            .map(|assignment| assignment.agency_id.clone());
        match agency {
            Some(agency_id) => {
                let assignment = Assignment { agency_id, assigned_by: AssignedBy::ChefLieu };
                plan.assignments.insert(commune.code.clone(), assignment);
            }
            None => plan.unassigned.push(commune.code.clone()),
        }
    }
    plan
}

fn unmatched(agency: &AgencyRecord, name: &str, matches: Vec<String>) -> UnmatchedName {
    UnmatchedName {
        line: agency.line,
        agency_id: agency.id.clone(),
        anem_wilaya_code: agency.anem_wilaya_code,
        name: name.to_owned(),
        matches,
    }
}

#[cfg(test)]
mod tests;
