//! Checks of a Gmsh mesh file made before PETSc reads it (`DMPlexCreateGmsh` trusts the
//! file: an element naming a node that does not exist makes it read out of bounds).
//!
//! ASCII files of the formats PETSc reads (2.2, 4.0 and 4.1) are checked whole: the
//! format line, that the node and element sections are complete, node tags defined
//! once, the element types PETSc knows, and that every node an element or a `$Periodic`
//! link names was defined in `$Nodes`. Binary files get the format line only (their counts
//! are read as they come); the first rank's lone read (below) still turns any failure
//! of PETSc's on them into an `Err` on every rank.

use std::collections::HashSet;

use crate::comm::Comm;
use crate::error::{Error, Result};

/// Before a collective read of the Gmsh file `path` on `comm` (for `context`): the first
/// rank checks the file, then (on more than one rank) reads it alone with `alone`, given
/// `PETSC_COMM_SELF`; PETSc reads it there and broadcasts it, so a failure of its own on
/// that rank would leave the others waiting. Either failure is an `Err` on every rank.
pub(super) fn before_read(
    comm: &Comm,
    context: &str,
    path: &str,
    alone: impl FnOnce(&Comm) -> Result<()>,
) -> Result<()> {
    let first = comm.rank() == 0;
    let checked = if first {
        std::fs::read(path)
            .map_err(|e| Error::invalid(context, format!("cannot read '{path}': {e}")))
            .and_then(|bytes| {
                check(&bytes)
                    .map_err(|e| Error::invalid(context, format!("the Gmsh file '{path}': {e}")))
            })
    } else {
        Ok(())
    };
    comm.agree(context, checked)?;
    if comm.size() > 1 {
        let read = if first {
            alone(&comm.petsc().self_comm())
        } else {
            Ok(())
        };
        comm.agree(context, read)?;
    }
    Ok(())
}

/// The number of nodes of a Gmsh element type that PETSc reads (`GmshCellTable` in
/// PETSc's `plexgmsh.c`), or `None` for a type it does not.
fn nodes_of_type(ty: i64) -> Option<usize> {
    let seg = |p: usize| p + 1;
    let tri = |p: usize| (p + 1) * (p + 2) / 2;
    let qua = |p: usize| (p + 1) * (p + 1);
    let tet = |p: usize| (p + 1) * (p + 2) * (p + 3) / 6;
    let hex = |p: usize| (p + 1) * (p + 1) * (p + 1);
    let pri = |p: usize| (p + 1) * (p + 1) * (p + 2) / 2;
    let pyr = |p: usize| (p + 1) * (p + 2) * (2 * p + 3) / 6;
    let n = match ty {
        15 => 1,
        1 => seg(1),
        8 => seg(2),
        26..=28 => seg(ty as usize - 23),
        62..=66 => seg(ty as usize - 56),
        2 => tri(1),
        9 => tri(2),
        21 => tri(3),
        23 => tri(4),
        25 => tri(5),
        42..=46 => tri(ty as usize - 36),
        3 => qua(1),
        10 => qua(2),
        16 => 8,
        36..=38 => qua(ty as usize - 33),
        47..=51 => qua(ty as usize - 41),
        4 => tet(1),
        11 => tet(2),
        29..=31 => tet(ty as usize - 26),
        71..=75 => tet(ty as usize - 65),
        5 => hex(1),
        12 => hex(2),
        17 => 20,
        92..=98 => hex(ty as usize - 89),
        6 => pri(1),
        13 => pri(2),
        90 | 91 => pri(ty as usize - 87),
        106..=110 => pri(ty as usize - 101),
        7 => pyr(1),
        14 => pyr(2),
        118..=124 => pyr(ty as usize - 115),
        _ => return None,
    };
    Some(n)
}

/// The whitespace-separated words of an ASCII Gmsh file, with the line each is on.
struct Words<'a> {
    words: std::iter::Peekable<Box<dyn Iterator<Item = (usize, &'a str)> + 'a>>,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Words<'a> {
        let it: Box<dyn Iterator<Item = (usize, &'a str)> + 'a> = Box::new(
            text.lines()
                .enumerate()
                .flat_map(|(n, l)| l.split_whitespace().map(move |w| (n + 1, w))),
        );
        Words {
            words: it.peekable(),
        }
    }

    fn next(&mut self, what: &str) -> Result<(usize, &'a str), String> {
        self.words
            .next()
            .ok_or_else(|| format!("the file ends where {what} should be"))
    }

    fn int(&mut self, what: &str) -> Result<i64, String> {
        let (line, w) = self.next(what)?;
        w.parse()
            .map_err(|_| format!("line {line}: '{w}' is not an integer ({what})"))
    }

    fn count(&mut self, what: &str) -> Result<usize, String> {
        let (line, w) = self.next(what)?;
        w.parse()
            .map_err(|_| format!("line {line}: '{w}' is not a count ({what})"))
    }

    fn real(&mut self, what: &str) -> Result<f64, String> {
        let (line, w) = self.next(what)?;
        w.parse()
            .map_err(|_| format!("line {line}: '{w}' is not a number ({what})"))
    }

    fn expect(&mut self, word: &str) -> Result<(), String> {
        let (line, w) = self.next(word)?;
        if w != word {
            return Err(format!("line {line}: '{w}' where {word} should be"));
        }
        Ok(())
    }

    /// Skips to the word after `word`, or `Ok(false)` at the end of the file.
    fn seek(&mut self, word: &str) -> bool {
        for (_, w) in self.words.by_ref() {
            if w == word {
                return true;
            }
        }
        false
    }
}

/// Checks the Gmsh file `bytes` (see the module); the `Err` says what is wrong and where.
pub(crate) fn check(bytes: &[u8]) -> Result<(), String> {
    const FORMAT: &[u8] = b"$MeshFormat";
    let start = bytes
        .windows(FORMAT.len())
        .position(|w| w == FORMAT)
        .ok_or_else(|| "there is no $MeshFormat: not a Gmsh file".to_string())?;
    let head_end = bytes.len().min(start + 256);
    let head = String::from_utf8_lossy(&bytes[start..head_end]);
    let mut head_words = head.split_whitespace();
    head_words.next();
    let version = head_words.next().unwrap_or("");
    let binary = head_words.next().unwrap_or("");
    let format = match version {
        "2.2" => 22,
        "4" | "4.0" => 40,
        "4.1" => 41,
        "" => return Err("the file ends in $MeshFormat".to_string()),
        v => {
            return Err(format!(
                "Gmsh format {v}: PETSc reads the formats 2.2, 4.0 and 4.1"
            ));
        }
    };
    match binary {
        "0" => {}
        "1" => return Ok(()),
        b => return Err(format!("'{b}' in $MeshFormat: 0 for ASCII, 1 for binary")),
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("an ASCII Gmsh file that is not text ({e})"))?;
    let mut w = Words::new(&text[start..]);
    w.expect("$MeshFormat")?;
    w.real("the format version")?;
    w.int("the file type")?;
    w.int("the data size")?;
    w.expect("$EndMeshFormat")?;
    if !w.seek("$Nodes") {
        return Err("there is no $Nodes section".to_string());
    }
    let nodes = match format {
        22 => nodes_22(&mut w)?,
        40 => nodes_40(&mut w)?,
        _ => nodes_41(&mut w)?,
    };
    w.expect("$EndNodes")?;
    if !w.seek("$Elements") {
        return Err("there is no $Elements section".to_string());
    }
    match format {
        22 => elements_22(&mut w, &nodes)?,
        40 => elements_40(&mut w, &nodes)?,
        _ => elements_41(&mut w, &nodes)?,
    }
    w.expect("$EndElements")?;
    if w.seek("$Periodic") {
        periodic(&mut w, &nodes, format)?;
    }
    Ok(())
}

/// A `$Periodic` section (after `$Elements`): a count of links, each `dimension tag
/// master-tag`, its affine transformation (2.2 and 4.0: an optional `Affine` line of 16
/// numbers; 4.1: a count, then the numbers), then a count of node pairs `node master`,
/// every node defined in `$Nodes`.
fn periodic(w: &mut Words<'_>, nodes: &HashSet<i64>, format: u32) -> Result<(), String> {
    let links = w.count("the number of periodic links")?;
    for _ in 0..links {
        w.int("a periodic link's dimension")?;
        w.int("a periodic link's entity tag")?;
        w.int("a periodic link's master entity tag")?;
        let affine = if format != 41 {
            match w.words.peek() {
                Some((_, "Affine")) => {
                    w.expect("Affine")?;
                    16
                }
                _ => 0,
            }
        } else {
            w.count("the number of affine values")?
        };
        for _ in 0..affine {
            w.real("an affine value")?;
        }
        let pairs = w.count("the number of periodic nodes")?;
        for _ in 0..2 * pairs {
            let node = w.int("a periodic node")?;
            if !nodes.contains(&node) {
                return Err(format!(
                    "a periodic link names node {node}, which $Nodes does not define"
                ));
            }
        }
    }
    w.expect("$EndPeriodic")
}

/// The node tags of a format 2.2 `$Nodes` section: a count, then `tag x y z` lines.
fn nodes_22(w: &mut Words<'_>) -> Result<HashSet<i64>, String> {
    let n = w.count("the number of nodes")?;
    let mut tags = HashSet::with_capacity(n.min(1 << 24));
    for _ in 0..n {
        let tag = w.int("a node tag")?;
        if tag < 0 || !tags.insert(tag) {
            return Err(format!("node tag {tag} is negative or defined twice"));
        }
        for c in ["x", "y", "z"] {
            w.real(c)?;
        }
    }
    Ok(tags)
}

/// The node tags of a format 4.0 `$Nodes` section: blocks (`entity dimension
/// parametric count`) of `tag x y z` lines (and parametric coordinates).
fn nodes_40(w: &mut Words<'_>) -> Result<HashSet<i64>, String> {
    let blocks = w.count("the number of node blocks")?;
    let n = w.count("the number of nodes")?;
    let mut tags = HashSet::with_capacity(n.min(1 << 24));
    for _ in 0..blocks {
        w.int("a node block's entity tag")?;
        let dim = w.count("a node block's entity dimension")?;
        let parametric = w.int("a node block's parametric flag")?;
        let count = w.count("a node block's number of nodes")?;
        let per_node = if parametric != 0 { 3 + dim.min(3) } else { 3 };
        for _ in 0..count {
            let tag = w.int("a node tag")?;
            if tag < 0 || !tags.insert(tag) {
                return Err(format!("node tag {tag} is negative or defined twice"));
            }
            for _ in 0..per_node {
                w.real("a coordinate")?;
            }
        }
    }
    if tags.len() != n {
        return Err(format!(
            "$Nodes announces {n} nodes and defines {}",
            tags.len()
        ));
    }
    Ok(tags)
}

/// The node tags of a format 4.1 `$Nodes` section: blocks of tags, then coordinates.
fn nodes_41(w: &mut Words<'_>) -> Result<HashSet<i64>, String> {
    let blocks = w.count("the number of node blocks")?;
    let n = w.count("the number of nodes")?;
    w.int("the smallest node tag")?;
    w.int("the largest node tag")?;
    let mut tags = HashSet::with_capacity(n.min(1 << 24));
    for _ in 0..blocks {
        let dim = w.count("a node block's entity dimension")?;
        w.int("a node block's entity tag")?;
        let parametric = w.int("a node block's parametric flag")?;
        let count = w.count("a node block's number of nodes")?;
        for _ in 0..count {
            let tag = w.int("a node tag")?;
            if tag < 0 || !tags.insert(tag) {
                return Err(format!("node tag {tag} is negative or defined twice"));
            }
        }
        let per_node = if parametric != 0 { 3 + dim.min(3) } else { 3 };
        for _ in 0..count * per_node {
            w.real("a coordinate")?;
        }
    }
    if tags.len() != n {
        return Err(format!(
            "$Nodes announces {n} nodes and defines {}",
            tags.len()
        ));
    }
    Ok(tags)
}

/// Checks that an element of type `ty` names defined nodes.
fn element_nodes(
    w: &mut Words<'_>,
    ty: i64,
    nodes: &HashSet<i64>,
    element: i64,
) -> Result<(), String> {
    let k = nodes_of_type(ty)
        .ok_or_else(|| format!("element {element} has type {ty}, which PETSc does not read"))?;
    for _ in 0..k {
        let node = w.int("an element's node")?;
        if !nodes.contains(&node) {
            return Err(format!(
                "element {element} names node {node}, which $Nodes does not define"
            ));
        }
    }
    Ok(())
}

/// A format 2.2 `$Elements` section: a count, then `tag type ntags tags... nodes...`.
fn elements_22(w: &mut Words<'_>, nodes: &HashSet<i64>) -> Result<(), String> {
    let n = w.count("the number of elements")?;
    for _ in 0..n {
        let tag = w.int("an element tag")?;
        let ty = w.int("an element type")?;
        let ntags = w.count("an element's number of tags")?;
        for _ in 0..ntags {
            w.int("an element's tag")?;
        }
        element_nodes(w, ty, nodes, tag)?;
    }
    Ok(())
}

/// A format 4.0 `$Elements` section: blocks (`entity dimension type count`) of one
/// type, each element `tag nodes...`.
fn elements_40(w: &mut Words<'_>, nodes: &HashSet<i64>) -> Result<(), String> {
    let blocks = w.count("the number of element blocks")?;
    w.count("the number of elements")?;
    for _ in 0..blocks {
        w.int("an element block's entity tag")?;
        w.int("an element block's entity dimension")?;
        let ty = w.int("an element block's type")?;
        let count = w.count("an element block's number of elements")?;
        for _ in 0..count {
            let tag = w.int("an element tag")?;
            element_nodes(w, ty, nodes, tag)?;
        }
    }
    Ok(())
}

/// A format 4.1 `$Elements` section: blocks of one type, each element `tag nodes...`.
fn elements_41(w: &mut Words<'_>, nodes: &HashSet<i64>) -> Result<(), String> {
    let blocks = w.count("the number of element blocks")?;
    w.count("the number of elements")?;
    w.int("the smallest element tag")?;
    w.int("the largest element tag")?;
    for _ in 0..blocks {
        w.int("an element block's entity dimension")?;
        w.int("an element block's entity tag")?;
        let ty = w.int("an element block's type")?;
        let count = w.count("an element block's number of elements")?;
        for _ in 0..count {
            let tag = w.int("an element tag")?;
            element_nodes(w, ty, nodes, tag)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    const TRIANGLE_22: &str = "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\n3\n1 0 0 0\n\
        2 1 0 0\n3 0 1 0\n$EndNodes\n$Elements\n1\n1 2 2 0 1 1 2 3\n$EndElements\n";

    #[test]
    fn a_good_file_passes() {
        assert_eq!(check(TRIANGLE_22.as_bytes()), Ok(()));
    }

    #[test]
    fn missing_nodes_are_named() {
        for bad in ["1 2 2 0 1 1 2 99", "1 2 2 0 1 1 2 -4", "1 2 2 0 1 1 2 0"] {
            let text = TRIANGLE_22.replace("1 2 2 0 1 1 2 3", bad);
            let e = check(text.as_bytes()).unwrap_err();
            assert!(e.contains("names node"), "{e}");
        }
    }

    const TRIANGLE_40: &str = "$MeshFormat\n4 0 8\n$EndMeshFormat\n$Nodes\n1 3\n\
        1 2 0 3\n1 0 0 0\n2 1 0 0\n3 0 1 0\n$EndNodes\n$Elements\n1 1\n1 2 2 1\n\
        1 1 2 3\n$EndElements\n";

    #[test]
    fn format_40_is_checked_whole() {
        assert_eq!(check(TRIANGLE_40.as_bytes()), Ok(()));
        let e = check(TRIANGLE_40.replace("1 1 2 3", "1 1 2 99").as_bytes()).unwrap_err();
        assert!(e.contains("names node 99"), "{e}");
        let e = check(TRIANGLE_40.replace("2 1 0 0", "1 1 0 0").as_bytes()).unwrap_err();
        assert!(e.contains("defined twice"), "{e}");
        assert!(check(&TRIANGLE_40.as_bytes()[..60]).is_err());
    }

    #[test]
    fn periodic_links_name_defined_nodes() {
        let with = |link: &str| format!("{TRIANGLE_22}$Periodic\n1\n0 2 1\n{link}\n$EndPeriodic\n");
        let affine = "Affine 1 0 0 1 0 1 0 0 0 0 1 0 0 0 0 1";
        assert_eq!(check(with(&format!("{affine}\n1\n2 1")).as_bytes()), Ok(()));
        assert_eq!(check(with("1\n3 1").as_bytes()), Ok(()));
        for bad in ["1\n2 99", "1\n-4 1", "2\n2 1"] {
            let e = check(with(bad).as_bytes()).unwrap_err();
            assert!(
                e.contains("periodic") || e.contains("where $EndPeriodic"),
                "{bad}: {e}"
            );
        }
        assert!(
            check(with("1\n2 99").as_bytes())
                .unwrap_err()
                .contains("node 99")
        );
    }

    #[test]
    fn truncated_and_foreign_files_are_refused() {
        for n in [10, 40, 80, TRIANGLE_22.len() - 14] {
            assert!(check(&TRIANGLE_22.as_bytes()[..n]).is_err(), "{n}");
        }
        assert!(check(b"garbage").is_err());
        assert!(check(&TRIANGLE_22.replace("2.2 0 8", "3.0 0 8").into_bytes()).is_err());
        assert!(check(&TRIANGLE_22.replace("1 2 2 0 1", "1 99 2 0 1").into_bytes()).is_err());
        assert!(check(&TRIANGLE_22.replace("2 1 0 0", "1 1 0 0").into_bytes()).is_err());
    }
}
