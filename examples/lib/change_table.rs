//! A reader of MATPOWER change tables (the `chgtab` of `apply_changes`, as in
//! `contab_ACTIVSg10k.m`), and the contingencies a DC power flow can screen from them:
//! branches and generators taken out of service.
//!
//! A table's rows are `label prob table row col chgtype newval`; the rows of one label
//! are one contingency. Entries are numbers or MATPOWER's names (`CT_TBRCH`,
//! `BR_STATUS`, `CT_REP`, ... from `idx_ct`, `idx_brch`, `idx_gen`, `idx_bus`).
//!
//! ```
//! use petsc_examples::change_table::{outages, parse};
//! let text = "function chgtab = tiny\ndefine_constants;\nchgtab = [\n\
//!     1 0 CT_TBRCH 2 BR_STATUS CT_REP 0;\n\
//!     2 0 CT_TGEN 1 GEN_STATUS CT_REP 0;\n\
//!     2 0 CT_TBRCH 1 11 1 0;\n];\n";
//! let changes = parse(text).unwrap();
//! assert_eq!(changes.len(), 3);
//! let list = outages(&changes).unwrap();
//! assert_eq!(list[0].branch_rows, vec![1]);
//! assert_eq!((list[1].label, list[1].gen_rows.clone(), list[1].branch_rows.clone()), (2, vec![0], vec![0]));
//! ```

use crate::matpower::{logical_lines, CaseError};

/// `CT_TGEN`: the generator table.
pub const CT_TGEN: u32 = 2;
/// `CT_TBRCH`: the branch table.
pub const CT_TBRCH: u32 = 3;
/// `CT_REP`: replace the value.
pub const CT_REP: u32 = 1;
/// `BR_STATUS`: the branch table's status column.
pub const BR_STATUS: u32 = 11;
/// `GEN_STATUS`: the generator table's status column.
pub const GEN_STATUS: u32 = 8;

/// MATPOWER's names a change table may use (`idx_ct`, and the columns of `idx_bus`,
/// `idx_gen` and `idx_brch` a change may name), with their values.
const NAMES: &[(&str, f64)] = &[
    ("CT_TBUS", 1.0),
    ("CT_TGEN", 2.0),
    ("CT_TBRCH", 3.0),
    ("CT_TAREABUS", 4.0),
    ("CT_TAREAGEN", 5.0),
    ("CT_TAREABRCH", 6.0),
    ("CT_TLOAD", 7.0),
    ("CT_TAREALOAD", 8.0),
    ("CT_TGENCOST", 9.0),
    ("CT_TAREAGENCOST", 10.0),
    ("CT_REP", 1.0),
    ("CT_REL", 2.0),
    ("CT_ADD", 3.0),
    ("CT_LOAD_ALL_PQ", 1.0),
    ("CT_LOAD_FIX_PQ", 2.0),
    ("CT_LOAD_DIS_PQ", 3.0),
    ("CT_LOAD_ALL_P", 4.0),
    ("CT_LOAD_FIX_P", 5.0),
    ("CT_LOAD_DIS_P", 6.0),
    ("PD", 3.0),
    ("QD", 4.0),
    ("GS", 5.0),
    ("BS", 6.0),
    ("PG", 2.0),
    ("QG", 3.0),
    ("GEN_STATUS", 8.0),
    ("PMAX", 9.0),
    ("PMIN", 10.0),
    ("BR_R", 3.0),
    ("BR_X", 4.0),
    ("BR_B", 5.0),
    ("RATE_A", 6.0),
    ("TAP", 9.0),
    ("SHIFT", 10.0),
    ("BR_STATUS", 11.0),
];

/// One row of a change table.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The line of the file it is on (1-based).
    pub line: usize,
    /// The contingency it belongs to.
    pub label: u64,
    /// The table it changes (`CT_TBUS`, `CT_TGEN`, `CT_TBRCH`, ...).
    pub table: u32,
    /// The row of that table (1-based; 0 is every row).
    pub row: usize,
    /// The column.
    pub col: u32,
    /// How: `CT_REP`, `CT_REL` or `CT_ADD`.
    pub kind: u32,
    /// The new value, factor or increment.
    pub value: f64,
}

fn value(token: &str, line: usize) -> Result<f64, CaseError> {
    if let Some(&(_, v)) = NAMES.iter().find(|(n, _)| *n == token) {
        return Ok(v);
    }
    token.parse::<f64>().map_err(|_| {
        CaseError::at(
            line,
            format!("chgtab: '{token}' is neither a number nor a MATPOWER name"),
        )
    })
}

/// A whole non-negative number, or an error naming `what`.
fn whole(v: f64, line: usize, what: &str) -> Result<u64, CaseError> {
    if v.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&v) {
        Ok(v as u64)
    } else {
        Err(CaseError::at(
            line,
            format!("chgtab: the {what} must be a whole number >= 0, got {v}"),
        ))
    }
}

/// The rows of the file's `chgtab = [ ... ];`.
pub fn parse(text: &str) -> Result<Vec<Change>, CaseError> {
    let lines = logical_lines(text);
    let start = lines
        .iter()
        .position(|(_, t)| {
            let t = t.trim_start();
            t.strip_prefix("chgtab")
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .ok_or_else(|| CaseError::at(0, "no 'chgtab = [ ... ]' in the file"))?;
    let (first_line, first) = &lines[start];
    let Some(open) = first.find('[') else {
        return Err(CaseError::at(
            *first_line,
            "chgtab must be a matrix [ ... ]",
        ));
    };
    let mut changes = Vec::new();
    let mut text = first[open + 1..].to_string();
    let mut k = start;
    loop {
        let line = lines[k].0;
        let (body, closed) = match text.find(']') {
            Some(p) => (&text[..p], true),
            None => (text.as_str(), false),
        };
        for piece in body.split(';') {
            let tokens: Vec<&str> = piece
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|t| !t.is_empty())
                .collect();
            if tokens.is_empty() {
                continue;
            }
            if tokens.len() != 7 {
                return Err(CaseError::at(
                    line,
                    format!(
                        "chgtab: a row has 7 entries (label prob table row col chgtype \
                         newval), this one has {}",
                        tokens.len()
                    ),
                ));
            }
            let v = tokens
                .iter()
                .map(|t| value(t, line))
                .collect::<Result<Vec<f64>, _>>()?;
            changes.push(Change {
                line,
                label: whole(v[0], line, "label")?,
                table: whole(v[2], line, "table")? as u32,
                row: whole(v[3], line, "row")? as usize,
                col: whole(v[4], line, "column")? as u32,
                kind: whole(v[5], line, "change type")? as u32,
                value: v[6],
            });
        }
        if closed {
            return Ok(changes);
        }
        k += 1;
        match lines.get(k) {
            Some((_, t)) => text = t.clone(),
            None => {
                return Err(CaseError::at(
                    *first_line,
                    "chgtab: the '[' opened here is never closed",
                ))
            }
        }
    }
}

/// One contingency: the branches and generators it takes out of service, as 0-based rows
/// of `mpc.branch` and `mpc.gen`.
#[derive(Debug, Clone, PartialEq)]
pub struct Outage {
    /// Its label in the table.
    pub label: u64,
    /// Rows of `mpc.branch` it takes out (0-based).
    pub branch_rows: Vec<usize>,
    /// Rows of `mpc.gen` it takes out (0-based).
    pub gen_rows: Vec<usize>,
}

/// The contingencies of a table, in the order their labels first appear. Only outages
/// are understood (`BR_STATUS` or `GEN_STATUS` of one row replaced by 0); any other
/// change is an error naming its line.
pub fn outages(changes: &[Change]) -> Result<Vec<Outage>, CaseError> {
    let mut out: Vec<Outage> = Vec::new();
    for c in changes {
        let what = match (c.table, c.col) {
            (CT_TBRCH, BR_STATUS) => 0,
            (CT_TGEN, GEN_STATUS) => 1,
            _ => {
                return Err(CaseError::at(
                    c.line,
                    format!(
                        "chgtab: only outages are screened (BR_STATUS of CT_TBRCH or \
                         GEN_STATUS of CT_TGEN replaced by 0); this row changes column {} \
                         of table {}",
                        c.col, c.table
                    ),
                ))
            }
        };
        if c.kind != CT_REP || c.value != 0.0 || c.row == 0 {
            return Err(CaseError::at(
                c.line,
                "chgtab: an outage replaces (CT_REP) the status of one row (not 0) by 0",
            ));
        }
        let at = match out.iter().position(|o| o.label == c.label) {
            Some(p) => p,
            None => {
                out.push(Outage {
                    label: c.label,
                    branch_rows: Vec::new(),
                    gen_rows: Vec::new(),
                });
                out.len() - 1
            }
        };
        let rows = if what == 0 {
            &mut out[at].branch_rows
        } else {
            &mut out[at].gen_rows
        };
        if !rows.contains(&(c.row - 1)) {
            rows.push(c.row - 1);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_it_cannot_screen() {
        let table =
            |row: &str| format!("chgtab = [\n1 0 CT_TBRCH 2 BR_STATUS CT_REP 0;\n{row}\n];");
        for (row, want) in [
            ("2 0 CT_TBUS 4 PD CT_REL 1.1;", "only outages"),
            ("2 0 CT_TBRCH 0 BR_STATUS CT_REP 0;", "one row"),
            ("2 0 CT_TBRCH 3 BR_STATUS CT_REP 1;", "by 0"),
            ("2 0 CT_TBRCH 3 BR_STATUS CT_REP;", "7 entries"),
            ("2 0 CT_TBRCH 3 BR_STAT CT_REP 0;", "'BR_STAT'"),
            ("2.5 0 CT_TBRCH 3 BR_STATUS CT_REP 0;", "label"),
        ] {
            let e = parse(&table(row)).and_then(|c| outages(&c)).unwrap_err();
            assert_eq!(e.line, 3, "{row}: {e}");
            assert!(e.message.contains(want), "{row}: {e}");
        }
        assert!(parse("chgtab = [ 1 0 3 1 11 1 0;")
            .unwrap_err()
            .message
            .contains("never closed"));
        assert!(parse("x = 1;").unwrap_err().message.contains("no 'chgtab"));
    }
}
