//! The sections of a Gmsh file, read as PETSc's `plexgmsh.c` reads them (3.18 to 3.26),
//! with what it trusts checked: counts that match the data, entities and nodes that
//! exist, element types it knows, and the sizes of its fixed buffers.

use std::collections::{HashMap, HashSet};

use super::reader::{Reader, clip};

/// The largest number of tags PETSc keeps per entity (`GMSH_MAX_TAGS`).
const MAX_TAGS: i64 = 16;

/// The vertices and nodes of a Gmsh element type PETSc reads (`GmshCellTable` in
/// `plexgmsh.c`), or `None` for a type it does not.
pub(super) fn cell(ty: i64) -> Option<(usize, usize)> {
    let seg = |p: usize| (2, p + 1);
    let tri = |p: usize| (3, (p + 1) * (p + 2) / 2);
    let qua = |p: usize| (4, (p + 1) * (p + 1));
    let tet = |p: usize| (4, (p + 1) * (p + 2) * (p + 3) / 6);
    let hex = |p: usize| (8, (p + 1) * (p + 1) * (p + 1));
    let pri = |p: usize| (6, (p + 1) * (p + 1) * (p + 2) / 2);
    let pyr = |p: usize| (5, (p + 1) * (p + 2) * (2 * p + 3) / 6);
    let t = ty as usize;
    Some(match ty {
        15 => (1, 1),
        1 => seg(1),
        8 => seg(2),
        26..=28 => seg(t - 23),
        62..=66 => seg(t - 56),
        2 => tri(1),
        9 => tri(2),
        21 => tri(3),
        23 => tri(4),
        25 => tri(5),
        42..=46 => tri(t - 36),
        3 => qua(1),
        10 => qua(2),
        16 => (4, 8),
        36..=38 => qua(t - 33),
        47..=51 => qua(t - 41),
        4 => tet(1),
        11 => tet(2),
        29..=31 => tet(t - 26),
        71..=75 => tet(t - 65),
        5 => hex(1),
        12 => hex(2),
        17 => (8, 20),
        92..=98 => hex(t - 89),
        6 => pri(1),
        13 => pri(2),
        90 | 91 => pri(t - 87),
        106..=110 => pri(t - 101),
        7 => pyr(1),
        14 => pyr(2),
        118..=124 => pyr(t - 115),
        _ => return None,
    })
}

/// What PETSc has read of a file so far, as far as its later reads depend on it.
pub(super) struct Mesh {
    /// The format: 22 (and the 2.x formats read as 2.2), 40 or 41.
    pub(super) format: i64,
    /// The entity tags of `$Entities`, by dimension, when the file has the section.
    entities: Option<[HashSet<i64>; 4]>,
    /// Node tag to the node's place in `$Nodes`.
    nodes: HashMap<i64, usize>,
    /// By node: whether an element names it as one of its vertices.
    vertex: Vec<bool>,
    /// The size in bytes of PETSc's reused work buffer (`GmshBufferGet`): the largest
    /// request so far.
    work: usize,
}

impl Mesh {
    pub(super) fn new(format: i64) -> Mesh {
        Mesh {
            format,
            entities: None,
            nodes: HashMap::new(),
            vertex: Vec::new(),
            work: 0,
        }
    }

    fn request(&mut self, bytes: usize) {
        self.work = self.work.max(bytes);
    }

    /// The entity `(dim, tag)` a block names: PETSc looks it up unchecked.
    fn entity(&self, r: &Reader<'_>, dim: i64, tag: i64, block: &str) -> Result<(), String> {
        let Some(entities) = &self.entities else {
            return Ok(());
        };
        let known = usize::try_from(dim)
            .ok()
            .and_then(|d| entities.get(d))
            .is_some_and(|set| set.contains(&tag));
        if !known {
            return Err(format!(
                "{}: a {block} block names entity {tag} of dimension {dim}, which $Entities does not define",
                r.at()
            ));
        }
        Ok(())
    }

    /// The node of tag `tag` named by `whom`.
    fn node(&self, r: &Reader<'_>, tag: i64, whom: &str) -> Result<usize, String> {
        self.nodes.get(&tag).copied().ok_or_else(|| {
            format!(
                "{}: {whom} names node {tag}, which $Nodes does not define",
                r.at()
            )
        })
    }

    fn define(&mut self, r: &Reader<'_>, tag: i64) -> Result<(), String> {
        if tag < 0 || tag >= crate::comm::wide(crate::scalar::Int::MAX) {
            return Err(format!("{}: node tag {tag} is out of range", r.at()));
        }
        let n = self.nodes.len();
        if self.nodes.insert(tag, n).is_some() {
            return Err(format!("{}: node tag {tag} is defined twice", r.at()));
        }
        Ok(())
    }
}

/// A count that is at least 0.
fn count(r: &Reader<'_>, v: i64, what: &str) -> Result<usize, String> {
    usize::try_from(v).map_err(|_| format!("{}: {v} for {what}", r.at()))
}

/// A count PETSc reads as one word (`sscanf` of `%d` or `%ld`).
fn word_count(r: &mut Reader<'_>, what: &str, int: bool) -> Result<usize, String> {
    let w = r.word(what)?;
    let v: Option<i64> = if int {
        w.parse::<i32>().ok().map(i64::from)
    } else {
        w.parse().ok()
    };
    match v {
        Some(v) => count(r, v, what),
        None => Err(format!("{}: '{}' is not a count ({what})", r.at(), clip(w))),
    }
}

/// `$PhysicalNames`: a count, then `dimension tag "name"` lines. PETSc copies the name
/// into a buffer of 130 bytes, from the first `"` to the last `:` or after the last `"`,
/// so the line after the tag must start with `"` and the name must fit.
pub(super) fn physical_names(r: &mut Reader<'_>) -> Result<(), String> {
    let n = word_count(r, "the number of physical names", true)?;
    for _ in 0..n {
        let w = r.words(2, "a physical name's dimension and tag")?;
        for x in w {
            x.parse::<i32>().map_err(|_| {
                format!(
                    "{}: '{}' is not an integer (a physical name)",
                    r.at(),
                    clip(x)
                )
            })?;
        }
        let at = r.at();
        let line = r.rest_of_line();
        if line.first() != Some(&b'"') {
            return Err(format!(
                "{at}: a physical name must follow its tag after one blank, in quotes"
            ));
        }
        let last = |c: u8| line.iter().rposition(|&b| b == c).map(|i| i + 1);
        let end = last(b':').or(last(b'"')).unwrap_or(0);
        let copied = end as i64 - 1;
        if !(1..=130).contains(&copied) {
            return Err(format!(
                "{at}: a physical name PETSc cannot hold (at most 127 characters, in quotes)"
            ));
        }
    }
    Ok(())
}

/// `$Entities` (formats 4.0 and 4.1): the entity tags by dimension, each with its box,
/// physical tags and bounding entities.
pub(super) fn entities(r: &mut Reader<'_>, mesh: &mut Mesh) -> Result<(), String> {
    let v41 = mesh.format == 41;
    let mut counts = [0; 4];
    for c in &mut counts {
        let v = if v41 {
            r.size("a number of entities")?
        } else {
            r.long("a number of entities")?
        };
        *c = count(r, v, "a number of entities")?;
    }
    let mut tags: [HashSet<i64>; 4] = Default::default();
    for (dim, &n) in counts.iter().enumerate() {
        for _ in 0..n {
            tags[dim].insert(r.int("an entity tag")?);
            let corners = if v41 && dim == 0 { 3 } else { 6 };
            for _ in 0..corners {
                r.double("an entity's box")?;
            }
            let lists = if dim == 0 { 1 } else { 2 };
            for list in 0..lists {
                let v = if v41 {
                    r.size("a number of entity tags")?
                } else {
                    r.long("a number of entity tags")?
                };
                let k = count(r, v, "a number of entity tags")?;
                if v41 && list == 0 && v > MAX_TAGS {
                    return Err(format!(
                        "{}: an entity with {v} physical tags (PETSc keeps at most {MAX_TAGS})",
                        r.at()
                    ));
                }
                mesh.request(k * 4);
                for _ in 0..k {
                    r.int("an entity's tag")?;
                }
            }
        }
    }
    mesh.entities = Some(tags);
    Ok(())
}

/// `$Nodes`: the node tags, in the layout of the file's format.
pub(super) fn nodes(r: &mut Reader<'_>, mesh: &mut Mesh) -> Result<(), String> {
    match mesh.format {
        41 => nodes_41(r, mesh)?,
        40 => nodes_40(r, mesh)?,
        _ => {
            let n = word_count(r, "the number of nodes", true)?;
            for _ in 0..n {
                let tag = r.int("a node tag")?;
                mesh.define(r, tag)?;
                for c in ["x", "y", "z"] {
                    r.double(c)?;
                }
            }
        }
    }
    mesh.vertex = vec![false; mesh.nodes.len()];
    Ok(())
}

/// Format 4.0: blocks (`entity dimension parametric count`, each node `tag x y z`;
/// PETSc reads three coordinates whatever the block says).
fn nodes_40(r: &mut Reader<'_>, mesh: &mut Mesh) -> Result<(), String> {
    let blocks = r.long("the number of node blocks")?;
    let blocks = count(r, blocks, "the number of node blocks")?;
    let total = r.long("the number of nodes")?;
    let total = count(r, total, "the number of nodes")?;
    for _ in 0..blocks {
        for what in [
            "a node block's entity",
            "its dimension",
            "its parametric flag",
        ] {
            r.int(what)?;
        }
        let n = r.long("a node block's number of nodes")?;
        let n = count(r, n, "a node block's number of nodes")?;
        if mesh.nodes.len() + n > total {
            return Err(format!(
                "{}: the node blocks hold more than the {total} nodes $Nodes announces",
                r.at()
            ));
        }
        for _ in 0..n {
            let tag = r.int("a node tag")?;
            mesh.define(r, tag)?;
            for c in ["x", "y", "z"] {
                r.double(c)?;
            }
        }
    }
    if mesh.nodes.len() != total {
        return Err(format!(
            "{}: $Nodes announces {total} nodes and its blocks hold {}",
            r.at(),
            mesh.nodes.len()
        ));
    }
    Ok(())
}

/// Format 4.1: `blocks nodes min max`, then blocks (`dimension entity parametric
/// count`, the tags, then the coordinates).
fn nodes_41(r: &mut Reader<'_>, mesh: &mut Mesh) -> Result<(), String> {
    let blocks = r.size("the number of node blocks")?;
    let total = r.size("the number of nodes")? as usize;
    let min = r.size("the smallest node tag")?;
    let max = r.size("the largest node tag")?;
    for _ in 0..blocks {
        let dim = r.int("a node block's dimension")?;
        let entity = r.int("a node block's entity")?;
        mesh.entity(r, dim, entity, "node")?;
        if r.int("a node block's parametric flag")? != 0 {
            return Err(format!(
                "{}: parametric nodes, which PETSc does not read",
                r.at()
            ));
        }
        let n = r.size("a node block's number of nodes")? as usize;
        if mesh.nodes.len() + n > total {
            return Err(format!(
                "{}: the node blocks hold more than the {total} nodes $Nodes announces",
                r.at()
            ));
        }
        for _ in 0..n {
            let tag = r.size("a node tag")?;
            mesh.define(r, tag)?;
        }
        for _ in 0..3 * n {
            r.double("a coordinate")?;
        }
    }
    if mesh.nodes.len() != total {
        return Err(format!(
            "{}: $Nodes announces {total} nodes and its blocks hold {}",
            r.at(),
            mesh.nodes.len()
        ));
    }
    if total == 0 && max >= min {
        // PETSc sizes its tag map from these when there are no nodes.
        return Err(format!(
            "{}: no nodes, but node tags {min} to {max} announced",
            r.at()
        ));
    }
    Ok(())
}

/// The `k` nodes of one element (`element` for messages), its first `verts` vertices.
fn element_nodes(
    r: &mut Reader<'_>,
    mesh: &mut Mesh,
    (verts, k): (usize, usize),
    element: i64,
) -> Result<(), String> {
    for i in 0..k {
        let tag = if mesh.format == 41 {
            r.size("an element's node")?
        } else {
            r.int("an element's node")?
        };
        let n = mesh.node(r, tag, &format!("element {element}"))?;
        if i < verts {
            mesh.vertex[n] = true;
        }
    }
    Ok(())
}

/// The vertices and nodes of element type `ty`, which PETSc must know.
fn element_type(r: &Reader<'_>, ty: i64) -> Result<(usize, usize), String> {
    cell(ty).ok_or_else(|| format!("{}: element type {ty}, which PETSc does not read", r.at()))
}

/// `$Elements`, in the layout of the file's format.
pub(super) fn elements(r: &mut Reader<'_>, mesh: &mut Mesh) -> Result<(), String> {
    match mesh.format {
        40 | 41 => elements_4x(r, mesh),
        _ => elements_22(r, mesh),
    }
}

/// Format 2.2: a count, then as text `tag type ntags tags... nodes...` per element, or
/// in binary blocks `type count ntags` of `tag tags... nodes...`. PETSc reads one
/// element into a buffer of 1005 `int`s.
fn elements_22(r: &mut Reader<'_>, mesh: &mut Mesh) -> Result<(), String> {
    let total = word_count(r, "the number of elements", true)?;
    let mut read = 0;
    while read < total {
        let head = [
            r.int("an element header")?,
            r.int("an element header")?,
            r.int("an element header")?,
        ];
        let (ty, n, ntags) = if r.binary() {
            (head[0], head[1], head[2])
        } else {
            (head[1], 1, head[2])
        };
        let shape = element_type(r, ty)?;
        let n = count(r, n, "a number of elements")?;
        if ntags < 0 || 1 + ntags as usize + shape.1 > 1005 {
            return Err(format!(
                "{}: an element with {ntags} tags and {} nodes, more than PETSc's buffer of 1005 holds",
                r.at(),
                shape.1
            ));
        }
        if read + n > total {
            return Err(format!(
                "{}: the elements are more than the {total} $Elements announces",
                r.at()
            ));
        }
        for _ in 0..n {
            let tag = if r.binary() {
                r.int("an element tag")?
            } else {
                head[0]
            };
            for _ in 0..ntags {
                r.int("an element's tag")?;
            }
            element_nodes(r, mesh, shape, tag)?;
        }
        read += n;
    }
    Ok(())
}

/// Formats 4.0 and 4.1: `blocks elements` (4.1: and the smallest and largest tags),
/// then blocks (4.0 `entity dimension type count`, 4.1 `dimension entity type count`)
/// of `tag nodes...`.
fn elements_4x(r: &mut Reader<'_>, mesh: &mut Mesh) -> Result<(), String> {
    let v41 = mesh.format == 41;
    let size = |r: &mut Reader<'_>, what: &str| -> Result<usize, String> {
        let v = if v41 { r.size(what)? } else { r.long(what)? };
        count(r, v, what)
    };
    let blocks = size(r, "the number of element blocks")?;
    let total = size(r, "the number of elements")?;
    if v41 {
        size(r, "the smallest element tag")?;
        size(r, "the largest element tag")?;
    }
    let int_bytes = if v41 {
        std::mem::size_of::<crate::scalar::Int>()
    } else {
        4
    };
    let mut read = 0;
    for _ in 0..blocks {
        let a = r.int("an element block's entity")?;
        let b = r.int("an element block's dimension")?;
        let (dim, entity) = if v41 { (a, b) } else { (b, a) };
        mesh.entity(r, dim, entity, "element")?;
        let ty = r.int("an element block's type")?;
        let shape = element_type(r, ty)?;
        let n = size(r, "an element block's number of elements")?;
        if read + n > total {
            return Err(format!(
                "{}: the element blocks hold more than the {total} elements $Elements announces",
                r.at()
            ));
        }
        mesh.request((1 + shape.1) * n * int_bytes);
        for _ in 0..n {
            let tag = if v41 {
                r.size("an element tag")?
            } else {
                r.int("an element tag")?
            };
            element_nodes(r, mesh, shape, tag)?;
        }
        read += n;
    }
    if read != total {
        return Err(format!(
            "{}: $Elements announces {total} elements and its blocks hold {read}",
            r.at()
        ));
    }
    Ok(())
}

/// `$Periodic`: links of node pairs (`node primary`). PETSc follows each node's chain
/// of primaries to its end, so the links must not form a cycle; and a vertex's primary
/// must be a vertex too.
pub(super) fn periodic(r: &mut Reader<'_>, mesh: &mut Mesh) -> Result<(), String> {
    let mut primary: HashMap<usize, usize> = HashMap::new();
    if mesh.format == 41 {
        periodic_41(r, mesh, &mut primary)?;
    } else {
        periodic_text_or_40(r, mesh, &mut primary)?;
    }
    // Each node's end of chain, each node walked once.
    let mut end_of: HashMap<usize, usize> = HashMap::new();
    for &start in primary.keys() {
        let mut path = Vec::new();
        let mut on_path = HashSet::new();
        let mut n = start;
        let end = loop {
            if let Some(&e) = end_of.get(&n) {
                break e;
            }
            match primary.get(&n) {
                Some(&p) if p != n => {
                    if !on_path.insert(n) {
                        return Err("the periodic links form a cycle \
                                    (PETSc would search for its end forever)"
                            .to_string());
                    }
                    path.push(n);
                    n = p;
                }
                _ => break n,
            }
        };
        for m in path {
            end_of.insert(m, end);
        }
    }
    for (&n, &end) in &end_of {
        if mesh.vertex[n] && !mesh.vertex[end] {
            let tag = mesh
                .nodes
                .iter()
                .find(|(_, i)| **i == end)
                .map_or(-1, |(t, _)| *t);
            return Err(format!(
                "a periodic link maps a vertex to node {tag}, which no element has as a vertex"
            ));
        }
    }
    Ok(())
}

/// One pair `node primary` of tags into `primary`.
fn link(
    r: &Reader<'_>,
    mesh: &Mesh,
    primary: &mut HashMap<usize, usize>,
    pair: [i64; 2],
) -> Result<(), String> {
    let a = mesh.node(r, pair[0], "a periodic link")?;
    let b = mesh.node(r, pair[1], "a periodic link")?;
    primary.insert(a, b);
    Ok(())
}

/// Formats 2.x (always as text) and 4.0: a count, then per link `dimension entity
/// primary-entity`, an optional affine line (text: a line that does not start with the
/// count is skipped whole; binary: a count of -1 is followed by 16 numbers), the count
/// of pairs, the pairs.
fn periodic_text_or_40(
    r: &mut Reader<'_>,
    mesh: &Mesh,
    primary: &mut HashMap<usize, usize>,
) -> Result<(), String> {
    let text = mesh.format != 40 || !r.binary();
    let links = if text {
        word_count(r, "the number of periodic links", true)?
    } else {
        let v = r.int("the number of periodic links")?;
        count(r, v, "the number of periodic links")?
    };
    for _ in 0..links {
        let mut pairs;
        if text {
            for w in r.words(3, "a periodic link's entities")? {
                w.parse::<i32>().map_err(|_| {
                    format!(
                        "{}: '{}' is not an integer (a periodic link)",
                        r.at(),
                        clip(w)
                    )
                })?;
            }
            let w = r.word("the number of periodic nodes")?;
            pairs = match leading_integer(w) {
                Some(Ok(n)) => Some(n),
                Some(Err(())) => {
                    return Err(format!(
                        "{}: '{}' is not a count (the number of periodic nodes)",
                        r.at(),
                        clip(w)
                    ));
                }
                None => None,
            };
            if pairs.is_none() {
                r.rest_of_line();
                let n = word_count(r, "the number of periodic nodes", false)?;
                pairs = Some(n as i64);
            }
        } else {
            for what in [
                "a periodic link's dimension",
                "its entity",
                "its primary entity",
            ] {
                r.int(what)?;
            }
            let mut n = r.long("the number of periodic nodes")?;
            if n == -1 {
                for _ in 0..16 {
                    r.double("an affine value")?;
                }
                n = r.long("the number of periodic nodes")?;
            }
            pairs = Some(n);
        }
        let n = count(r, pairs.unwrap_or(0), "the number of periodic nodes")?;
        for _ in 0..n {
            let pair = if text {
                let w = r.words(2, "a periodic node pair")?;
                let mut p = [0; 2];
                for (v, x) in p.iter_mut().zip(w) {
                    *v = x
                        .parse::<i32>()
                        .map_err(|_| {
                            format!(
                                "{}: '{}' is not a node tag (a periodic link)",
                                r.at(),
                                clip(x)
                            )
                        })?
                        .into();
                }
                p
            } else {
                [r.int("a periodic node")?, r.int("a periodic node")?]
            };
            link(r, mesh, primary, pair)?;
        }
    }
    Ok(())
}

/// Whether `sscanf("%ld")` reads `w`: `None` if it does not start like a number, `Some(Err)`
/// if it does but is not one whole (PETSc would take its start), else the number.
fn leading_integer(w: &str) -> Option<Result<i64, ()>> {
    let digits = w.trim_start_matches(['+', '-']);
    if !digits.starts_with(|c: char| c.is_ascii_digit()) || w.len() - digits.len() > 1 {
        return None;
    }
    Some(w.parse().map_err(|_| ()))
}

/// Format 4.1: a count, then per link `dimension entity primary`, a count of affine
/// numbers (PETSc's buffer holds 16), a count of pairs and the pairs, which PETSc reads
/// into its work buffer sized for half of them: the buffer must already be large enough.
fn periodic_41(
    r: &mut Reader<'_>,
    mesh: &mut Mesh,
    primary: &mut HashMap<usize, usize>,
) -> Result<(), String> {
    let links = r.size("the number of periodic links")?;
    let int_bytes = std::mem::size_of::<crate::scalar::Int>();
    for _ in 0..links {
        for what in [
            "a periodic link's dimension",
            "its entity",
            "its primary entity",
        ] {
            r.int(what)?;
        }
        let affine = r.size("the number of affine values")?;
        if affine > 16 {
            return Err(format!(
                "{}: {affine} affine values (PETSc reads at most 16)",
                r.at()
            ));
        }
        for _ in 0..affine {
            r.double("an affine value")?;
        }
        let n = r.size("the number of periodic nodes")? as usize;
        mesh.request(n * int_bytes);
        if 2 * n * int_bytes > mesh.work {
            return Err(format!(
                "{}: a periodic link of {n} node pairs; PETSc reads them into a buffer of {} bytes \
                 (the largest element block's) and would write past its end",
                r.at(),
                mesh.work
            ));
        }
        for _ in 0..n {
            let pair = [r.size("a periodic node")?, r.size("a periodic node")?];
            link(r, mesh, primary, pair)?;
        }
    }
    Ok(())
}
