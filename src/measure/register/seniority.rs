//! Seniority (anciennitet) counted from the rows, when the file does not give it.

use super::panel::Row;

/// Fill in both seniorities of one person's rows (sorted by month, no month twice).
///
/// Per benefit spell (STAR): consecutive months up to and including this one in the
/// same group; a month without a row or a change of group restarts at 1, except the
/// moves [`Group::move_keeps_spell`] allows (overgangsydelse → kontanthjælp /
/// uddannelseshjælp). Across benefits: consecutive months with any row.
///
/// [`Group::move_keeps_spell`]: crate::Group::move_keeps_spell
pub fn count(rows: &mut [Row]) {
    let mut prev: Option<Row> = None;
    for row in rows.iter_mut() {
        let (spell, any) = match prev {
            Some(p) if row.month.since(p.month) == 1 => (
                if p.membership.group.move_keeps_spell(row.membership.group) {
                    p.membership.seniority_spell + 1
                } else {
                    1
                },
                p.membership.seniority_any + 1,
            ),
            _ => (1, 1),
        };
        row.membership.seniority_spell = spell;
        row.membership.seniority_any = any;
        prev = Some(*row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Group;
    use crate::measure::{Activity, Membership};

    fn rows(spec: &[(&str, Group)]) -> Vec<Row> {
        spec.iter()
            .map(|&(m, group)| Row {
                month: m.parse().unwrap(),
                membership: Membership {
                    group,
                    absence_registered: false,
                    seniority_spell: 0,
                    seniority_any: 0,
                },
                activity: Activity::default(),
            })
            .collect()
    }

    fn counted(spec: &[(&str, Group)]) -> Vec<(u32, u32)> {
        let mut r = rows(spec);
        count(&mut r);
        r.iter()
            .map(|r| (r.membership.seniority_spell, r.membership.seniority_any))
            .collect()
    }

    #[test]
    fn gap_and_group_change_reset_the_spell() {
        use Group::*;
        assert_eq!(
            counted(&[
                ("2024-01", Sygedagpenge),
                ("2024-02", Sygedagpenge),
                ("2024-03", Jobafklaring),
                ("2024-04", Jobafklaring),
                ("2024-06", Jobafklaring),
            ]),
            [(1, 1), (2, 2), (1, 3), (2, 4), (1, 1)]
        );
    }

    #[test]
    fn overgangsydelse_to_kontanthjaelp_keeps_the_spell() {
        use Group::*;
        assert_eq!(
            counted(&[
                ("2024-11", Overgangsydelse),
                ("2024-12", Overgangsydelse),
                ("2025-01", Kontanthjaelp),
                ("2025-02", Overgangsydelse),
            ]),
            [(1, 1), (2, 2), (3, 3), (1, 4)]
        );
    }
}
