//! Which vector extensions the month loop may use: the CPU's x86-64 level, how the
//! scalar code is run compiled for it, and the proof the AVX-512 code (`wide`) needs.

/// The x86-64 microarchitecture level the month loop runs at, detected once. At v4 the
/// month pass and the scoring run on AVX-512 (`wide`, about 1.8× faster than v3);
/// below it the scalar code is compiled for each level and the best the CPU has is
/// chosen at run time. The results are the same bits at every level (tested): integer
/// arithmetic is exact, and neither Rust nor the AVX-512 code fuses a multiply and an
/// add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CpuLevel {
    /// x86-64-v4: AVX-512 (F, DQ, BW, VL) on top of v3.
    V4,
    /// x86-64-v3: AVX2, FMA, BMI1/2, LZCNT, MOVBE.
    V3,
    /// What the binary is built for.
    Baseline,
}

impl CpuLevel {
    /// The best level this CPU has.
    pub fn detect() -> CpuLevel {
        CpuLevel::best()
    }

    /// The lower of two levels.
    pub(super) fn min(self, other: CpuLevel) -> CpuLevel {
        let rank = |level| match level {
            CpuLevel::Baseline => 0,
            CpuLevel::V3 => 1,
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
        CpuLevel::Baseline
    }

    /// Run `f` compiled for this level (`f` and what it inlines).
    #[allow(unsafe_code)]
    #[inline(always)]
    pub(super) fn run<R>(self, f: impl FnOnce() -> R) -> R {
        match self {
            // SAFETY: `detect` found these features on this CPU.
            #[cfg(target_arch = "x86_64")]
            CpuLevel::V4 => unsafe { run_v4(f) },
            #[cfg(target_arch = "x86_64")]
            CpuLevel::V3 => unsafe { run_v3(f) },
            _ => f(),
        }
    }

    /// The proof that the AVX-512 code may run: where this level is v4 and the CPU has
    /// it (checked here, not only where the level was chosen, so that no level passed
    /// in can make the AVX-512 code unsound; the detection is cached and cheap).
    #[cfg(target_arch = "x86_64")]
    pub(super) fn avx512(self) -> Option<Avx512> {
        (self == CpuLevel::V4 && CpuLevel::detect() == CpuLevel::V4).then_some(Avx512(()))
    }
}

/// Proof that this CPU has x86-64-v4 (AVX-512 F, DQ, BW and VL on top of v3), which the
/// entry points of the AVX-512 code take: only [`CpuLevel::avx512`] makes one.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug)]
pub(super) struct Avx512(());

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
            let longest = model.exit_runs.iter().map(Vec::len).max();
            assert_eq!(longest, Some(exit_runs as usize));
            let at = |cpu| model.clone().with_cpu_level(cpu);
            let supported: &[CpuLevel] = match model.cpu {
                CpuLevel::V4 => &[CpuLevel::V4, CpuLevel::V3],
                CpuLevel::V3 => &[CpuLevel::V3],
                CpuLevel::Baseline => &[],
            };
            for rep in 0..3 {
                let expected = at(CpuLevel::Baseline).simulate(8, rep);
                let populated = |m: &Vec<MonthCells>| m.iter().all(|c| c.total().population > 0);
                assert!(expected.cells.iter().all(populated));
                // The offers started and the conversations goal are part of the bits
                // compared: neither is empty here.
                assert!(expected.offers.iter().all(|m| m.iter().sum::<u64>() > 0));
                assert!(expected.conversations.iter().all(populated));
                for &cpu in supported {
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
        let supported = match model.cpu {
            CpuLevel::V4 => vec![CpuLevel::V4, CpuLevel::V3],
            CpuLevel::V3 => vec![CpuLevel::V3],
            CpuLevel::Baseline => vec![],
        };
        for cpu in supported {
            assert_eq!(at(cpu).simulate(3, 2), expected, "{cpu:?}");
        }
    }
}
