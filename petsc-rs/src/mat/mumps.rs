//! MUMPS controls and statistics of a factor made with the `"mumps"` package
//! (`MatMumpsSetIcntl` and friends). Indices are MUMPS's own, from 1, checked against
//! the sizes of MUMPS's arrays (PETSc does not check them); a matrix that is not a
//! MUMPS factor is an `Err`.

use petsc_sys as sys;

use super::Mat;
use crate::error::{Error, Result, check};
use crate::scalar::{Int, Real};

/// Sizes of MUMPS's arrays (MUMPS 5.x): ICNTL, CNTL, INFO/INFOG, RINFO/RINFOG.
const ICNTL: Int = 60;
const CNTL: Int = 15;
const INFO: Int = 80;
const RINFO: Int = 40;

fn in_range(context: &str, what: &str, i: Int, max: Int) -> Result<()> {
    if (1..=max).contains(&i) {
        Ok(())
    } else {
        Err(Error::out_of_range(
            context,
            format!("{what}({i}) does not exist: MUMPS numbers them 1 to {max}"),
        ))
    }
}

impl Mat {
    /// Refuses a matrix that is not a MUMPS factor (PETSc ignores MUMPS settings given
    /// to other matrices).
    fn check_mumps(&self, context: &str) -> Result<()> {
        let package = if self.factor_type()?.is_some() {
            self.solver_type()?
        } else {
            String::new()
        };
        if package != "mumps" {
            return Err(Error::invalid(
                context,
                "not a MUMPS factor (make one with get_factor(\"mumps\", ...))",
            ));
        }
        Ok(())
    }

    /// Sets MUMPS's integer control `ICNTL(i)` of a MUMPS factor before its
    /// factorization (`MatMumpsSetIcntl`; `-mat_mumps_icntl_<i>` from the options).
    ///
    /// ```
    /// use petsc::FactorType;
    /// let petsc = petsc::Petsc::init()?;
    /// let c = petsc.self_comm();
    /// let a = petsc::Mat::from_csr(&c, Some(2), Some(2), None, None, &[0, 1, 2], &[0, 1], &[2.0, 4.0])?;
    /// let mut f = a.factor_matrix("mumps", FactorType::Lu)?;
    /// f.set_mumps_icntl(14, 50)?; // 50% more workspace
    /// f.set_mumps_cntl(1, 0.5)?;
    /// assert!(f.set_mumps_icntl(0, 1).is_err());
    /// assert!(f.mumps_infog(81).is_err());
    /// f.factor_symbolic_lu(&a, &Default::default())?;
    /// f.factor_numeric_lu(&a)?;
    /// // MUMPS holds the controls once it has started.
    /// assert_eq!(f.mumps_icntl(14)?, 50);
    /// assert_eq!(f.mumps_cntl(1)?, 0.5);
    /// assert_eq!(f.mumps_infog(1)?, 0); // no error
    /// assert!(f.mumps_infog(3)? > 0); // estimated size of the factors
    /// assert!(f.mumps_rinfog(3)? >= 0.0); // flops of the elimination
    /// # Ok::<(), petsc::Error>(())
    /// ```
    #[doc(alias = "MatMumpsSetIcntl")]
    pub fn set_mumps_icntl(&mut self, i: Int, value: Int) -> Result<()> {
        self.check_mumps("Mat::set_mumps_icntl")?;
        in_range("Mat::set_mumps_icntl", "ICNTL", i, ICNTL)?;
        // SAFETY: live matrix; `i` within MUMPS's ICNTL array.
        check(unsafe { sys::MatMumpsSetIcntl(self.ptr, i, value) })
    }

    /// MUMPS's integer control `ICNTL(i)` (`MatMumpsGetIcntl`).
    #[doc(alias = "MatMumpsGetIcntl")]
    pub fn mumps_icntl(&self, i: Int) -> Result<Int> {
        self.check_mumps("Mat::mumps_icntl")?;
        in_range("Mat::mumps_icntl", "ICNTL", i, ICNTL)?;
        let mut v: Int = 0;
        // SAFETY: live matrix; `i` within MUMPS's ICNTL array.
        check(unsafe { sys::MatMumpsGetIcntl(self.ptr, i, &mut v) })?;
        Ok(v)
    }

    /// Sets MUMPS's real control `CNTL(i)` (`MatMumpsSetCntl`).
    #[doc(alias = "MatMumpsSetCntl")]
    pub fn set_mumps_cntl(&mut self, i: Int, value: Real) -> Result<()> {
        self.check_mumps("Mat::set_mumps_cntl")?;
        in_range("Mat::set_mumps_cntl", "CNTL", i, CNTL)?;
        // SAFETY: live matrix; `i` within MUMPS's CNTL array.
        check(unsafe { sys::MatMumpsSetCntl(self.ptr, i, value) })
    }

    /// MUMPS's real control `CNTL(i)` (`MatMumpsGetCntl`).
    #[doc(alias = "MatMumpsGetCntl")]
    pub fn mumps_cntl(&self, i: Int) -> Result<Real> {
        self.check_mumps("Mat::mumps_cntl")?;
        in_range("Mat::mumps_cntl", "CNTL", i, CNTL)?;
        let mut v: Real = 0.0;
        // SAFETY: live matrix; `i` within MUMPS's CNTL array.
        check(unsafe { sys::MatMumpsGetCntl(self.ptr, i, &mut v) })?;
        Ok(v)
    }

    /// This rank's MUMPS statistic `INFO(i)` (`MatMumpsGetInfo`).
    #[doc(alias = "MatMumpsGetInfo")]
    pub fn mumps_info(&self, i: Int) -> Result<Int> {
        self.check_mumps("Mat::mumps_info")?;
        in_range("Mat::mumps_info", "INFO", i, INFO)?;
        let mut v: Int = 0;
        // SAFETY: live matrix; `i` within MUMPS's INFO array.
        check(unsafe { sys::MatMumpsGetInfo(self.ptr, i, &mut v) })?;
        Ok(v)
    }

    /// MUMPS's global statistic `INFOG(i)` (`MatMumpsGetInfog`).
    #[doc(alias = "MatMumpsGetInfog")]
    pub fn mumps_infog(&self, i: Int) -> Result<Int> {
        self.check_mumps("Mat::mumps_infog")?;
        in_range("Mat::mumps_infog", "INFOG", i, INFO)?;
        let mut v: Int = 0;
        // SAFETY: live matrix; `i` within MUMPS's INFOG array.
        check(unsafe { sys::MatMumpsGetInfog(self.ptr, i, &mut v) })?;
        Ok(v)
    }

    /// This rank's real MUMPS statistic `RINFO(i)` (`MatMumpsGetRinfo`).
    #[doc(alias = "MatMumpsGetRinfo")]
    pub fn mumps_rinfo(&self, i: Int) -> Result<Real> {
        self.check_mumps("Mat::mumps_rinfo")?;
        in_range("Mat::mumps_rinfo", "RINFO", i, RINFO)?;
        let mut v: Real = 0.0;
        // SAFETY: live matrix; `i` within MUMPS's RINFO array.
        check(unsafe { sys::MatMumpsGetRinfo(self.ptr, i, &mut v) })?;
        Ok(v)
    }

    /// MUMPS's global real statistic `RINFOG(i)` (`MatMumpsGetRinfog`).
    #[doc(alias = "MatMumpsGetRinfog")]
    pub fn mumps_rinfog(&self, i: Int) -> Result<Real> {
        self.check_mumps("Mat::mumps_rinfog")?;
        in_range("Mat::mumps_rinfog", "RINFOG", i, RINFO)?;
        let mut v: Real = 0.0;
        // SAFETY: live matrix; `i` within MUMPS's RINFOG array.
        check(unsafe { sys::MatMumpsGetRinfog(self.ptr, i, &mut v) })?;
        Ok(v)
    }
}
