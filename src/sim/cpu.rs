//! Which vector extensions the month loop may use: the CPU's level, detected once, and
//! how the loops are run compiled for it.

/// The vector level the month loop runs at. Above `Baseline` the month pass runs a block
/// of persons at a time (`wide`), the same code compiled for the level's vector width:
/// eight 64-bit lanes at v4, four at v3, two with NEON. At `Baseline` the scalar
/// definition runs. The results are the same bits at every level (tested): integer
/// arithmetic is exact, and Rust never fuses a multiply and an add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CpuLevel {
    /// x86-64-v4: AVX-512 (F, DQ, BW, VL) on top of v3.
    V4,
    /// x86-64-v3: AVX2, FMA, BMI1/2, LZCNT, MOVBE.
    V3,
    /// aarch64's NEON (Advanced SIMD), which every aarch64 CPU has.
    Neon,
    /// The scalar definition, compiled for what the binary is built for.
    Baseline,
}

impl CpuLevel {
    /// The best level this CPU has.
    pub fn detect() -> CpuLevel {
        CpuLevel::best()
    }

    /// Whether this CPU can run `self`.
    pub fn is_supported(self) -> bool {
        let best = CpuLevel::detect();
        match self {
            CpuLevel::Baseline => true,
            CpuLevel::V3 => best == CpuLevel::V3 || best == CpuLevel::V4,
            CpuLevel::V4 | CpuLevel::Neon => best == self,
        }
    }

    /// The vector levels this CPU runs (besides `Baseline`), best first.
    pub fn supported_vector_levels() -> Vec<CpuLevel> {
        [CpuLevel::V4, CpuLevel::V3, CpuLevel::Neon]
            .into_iter()
            .filter(|level| level.is_supported())
            .collect()
    }

    /// The lower of two levels (two vector levels of different architectures are
    /// never both supported).
    pub(super) fn min(self, other: CpuLevel) -> CpuLevel {
        let rank = |level| match level {
            CpuLevel::Baseline => 0,
            CpuLevel::V3 | CpuLevel::Neon => 1,
            CpuLevel::V4 => 2,
        };
        if rank(self) <= rank(other) {
            self
        } else {
            other
        }
    }

    fn best() -> CpuLevel {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            let v3 = has!("avx2")
                && has!("fma")
                && has!("bmi1")
                && has!("bmi2")
                && has!("lzcnt")
                && has!("movbe")
                && has!("popcnt");
            let v4 = has!("avx512f") && has!("avx512dq") && has!("avx512bw") && has!("avx512vl");
            if v3 && v4 {
                return CpuLevel::V4;
            }
            if v3 {
                return CpuLevel::V3;
            }
        }
        #[cfg(target_arch = "aarch64")]
        return CpuLevel::Neon;
        #[allow(unreachable_code)]
        CpuLevel::Baseline
    }

    /// Run `f` compiled for this level (`f` and what it inlines).
    #[allow(unsafe_code)]
    #[inline(always)]
    pub(super) fn run<R>(self, f: impl FnOnce() -> R) -> R {
        // A level passed in is checked here, not only where it was chosen, so that no
        // level can make code compiled for features the CPU lacks run (the detection is
        // cached and cheap).
        match self.min(CpuLevel::detect()) {
            // SAFETY: `detect` found these features on this CPU.
            #[cfg(target_arch = "x86_64")]
            CpuLevel::V4 => unsafe { run_v4(f) },
            // SAFETY: as above.
            #[cfg(target_arch = "x86_64")]
            CpuLevel::V3 => unsafe { run_v3(f) },
            // NEON is part of aarch64's baseline: nothing to enable.
            _ => f(),
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
#[target_feature(
    enable = "avx512f,avx512dq,avx512bw,avx512vl,avx2,fma,bmi1,bmi2,lzcnt,movbe,popcnt"
)]
unsafe fn run_v4<R>(f: impl FnOnce() -> R) -> R {
    f()
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,movbe,popcnt")]
unsafe fn run_v3<R>(f: impl FnOnce() -> R) -> R {
    f()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::MonthCells;
    use crate::measure::method::Method;
    use crate::sim::Model;
    use crate::sim::testing::{every_mechanism_scenario, small_capped_scenario};

    /// Every compiled level of the month loop that this CPU runs gives the same
    /// replication as baseline x86-64, with every mechanism on.
    #[test]
    fn every_cpu_level_gives_the_same_bits_with_every_mechanism() {
        let across = Method::star()
            .with_changes(&crate::measure::method::MethodSpec {
                name: Some(crate::vocab::label::Label::new("across-6").unwrap()),
                window_months: Some(6),
                seniority: Some(crate::measure::method::SeniorityRule::AcrossBenefits),
                absence: Some(crate::measure::method::AbsenceRule::Exclude),
                ..Default::default()
            })
            .unwrap();
        let methods = [Method::preset("frikort").unwrap(), across];
        for exit_runs in [4, 9] {
            let loaded = every_mechanism_scenario(exit_runs);
            let model = Model::new(&loaded.scenario, &methods);
            let at = |cpu| model.clone().with_cpu_level(cpu);
            let supported = CpuLevel::supported_vector_levels();
            for rep in 0..3 {
                let expected = at(CpuLevel::Baseline).simulate(8, rep);
                let populated = |m: &Vec<MonthCells>| m.iter().all(|c| c.total().population > 0);
                assert!(expected.cells.iter().all(populated));
                // The offers started and the conversations goal are part of the bits
                // compared: neither is empty here.
                assert!(expected.offers.iter().all(|m| m.iter().sum::<u64>() > 0));
                assert!(expected.conversations.iter().all(populated));
                for &cpu in &supported {
                    let got = at(cpu).simulate(8, rep);
                    assert_eq!(
                        got, expected,
                        "{cpu:?}, {exit_runs} exit runs, replication {rep}"
                    );
                }
            }
        }
    }

    /// Every compiled level of the month loop that this CPU runs gives the same
    /// replication as baseline x86-64.
    #[test]
    fn every_cpu_level_gives_the_same_bits() {
        let loaded = small_capped_scenario();
        let model = Model::new(&loaded.scenario, &[Method::preset("frikort").unwrap()]);
        let at = |cpu| model.clone().with_cpu_level(cpu);
        let expected = at(CpuLevel::Baseline).simulate(3, 2);
        for cpu in CpuLevel::supported_vector_levels() {
            assert_eq!(at(cpu).simulate(3, 2), expected, "{cpu:?}");
        }
    }
}
