//! The register CSV header: columns by name, in any order.

use crate::error::InputError;

/// The column names of the register format, in the documented order.
pub const REQUIRED: [&str; 8] = [
    "person_id",
    "month",
    "group",
    "offer",
    "ordinary_hours",
    "frikort_hours",
    "absence",
    "conversations",
];

/// The optional column with the official seniority.
pub const SENIORITY: &str = "seniority_months";

/// Where each column is in a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns {
    /// `person_id`
    pub person_id: usize,
    /// `month`
    pub month: usize,
    /// `group`
    pub group: usize,
    /// `offer`
    pub offer: usize,
    /// `ordinary_hours`
    pub ordinary_hours: usize,
    /// `frikort_hours`
    pub frikort_hours: usize,
    /// `absence`
    pub absence: usize,
    /// `conversations`
    pub conversations: usize,
    /// `seniority_months`, when the file has it.
    pub seniority_months: Option<usize>,
    /// Number of fields every row must have.
    pub count: usize,
}

impl Columns {
    /// Find the columns in the header fields. Names are matched without surrounding
    /// spaces and case-insensitively; an unknown or repeated name is an error, so a typo
    /// (`seniority_month`) is never silently ignored.
    pub fn from_header<'a>(
        fields: impl IntoIterator<Item = &'a [u8]>,
        origin: &str,
    ) -> Result<Columns, InputError> {
        let mut found: [Option<usize>; 9] = [None; 9];
        let mut count = 0;
        let fields: Vec<&[u8]> = fields.into_iter().collect();
        let is_month = |raw: &&[u8]| {
            std::str::from_utf8(raw).is_ok_and(|t| t.trim().parse::<crate::Month>().is_ok())
        };
        if fields.iter().any(is_month) {
            // Without a header the first row would be quoted back: it holds a person id.
            return Err(InputError::at(
                origin,
                "line 1",
                format!(
                    "looks like a row of data, not the header (the first line must name the columns {}, optionally {SENIORITY})",
                    REQUIRED.join(", ")
                ),
            ));
        }
        for (i, raw) in fields.into_iter().enumerate() {
            count += 1;
            let name = String::from_utf8_lossy(raw).trim().to_ascii_lowercase();
            let slot = REQUIRED
                .iter()
                .chain(std::iter::once(&SENIORITY))
                .position(|&c| c == name)
                .ok_or_else(|| {
                    // Quote the name only when it looks like one: a file without a header
                    // has a person id here, and no message may contain a person id.
                    let looks_like_a_name = name.len() <= 40
                        && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
                    let what = if looks_like_a_name {
                        format!("unknown column {name:?}")
                    } else {
                        format!(
                            "field {} is not a column name (is the header line missing?)",
                            i + 1
                        )
                    };
                    InputError::at(
                        origin,
                        "line 1",
                        format!(
                            "{what} (expected the columns {}, optionally {SENIORITY})",
                            REQUIRED.join(", ")
                        ),
                    )
                })?;
            if found[slot].is_some() {
                return Err(InputError::at(
                    origin,
                    "line 1",
                    format!("column {name:?} appears twice (each column once)"),
                ));
            }
            found[slot] = Some(i);
        }
        for (slot, name) in REQUIRED.iter().enumerate() {
            if found[slot].is_none() {
                return Err(InputError::at(
                    origin,
                    "line 1",
                    format!(
                        "missing column {name:?} (the header must name {}; optionally {SENIORITY})",
                        REQUIRED.join(", ")
                    ),
                ));
            }
        }
        let at = |slot: usize| found[slot].expect("checked above");
        Ok(Columns {
            person_id: at(0),
            month: at(1),
            group: at(2),
            offer: at(3),
            ordinary_hours: at(4),
            frikort_hours: at(5),
            absence: at(6),
            conversations: at(7),
            seniority_months: found[8],
            count,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(header: &str) -> Result<Columns, InputError> {
        Columns::from_header(header.split(',').map(str::as_bytes), "f.csv")
    }

    #[test]
    fn any_order_and_optional_seniority() {
        let c =
            cols("month,person_id,group,offer,ordinary_hours,frikort_hours,absence,conversations")
                .unwrap();
        assert_eq!(
            (c.month, c.person_id, c.seniority_months, c.count),
            (0, 1, None, 8)
        );
        let c = cols("person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations,Seniority_Months")
            .unwrap();
        assert_eq!(c.seniority_months, Some(8));
    }

    #[test]
    fn names_the_missing_or_unknown_column() {
        let e = cols("person_id,month,group,ordinary_hours,frikort_hours,absence,conversations")
            .unwrap_err();
        assert!(e.message.contains("missing column \"offer\""), "{e}");
        let e = cols("person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations,seniority_month")
            .unwrap_err();
        assert!(
            e.message.contains("unknown column \"seniority_month\""),
            "{e}"
        );
        let e = cols(
            "person_id,month,month,group,offer,ordinary_hours,frikort_hours,absence,conversations",
        )
        .unwrap_err();
        assert!(e.message.contains("twice"), "{e}");
    }
}
