//! The benefit groups (ydelsesgrupper) of the focus goal.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::str::FromStr;

// The labels are `report::text::Lang::group`. (This type's doc comment is the JSON
// schema's description of a group: keep it as published.)
/// A benefit group. The codes are used in every file; the labels are shown to people.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Group {
    /// A-dagpenge mv. (unemployment insurance)
    ADagpenge,
    /// Kontanthjælp (social assistance)
    Kontanthjaelp,
    /// Uddannelseshjælp (education assistance, under 30)
    Uddannelseshjaelp,
    /// Overgangsydelse uden for program (transition benefit)
    Overgangsydelse,
    /// Sygedagpenge (sickness benefit)
    Sygedagpenge,
    /// Jobafklaringsforløb (job clarification)
    Jobafklaring,
    /// Forrevalidering og revalidering (rehabilitation)
    Revalidering,
    /// Ressourceforløb (resource programme)
    Ressourceforloeb,
    /// Ledighedsydelse (benefit while awaiting a flex job)
    Ledighedsydelse,
}

/// Why a text is not a group code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct GroupParseError {
    /// The text that was given.
    pub text: String,
}

impl GroupParseError {
    /// What is wrong, in both languages.
    pub fn message(&self) -> crate::error::Message {
        let (text, codes) = (&self.text, Group::codes_list());
        crate::text!(
            da: "ukendt gruppe {text:?} (forventede en af: {codes})",
            en: "unknown group {text:?} (expected one of: {codes})"
        )
    }
}

impl Group {
    /// Number of groups.
    pub const COUNT: usize = 9;

    /// All groups in the order of Table 4.
    pub const ALL: [Group; Group::COUNT] = [
        Group::ADagpenge,
        Group::Kontanthjaelp,
        Group::Uddannelseshjaelp,
        Group::Overgangsydelse,
        Group::Sygedagpenge,
        Group::Jobafklaring,
        Group::Revalidering,
        Group::Ressourceforloeb,
        Group::Ledighedsydelse,
    ];

    /// Dense index, for per-group arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The code used in files.
    pub fn code(self) -> &'static str {
        match self {
            Group::ADagpenge => "a_dagpenge",
            Group::Kontanthjaelp => "kontanthjaelp",
            Group::Uddannelseshjaelp => "uddannelseshjaelp",
            Group::Overgangsydelse => "overgangsydelse",
            Group::Sygedagpenge => "sygedagpenge",
            Group::Jobafklaring => "jobafklaring",
            Group::Revalidering => "revalidering",
            Group::Ressourceforloeb => "ressourceforloeb",
            Group::Ledighedsydelse => "ledighedsydelse",
        }
    }

    /// Whether a move from `self` to `to` keeps the benefit-spell seniority under
    /// STAR's per-benefit rule (overgangsydelse → kontanthjælp / uddannelseshjælp).
    pub fn move_keeps_spell(self, to: Group) -> bool {
        self == to
            || (self == Group::Overgangsydelse
                && matches!(to, Group::Kontanthjaelp | Group::Uddannelseshjaelp))
    }

    fn codes_list() -> String {
        Group::ALL.map(Group::code).join(", ")
    }
}

impl FromStr for Group {
    type Err = GroupParseError;
    fn from_str(text: &str) -> Result<Group, GroupParseError> {
        Group::ALL
            .into_iter()
            .find(|g| g.code() == text)
            .ok_or_else(|| GroupParseError {
                text: text.to_string(),
            })
    }
}

/// Through a string, not serde's enum access: as a map key (`groups.kontanthjaelp`) the
/// path of an error inside it is then known (serde_path_to_error sees string keys only).
impl<'de> Deserialize<'de> for Group {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Group, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|e: GroupParseError| serde::de::Error::custom(e.message().to_serde()))
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for g in Group::ALL {
            assert_eq!(g.code().parse::<Group>().unwrap(), g);
            assert_eq!(Group::ALL[g.index()], g);
        }
        assert!("dagpenge".parse::<Group>().is_err());
    }

    #[test]
    fn spell_rule() {
        assert!(Group::Overgangsydelse.move_keeps_spell(Group::Kontanthjaelp));
        assert!(!Group::Kontanthjaelp.move_keeps_spell(Group::Overgangsydelse));
        assert!(!Group::Sygedagpenge.move_keeps_spell(Group::Jobafklaring));
    }
}
