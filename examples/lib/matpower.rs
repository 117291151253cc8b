//! A reader of MATPOWER case files (format version 2): `mpc.baseMVA`, `mpc.bus`,
//! `mpc.gen` and `mpc.branch`. Other fields (`mpc.gencost`, `mpc.bus_name`, ...) are
//! skipped. Comments (`%`), rows separated by `;` or by new lines, entries separated by
//! blanks or commas, and `...` continuations are understood. Every error names the line
//! of the file it is about.
//!
//! ```
//! let text = "function mpc = tiny\nmpc.version = '2';\nmpc.baseMVA = 100;\n\
//!     mpc.bus = [ 10 3 0 0 0 0 1 1 0 345 1 1.1 0.9; 20 1 50 0 0 0 1 1 0 345 1 1.1 0.9 ];\n\
//!     mpc.gen = [ 10 50 0 0 0 1 100 1 100 0 ];\n\
//!     mpc.branch = [ 10 20 0 0.1 0 0 0 0 0 0 1 ];\n";
//! let case = petsc_examples::matpower::parse(text).unwrap();
//! assert_eq!(case.bus.len(), 2);
//! assert_eq!(case.branch[0].to, 20);
//! ```

use std::collections::HashMap;
use std::fmt;

/// An error in a case file, with the line it was found on (1-based; 0 for the file as a
/// whole).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseError {
    /// The line of the file, 1-based; 0 when no line is to blame (a missing field).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl CaseError {
    /// An error about line `line` (0: the file as a whole).
    pub fn at(line: usize, message: impl Into<String>) -> CaseError {
        CaseError {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for CaseError {}

/// A bus (a row of `mpc.bus`).
#[derive(Debug, Clone, PartialEq)]
pub struct Bus {
    /// The line of the file the row starts on.
    pub line: usize,
    /// `BUS_I`: the bus number (any positive integer, not necessarily consecutive).
    pub id: u64,
    /// `BUS_TYPE`: 1 PQ, 2 PV, 3 reference, 4 isolated.
    pub kind: u8,
    /// `PD`: real power demand, MW.
    pub pd: f64,
    /// `QD`: reactive power demand, MVAr.
    pub qd: f64,
    /// `GS`: shunt conductance, MW demanded at V = 1.0 p.u.
    pub gs: f64,
    /// `BS`: shunt susceptance, MVAr injected at V = 1.0 p.u.
    pub bs: f64,
    /// `VM`: voltage magnitude, p.u. (the AC power flow's starting point).
    pub vm: f64,
    /// `VA`: voltage angle, degrees (the reference bus's angle is kept).
    pub va: f64,
}

/// A generator (a row of `mpc.gen`).
#[derive(Debug, Clone, PartialEq)]
pub struct Gen {
    /// The line of the file the row starts on.
    pub line: usize,
    /// `GEN_BUS`: the bus number.
    pub bus: u64,
    /// `PG`: real power output, MW.
    pub pg: f64,
    /// `QG`: reactive power output, MVAr.
    pub qg: f64,
    /// `VG`: voltage magnitude set point, p.u.
    pub vg: f64,
    /// `GEN_STATUS`: in service when positive.
    pub status: f64,
}

/// A branch (a row of `mpc.branch`).
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    /// The line of the file the row starts on.
    pub line: usize,
    /// `F_BUS`: the "from" bus number.
    pub from: u64,
    /// `T_BUS`: the "to" bus number.
    pub to: u64,
    /// `BR_R`: resistance, p.u.
    pub r: f64,
    /// `BR_X`: reactance, p.u.
    pub x: f64,
    /// `BR_B`: total line charging susceptance, p.u.
    pub b: f64,
    /// `RATE_A`: long-term rating, MVA (0 means unlimited).
    pub rate_a: f64,
    /// `TAP`: transformer off-nominal turns ratio (0 for a line).
    pub tap: f64,
    /// `SHIFT`: transformer phase shift angle, degrees.
    pub shift: f64,
    /// `BR_STATUS`: in service unless 0.
    pub in_service: bool,
}

/// A MATPOWER case: the fields a power flow needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// `mpc.baseMVA`.
    pub base_mva: f64,
    /// `mpc.bus`, in file order.
    pub bus: Vec<Bus>,
    /// `mpc.gen`, in file order.
    pub gen: Vec<Gen>,
    /// `mpc.branch`, in file order.
    pub branch: Vec<Branch>,
}

/// One row of a matrix and the line it starts on.
#[derive(Debug, Clone)]
struct Row {
    line: usize,
    values: Vec<f64>,
}

/// A value of an `mpc.NAME = ...` assignment.
#[derive(Debug, Clone)]
enum Value {
    Matrix(Vec<Row>),
    Text(String),
    Other,
}

#[derive(Debug, Clone)]
struct Field {
    line: usize,
    value: Value,
}

/// The text of a line before its comment (a `%` outside a quoted string).
fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '\'' | '"' => quoted = !quoted,
            '%' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The lines of the file without comments, `...` continuations joined (each piece
/// keeps the number of the line it came from).
pub(crate) fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut continued = false;
    for (k, raw) in text.lines().enumerate() {
        let mut line = strip_comment(raw).to_string();
        let continues = match line.find("...") {
            Some(p) => {
                line.truncate(p);
                true
            }
            None => false,
        };
        match out.last_mut() {
            Some(last) if continued => {
                last.1.push(' ');
                last.1.push_str(&line);
            }
            _ => out.push((k + 1, line)),
        }
        continued = continues;
    }
    out
}

fn parse_number(token: &str, line: usize, what: &str) -> Result<f64, CaseError> {
    token
        .parse::<f64>()
        .map_err(|_| CaseError::at(line, format!("{what}: '{token}' is not a number")))
}

/// Reads the `[ ... ]` of `mpc.NAME` starting at `lines[*k]`, whose text from the `[`
/// on is `first`; advances `*k` past the closing line.
fn read_matrix(
    name: &str,
    first: &str,
    lines: &[(usize, String)],
    k: &mut usize,
) -> Result<Vec<Row>, CaseError> {
    let start = lines[*k].0;
    let mut rows: Vec<Row> = Vec::new();
    let mut text = first.to_string();
    let mut line = start;
    loop {
        let (body, closed) = match text.find(']') {
            Some(p) => (&text[..p], true),
            None => (text.as_str(), false),
        };
        // A `;` ends a row, and so does the end of a line.
        for piece in body.split(';') {
            let mut current: Option<Row> = None;
            for token in piece
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|t| !t.is_empty())
            {
                let v = token
                    .parse::<f64>()
                    .or_else(|_| parse_number(token, line, &format!("mpc.{name}")))?;
                current
                    .get_or_insert_with(|| Row {
                        line,
                        values: Vec::new(),
                    })
                    .values
                    .push(v);
            }
            if let Some(r) = current.take() {
                rows.push(r);
            }
        }
        if closed {
            let rest = text[text.find(']').unwrap_or(0) + 1..].trim();
            let rest = rest.trim_start_matches(';').trim();
            if !rest.is_empty() {
                return Err(CaseError::at(
                    line,
                    format!("mpc.{name}: unexpected '{rest}' after the closing ']'"),
                ));
            }
            *k += 1;
            return Ok(rows);
        }
        *k += 1;
        match lines.get(*k) {
            Some((l, t)) => {
                line = *l;
                text = t.clone();
            }
            None => {
                return Err(CaseError::at(
                    start,
                    format!("mpc.{name}: the '[' opened here is never closed"),
                ))
            }
        }
    }
}

/// Skips a `{ ... }` cell array (of names, ...), honouring quotes.
fn skip_cells(first: &str, lines: &[(usize, String)], k: &mut usize) -> Result<(), CaseError> {
    let start = lines[*k].0;
    let mut depth = 0usize;
    let mut text = first.to_string();
    loop {
        let mut quoted = false;
        for c in text.chars() {
            match c {
                '\'' | '"' => quoted = !quoted,
                '{' if !quoted => depth += 1,
                '}' if !quoted => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        *k += 1;
        if depth == 0 {
            return Ok(());
        }
        match lines.get(*k) {
            Some((_, t)) => text = t.clone(),
            None => return Err(CaseError::at(start, "the '{' opened here is never closed")),
        }
    }
}

/// Every `mpc.NAME = VALUE` assignment of the file (the last one of a name wins).
fn assignments(text: &str) -> Result<HashMap<String, Field>, CaseError> {
    let lines = logical_lines(text);
    let mut fields = HashMap::new();
    let mut k = 0;
    while k < lines.len() {
        let (line, ref t) = lines[k];
        let s = t.trim();
        let Some(rest) = s.strip_prefix("mpc.") else {
            k += 1;
            continue;
        };
        let name_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        let after = rest[name_end..].trim_start();
        let Some(value) = after.strip_prefix('=') else {
            if ["bus", "gen", "branch", "baseMVA", "version"].contains(&name.as_str()) {
                return Err(CaseError::at(
                    line,
                    format!("mpc.{name} is changed by a statement this reader does not run: '{s}'"),
                ));
            }
            k += 1;
            continue;
        };
        let value = value.trim();
        let v = if let Some(m) = value.strip_prefix('[') {
            Value::Matrix(read_matrix(&name, m, &lines, &mut k)?)
        } else if value.starts_with('{') {
            skip_cells(value, &lines, &mut k)?;
            Value::Other
        } else {
            k += 1;
            let v = value.trim_end_matches(';').trim();
            if v.len() >= 2
                && ((v.starts_with('\'') && v.ends_with('\''))
                    || (v.starts_with('"') && v.ends_with('"')))
            {
                Value::Text(v[1..v.len() - 1].to_string())
            } else {
                Value::Text(v.to_string())
            }
        };
        fields.insert(name, Field { line, value: v });
    }
    Ok(fields)
}

/// The rows of the matrix `mpc.NAME`, each with at least `min_cols` columns and all with
/// the same number.
fn matrix<'a>(
    fields: &'a HashMap<String, Field>,
    name: &str,
    min_cols: usize,
    columns: &str,
) -> Result<&'a [Row], CaseError> {
    let field = fields
        .get(name)
        .ok_or_else(|| CaseError::at(0, format!("the case has no mpc.{name} matrix")))?;
    let Value::Matrix(rows) = &field.value else {
        return Err(CaseError::at(
            field.line,
            format!("mpc.{name} must be a matrix [ ... ]"),
        ));
    };
    let Some(first) = rows.first() else {
        return Err(CaseError::at(field.line, format!("mpc.{name} is empty")));
    };
    let n = first.values.len();
    for r in rows {
        if r.values.len() != n {
            return Err(CaseError::at(
                r.line,
                format!(
                    "mpc.{name}: this row has {} columns, the first row (line {}) has {n}",
                    r.values.len(),
                    first.line
                ),
            ));
        }
    }
    if n < min_cols {
        return Err(CaseError::at(
            first.line,
            format!("mpc.{name} has {n} columns, at least {min_cols} are needed ({columns})"),
        ));
    }
    Ok(rows)
}

fn finite(row: &Row, col: usize, name: &str, what: &str) -> Result<f64, CaseError> {
    let v = row.values[col];
    if v.is_finite() {
        Ok(v)
    } else {
        Err(CaseError::at(
            row.line,
            format!("mpc.{name} column {} ({what}) is {v}", col + 1),
        ))
    }
}

fn bus_number(row: &Row, col: usize, name: &str, what: &str) -> Result<u64, CaseError> {
    let v = row.values[col];
    if v.is_finite() && v >= 1.0 && v.fract() == 0.0 && v < 9.0e15 {
        Ok(v as u64)
    } else {
        Err(CaseError::at(
            row.line,
            format!(
                "mpc.{name} column {} ({what}) must be a positive integer bus number, got {v}",
                col + 1
            ),
        ))
    }
}

/// Parses the text of a MATPOWER case file.
pub fn parse(text: &str) -> Result<Case, CaseError> {
    let fields = assignments(text)?;
    match fields.get("version") {
        Some(Field {
            value: Value::Text(v),
            ..
        }) if v == "2" => {}
        Some(f) => {
            return Err(CaseError::at(
                f.line,
                "mpc.version must be '2' (MATPOWER case format version 2)",
            ))
        }
        None => return Err(CaseError::at(
            0,
            "the case has no mpc.version (MATPOWER case format version 2 says mpc.version = '2';)",
        )),
    }
    let base_mva = match fields.get("baseMVA") {
        Some(Field {
            line,
            value: Value::Text(v),
        }) => {
            let b = parse_number(v, *line, "mpc.baseMVA")?;
            if !(b.is_finite() && b > 0.0) {
                return Err(CaseError::at(
                    *line,
                    format!("mpc.baseMVA must be positive, got {b}"),
                ));
            }
            b
        }
        Some(f) => return Err(CaseError::at(f.line, "mpc.baseMVA must be a number")),
        None => return Err(CaseError::at(0, "the case has no mpc.baseMVA")),
    };

    let mut bus = Vec::new();
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for r in matrix(
        &fields,
        "bus",
        13,
        "bus_i type Pd Qd Gs Bs area Vm Va baseKV zone Vmax Vmin",
    )? {
        let id = bus_number(r, 0, "bus", "BUS_I")?;
        if let Some(prev) = seen.insert(id, r.line) {
            return Err(CaseError::at(
                r.line,
                format!("bus {id} appears twice in mpc.bus (also on line {prev})"),
            ));
        }
        let t = r.values[1];
        if ![1.0, 2.0, 3.0, 4.0].contains(&t) {
            return Err(CaseError::at(
                r.line,
                format!("bus {id}: BUS_TYPE must be 1, 2, 3 or 4, got {t}"),
            ));
        }
        bus.push(Bus {
            line: r.line,
            id,
            kind: t as u8,
            pd: finite(r, 2, "bus", "PD")?,
            qd: finite(r, 3, "bus", "QD")?,
            gs: finite(r, 4, "bus", "GS")?,
            bs: finite(r, 5, "bus", "BS")?,
            vm: finite(r, 7, "bus", "VM")?,
            va: finite(r, 8, "bus", "VA")?,
        });
    }

    let mut gen = Vec::new();
    for r in matrix(
        &fields,
        "gen",
        10,
        "bus Pg Qg Qmax Qmin Vg mBase status Pmax Pmin",
    )? {
        let b = bus_number(r, 0, "gen", "GEN_BUS")?;
        if !seen.contains_key(&b) {
            return Err(CaseError::at(
                r.line,
                format!("generator at bus {b}, which is not in mpc.bus"),
            ));
        }
        gen.push(Gen {
            line: r.line,
            bus: b,
            pg: finite(r, 1, "gen", "PG")?,
            qg: finite(r, 2, "gen", "QG")?,
            vg: finite(r, 5, "gen", "VG")?,
            status: finite(r, 7, "gen", "GEN_STATUS")?,
        });
    }

    let mut branch = Vec::new();
    for r in matrix(
        &fields,
        "branch",
        11,
        "fbus tbus r x b rateA rateB rateC ratio angle status",
    )? {
        let from = bus_number(r, 0, "branch", "F_BUS")?;
        let to = bus_number(r, 1, "branch", "T_BUS")?;
        for b in [from, to] {
            if !seen.contains_key(&b) {
                return Err(CaseError::at(
                    r.line,
                    format!("branch {from}-{to}: bus {b} is not in mpc.bus"),
                ));
            }
        }
        let in_service = finite(r, 10, "branch", "BR_STATUS")? != 0.0;
        let x = finite(r, 3, "branch", "BR_X")?;
        if in_service && x == 0.0 {
            return Err(CaseError::at(
                r.line,
                format!("branch {from}-{to} is in service with zero reactance BR_X"),
            ));
        }
        branch.push(Branch {
            line: r.line,
            from,
            to,
            r: finite(r, 2, "branch", "BR_R")?,
            x,
            b: finite(r, 4, "branch", "BR_B")?,
            rate_a: finite(r, 5, "branch", "RATE_A")?,
            tap: finite(r, 8, "branch", "TAP")?,
            shift: finite(r, 9, "branch", "SHIFT")?,
            in_service,
        });
    }
    Ok(Case {
        base_mva,
        bus,
        gen,
        branch,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "function mpc = tiny
% a comment with ] and ; in it
mpc.version = '2';
mpc.baseMVA = 100;  % MVA
mpc.bus = [
\t7\t3\t0\t0\t0\t0\t1\t1\t5\t345\t1\t1.1\t0.9;
\t3\t1\t90\t30\t2\t0\t1\t1\t0\t345\t1\t1.1\t0.9; 12 1 10 0 0 0 1 1 0 345 1 1.1 0.9
];
mpc.gen = [7, 90, 0, 0, 0, 1, 100, 1, 250, 10];
mpc.branch = [
\t7\t3\t0\t0.1\t0\t250\t250\t250\t0\t0\t1 ...
\t-360\t360;
\t3\t12\t0\t0.2\t0\t0\t0\t0\t1.05\t3\t0\t-360\t360;
];
mpc.gencost = [ 2 0 0 3 0.1 5 150 ];
mpc.bus_name = {
\t'Bus 7 % not a comment';
\t'Bus ]';
};
";

    #[test]
    fn reads_the_fields() {
        let c = parse(TINY).unwrap();
        assert_eq!(c.base_mva, 100.0);
        assert_eq!(c.bus.iter().map(|b| b.id).collect::<Vec<_>>(), [7, 3, 12]);
        assert_eq!(c.bus[0].va, 5.0);
        assert_eq!(c.bus[1].gs, 2.0);
        assert_eq!(c.bus[2].line, 7);
        assert_eq!(c.gen[0].pg, 90.0);
        assert_eq!((c.bus[1].qd, c.bus[1].bs, c.bus[1].vm), (30.0, 0.0, 1.0));
        assert_eq!((c.gen[0].qg, c.gen[0].vg), (0.0, 1.0));
        assert_eq!((c.branch[1].r, c.branch[1].b), (0.0, 0.0));
        assert_eq!(c.branch.len(), 2);
        assert_eq!(c.branch[0].line, 11);
        assert!(!c.branch[1].in_service);
        assert_eq!(c.branch[1].tap, 1.05);
        assert_eq!(c.branch[1].shift, 3.0);
    }

    fn err(text: &str) -> CaseError {
        parse(text).unwrap_err()
    }

    #[test]
    fn names_the_line() {
        let e = err(&TINY.replace(
            "12 1 10 0 0 0 1 1 0 345 1 1.1 0.9",
            "12 1 10 0 0 0 1 1 0 345 1 1.1",
        ));
        assert_eq!(e.line, 7, "{e}");
        assert!(e.message.contains("12 columns"), "{e}");
        let e = err(&TINY.replace("\t3\t12\t0\t0.2", "\t3\t99\t0\t0.2"));
        assert_eq!(e.line, 13, "{e}");
        assert!(e.message.contains("bus 99"), "{e}");
        let e = err(&TINY.replace("mpc.gen = [7,", "mpc.gen = [8,"));
        assert_eq!(e.line, 9, "{e}");
        let e = err(&TINY.replace("\t3\t1\t90", "\t7\t1\t90"));
        assert!(e.message.contains("twice"), "{e}");
        let e = err(&TINY.replace("30\t2\t0", "30\tx\t0"));
        assert_eq!(e.line, 7, "{e}");
        assert!(e.message.contains("'x'"), "{e}");
        let e = err(&TINY.replace("mpc.baseMVA = 100;", ""));
        assert!(e.message.contains("baseMVA"), "{e}");
        let e = err(&TINY.replace("mpc.version = '2';", "mpc.version = '1';"));
        assert_eq!(e.line, 3, "{e}");
        let e = err(&TINY.replace("250\t250\t250\t0\t0\t1", "250\t250\t250\t0\t0\t1]"));
        assert!(e.message.contains("unexpected"), "{e}");
        let e =
            err("mpc.version = '2';\nmpc.baseMVA = 100;\nmpc.bus = [ 1 3 0 0 0 0 1 1 0 1 1 1 1;\n");
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("never closed"), "{e}");
    }
}
