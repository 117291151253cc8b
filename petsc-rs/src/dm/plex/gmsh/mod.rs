//! Checks of a Gmsh mesh file made before PETSc reads it. `DMPlexCreateGmsh` trusts the
//! file: an element naming a node or an entity that does not exist makes it read out of
//! bounds, a physical name that does not fit or a long periodic link makes it write past
//! its buffers, and periodic links that form a cycle make it loop forever.
//!
//! The check reads the file as PETSc does, section by section and word by word, in ASCII
//! and binary and in the formats PETSc reads (2.2, 4.0 and 4.1), so that it sees what
//! PETSc will see; what PETSc would misuse is an `Err` naming the place. The first
//! rank's lone read (below) turns any failure of PETSc's own into an `Err` on every rank.
//!
//! Files:
//! - `mod.rs`: the read before PETSc's, and the order of the sections;
//! - `reader.rs`: PETSc's reads (words, lines, numbers as text or raw bytes);
//! - `sections.rs`: the sections and what PETSc trusts in them.

mod reader;
mod sections;

use crate::comm::Comm;
use crate::error::{Error, Result};
use reader::{Reader, clip};
use sections::Mesh;

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

/// PETSc's `GmshReadSection`: the next word, past any `$Comments` sections.
fn section<'a>(r: &mut Reader<'a>, what: &str) -> Result<&'a str, String> {
    loop {
        let w = r.word(what)?;
        if w != "$Comments" {
            return Ok(w);
        }
        while r.word("$EndComments")? != "$EndComments" {}
    }
}

/// The next section, which must be `name`.
fn expect_section(r: &mut Reader<'_>, name: &str) -> Result<(), String> {
    let at = r.at();
    let w = section(r, name)?;
    if w != name {
        return Err(format!("{at}: '{}' where {name} should be", clip(w)));
    }
    Ok(())
}

/// `$MeshFormat`'s line (`version type data-size`, and in a binary file the `int` 1 in
/// its byte order): the format as PETSc numbers it, and the reader set to read the rest.
fn mesh_format(r: &mut Reader<'_>) -> Result<i64, String> {
    let words = r.words(3, "the format line")?;
    let version: f32 = words[0]
        .parse()
        .map_err(|_| format!("'{}' is not a Gmsh format version", clip(words[0])))?;
    let format = (version * 10.0).round() as i64;
    if !(22..=41).contains(&format) || version.trunc() == 3.0 {
        return Err(format!(
            "Gmsh format {}: PETSc reads the formats 2.2, 4.0 and 4.1",
            clip(words[0])
        ));
    }
    let kind: i32 = words[1].parse().map_err(|_| {
        format!(
            "'{}' in $MeshFormat: 0 for ASCII, 1 for binary",
            clip(words[1])
        )
    })?;
    let size: i32 = words[2]
        .parse()
        .map_err(|_| format!("'{}' is not a data size", clip(words[2])))?;
    if (format <= 40 && size != 8) || (format == 41 && size != 4 && size != 8) {
        return Err(format!(
            "data size {size} in $MeshFormat, which PETSc does not read"
        ));
    }
    let binary = kind != 0;
    let big_endian = binary && r.byte_order()?;
    r.set_mode(binary, big_endian, size as usize)?;
    Ok(format)
}

/// Checks the Gmsh file `bytes` (see the module); the `Err` says what is wrong and where.
pub(crate) fn check(bytes: &[u8]) -> Result<(), String> {
    let mut r = Reader::new(bytes);
    match section(&mut r, "$MeshFormat") {
        Ok("$MeshFormat") => {}
        _ => return Err("it does not start with $MeshFormat: not a Gmsh file".to_string()),
    }
    let mut mesh = Mesh::new(mesh_format(&mut r)?);
    r.expect("$EndMeshFormat")?;
    let mut next = section(&mut r, "$Nodes")?;
    // Neper's sections, which PETSc 3.22 and later read (3.18 refuses them).
    for (name, end) in [
        ("$MeshVersion", "$EndMeshVersion"),
        ("$Domain", "$EndDomain"),
    ] {
        if next == name {
            r.word(name)?;
            r.expect(end)?;
            next = section(&mut r, "$Nodes")?;
        }
    }
    if next == "$PhysicalNames" {
        sections::physical_names(&mut r)?;
        r.expect("$EndPhysicalNames")?;
        next = section(&mut r, "$Nodes")?;
    }
    if mesh.format >= 40 && next == "$Entities" {
        sections::entities(&mut r, &mut mesh)?;
        r.expect("$EndEntities")?;
        next = section(&mut r, "$Nodes")?;
    } else if mesh.format == 40 {
        // PETSc 3.22 and later take the section as optional, and then look up the
        // entities of format 4.0's element blocks in none.
        return Err(format!("{}: a format 4.0 file without $Entities", r.at()));
    }
    if next != "$Nodes" {
        return Err(format!(
            "{}: '{}' where $Nodes should be",
            r.at(),
            clip(next)
        ));
    }
    sections::nodes(&mut r, &mut mesh)?;
    r.expect("$EndNodes")?;
    expect_section(&mut r, "$Elements")?;
    sections::elements(&mut r, &mut mesh)?;
    r.expect("$EndElements")?;
    // What follows matters only as far as PETSc reads it: a `$Periodic` section, past
    // comments (a comment left open at the end of the file makes PETSc read forever).
    if !r.at_end() && section(&mut r, "$EndComments")? == "$Periodic" {
        sections::periodic(&mut r, &mut mesh)?;
        r.expect("$EndPeriodic")?;
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

    const TRIANGLE_40: &str = "$MeshFormat\n4 0 8\n$EndMeshFormat\n$Entities\n0 0 1 0\n\
        1 0 0 0 1 1 0 0 0\n$EndEntities\n$Nodes\n1 3\n\
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
        let e = check(TRIANGLE_40.replace("1 2 2 1\n", "7 2 2 1\n").as_bytes()).unwrap_err();
        assert!(e.contains("entity 7 of dimension 2"), "{e}");
        let without =
            TRIANGLE_40.replace("$Entities\n0 0 1 0\n1 0 0 0 1 1 0 0 0\n$EndEntities\n", "");
        let e = check(without.as_bytes()).unwrap_err();
        assert!(e.contains("without $Entities"), "{e}");
    }

    const SQUARE_41: &str = "$MeshFormat\n4.1 0 8\n$EndMeshFormat\n$Entities\n0 0 1 0\n\
        1 0 0 0 1 1 0 0 0\n$EndEntities\n$Nodes\n1 4 1 4\n2 1 0 4\n1\n2\n3\n4\n\
        0 0 0\n1 0 0\n0 1 0\n1 1 0\n$EndNodes\n$Elements\n1 2 1 2\n2 1 2 2\n\
        1 1 2 3\n2 2 4 3\n$EndElements\n";

    #[test]
    fn format_41_entities_and_blocks() {
        assert_eq!(check(SQUARE_41.as_bytes()), Ok(()));
        for (from, to, says) in [
            ("2 1 2 2\n", "2 5 2 2\n", "entity 5 of dimension 2"),
            ("2 1 2 2\n", "7 1 2 2\n", "entity 1 of dimension 7"),
            ("2 1 0 4\n", "2 9 0 4\n", "entity 9 of dimension 2"),
            ("2 1 0 4\n", "2 1 1 4\n", "parametric"),
            ("1 2 1 2\n", "1 1 1 2\n", "more than the 1 elements"),
            ("1 2 1 2\n", "1 3 1 2\n", "announces 3 elements"),
            ("1 4 1 4\n", "1 3 1 4\n", "more than the 3 nodes"),
            ("2 2 4 3\n", "2 2 4 8\n", "names node 8"),
            ("2 1 2 2\n", "2 1 99 2\n", "element type 99"),
            ("1 2 1 2\n", "1 -2 1 2\n", "-2 for the number of elements"),
        ] {
            let e = check(SQUARE_41.replace(from, to).as_bytes()).unwrap_err();
            assert!(e.contains(says), "{to}: {e}");
        }
        // Without $Entities (which PETSc 3.22 and later take as optional) the blocks'
        // entities are not looked up.
        let without =
            SQUARE_41.replace("$Entities\n0 0 1 0\n1 0 0 0 1 1 0 0 0\n$EndEntities\n", "");
        assert_eq!(check(without.as_bytes()), Ok(()));
    }

    /// `SQUARE_41` with a `$Periodic` section of one link (`affine` values) of `pairs`.
    fn square_41_periodic(affine: usize, pairs: &[(u32, u32)]) -> String {
        let mut p = format!("$Periodic\n1\n1 1 1\n{affine}");
        for i in 0..affine {
            p += &format!(" {}", i % 2);
        }
        p += &format!("\n{}\n", pairs.len());
        for (a, b) in pairs {
            p += &format!("{a} {b}\n");
        }
        format!("{SQUARE_41}{p}$EndPeriodic\n")
    }

    #[test]
    fn format_41_periodic_links_fit_petscs_buffers() {
        assert_eq!(
            check(square_41_periodic(16, &[(2, 1), (4, 3)]).as_bytes()),
            Ok(())
        );
        let e = check(square_41_periodic(17, &[(2, 1)]).as_bytes()).unwrap_err();
        assert!(e.contains("17 affine values"), "{e}");
        // PETSc reads the pairs into a buffer sized for half of them, unless an element
        // block made it larger before: two triangles leave room for 2 (64-bit) or 4 pairs.
        let many = vec![(2, 1); 40];
        let e = check(square_41_periodic(0, &many).as_bytes()).unwrap_err();
        assert!(e.contains("40 node pairs"), "{e}");
    }

    #[test]
    fn periodic_links_resolve() {
        let with = |pairs: &str| format!("{SQUARE_22}$Periodic\n1\n0 2 1\n{pairs}$EndPeriodic\n");
        assert_eq!(check(with("2\n4 2\n2 1\n").as_bytes()), Ok(()));
        let e = check(with("3\n3 2\n2 3\n1 2\n").as_bytes()).unwrap_err();
        assert!(e.contains("cycle"), "{e}");
        let five = with("1\n4 5\n").replace("$Nodes\n4\n", "$Nodes\n5\n5 2 2 0\n");
        let e = check(five.as_bytes()).unwrap_err();
        assert!(e.contains("maps a vertex to node 5"), "{e}");
        // Affine text is skipped to the end of its line, as PETSc does; a count that
        // starts like a number must be one.
        assert!(check(with("Affine 1 0 0\n1\n4 2\n").as_bytes()).is_ok());
        let e = check(with("1x\n4 2\n").as_bytes()).unwrap_err();
        assert!(e.contains("not a count"), "{e}");
    }

    const SQUARE_22: &str = "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\n4\n1 0 0 0\n\
        2 1 0 0\n3 0 1 0\n4 1 1 0\n$EndNodes\n$Elements\n2\n1 2 2 1 1 1 2 3\n\
        2 2 2 1 1 2 4 3\n$EndElements\n";

    #[test]
    fn physical_names_fit_petscs_buffer() {
        let named = |line: &str| {
            SQUARE_22.replace(
                "$Nodes",
                &format!("$PhysicalNames\n1\n{line}\n$EndPhysicalNames\n$Nodes"),
            )
        };
        assert_eq!(check(named("2 1 \"inside\"").as_bytes()), Ok(()));
        assert_eq!(check(named("2 1 \"in:side\"").as_bytes()), Ok(()));
        assert_eq!(
            check(named(&format!("2 1 \"{}\"", "n".repeat(127))).as_bytes()),
            Ok(())
        );
        for bad in [
            "2 1  \"inside\"".to_string(),
            "2 1 inside".to_string(),
            format!("2 1 \"{}\"", "n".repeat(130)),
        ] {
            let e = check(named(&bad).as_bytes()).unwrap_err();
            assert!(e.contains("physical name"), "{bad}: {e}");
        }
    }

    #[test]
    fn comments_and_long_words() {
        let commented = SQUARE_22.replace("$Nodes", "$Comments\nsome words\n$EndComments\n$Nodes");
        assert_eq!(check(commented.as_bytes()), Ok(()));
        // PETSc reads words into a buffer of 4096 bytes, and a comment left open at the
        // end of the file forever.
        let long = SQUARE_22.replace(
            "$Nodes",
            &format!("$Comments\n{}\n$EndComments\n$Nodes", "w".repeat(5000)),
        );
        let e = check(long.as_bytes()).unwrap_err();
        assert!(e.contains("a word of 5000 bytes"), "{e}");
        let open = format!("{SQUARE_22}$Comments\nnever closed\n");
        let e = check(open.as_bytes()).unwrap_err();
        assert!(e.contains("$EndComments"), "{e}");
        let e = check(SQUARE_22.replace("2 1 0 0", "2 1\u{0} 0 0").as_bytes()).unwrap_err();
        assert!(e.contains("NUL"), "{e}");
    }

    /// A binary Gmsh file in either byte order.
    struct Binary {
        out: Vec<u8>,
        big: bool,
    }

    impl Binary {
        fn new(big: bool) -> Binary {
            Binary {
                out: Vec::new(),
                big,
            }
        }
        fn text(&mut self, s: &str) -> &mut Binary {
            self.out.extend_from_slice(s.as_bytes());
            self
        }
        fn bytes<const N: usize>(&mut self, le: [u8; N]) -> &mut Binary {
            let mut b = le;
            if self.big {
                b.reverse();
            }
            self.out.extend_from_slice(&b);
            self
        }
        fn int(&mut self, v: i32) -> &mut Binary {
            self.bytes(v.to_le_bytes())
        }
        fn double(&mut self, v: f64) -> &mut Binary {
            self.bytes(v.to_le_bytes())
        }
        fn size(&mut self, v: u64, width: usize) -> &mut Binary {
            if width == 4 {
                self.bytes((v as u32).to_le_bytes())
            } else {
                self.bytes(v.to_le_bytes())
            }
        }
    }

    /// A binary 2.2 file of one triangle whose last node is `last`.
    fn triangle_22_binary(big: bool, last: i32, count: i32) -> Vec<u8> {
        let mut b = Binary::new(big);
        b.text("$MeshFormat\n2.2 1 8\n")
            .int(1)
            .text("\n$EndMeshFormat\n$Nodes\n3\n");
        for (tag, x, y) in [(1, 0.0, 0.0), (2, 1.0, 0.0), (3, 0.0, 1.0)] {
            b.int(tag).double(x).double(y).double(0.0);
        }
        b.text("\n$EndNodes\n$Elements\n1\n")
            .int(2)
            .int(count)
            .int(0);
        b.int(1).int(1).int(2).int(last).text("\n$EndElements\n");
        b.out
    }

    /// A binary 4.1 file of one triangle (sizes of `width` bytes) whose last node is `last`.
    fn triangle_41_binary(big: bool, width: usize, last: u64) -> Vec<u8> {
        let mut b = Binary::new(big);
        b.text(&format!("$MeshFormat\n4.1 1 {width}\n")).int(1);
        b.text("\n$EndMeshFormat\n$Entities\n");
        for n in [0, 0, 1, 0] {
            b.size(n, width);
        }
        b.int(1);
        for v in [0.0, 0.0, 0.0, 1.0, 1.0, 0.0] {
            b.double(v);
        }
        b.size(0, width)
            .size(0, width)
            .text("\n$EndEntities\n$Nodes\n");
        for n in [1, 3, 1, 3] {
            b.size(n, width);
        }
        b.int(2).int(1).int(0).size(3, width);
        for tag in 1..=3 {
            b.size(tag, width);
        }
        for v in [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0] {
            b.double(v);
        }
        b.text("\n$EndNodes\n$Elements\n");
        for n in [1, 1, 1, 1] {
            b.size(n, width);
        }
        b.int(2).int(1).int(2).size(1, width);
        for v in [1, 1, 2, last] {
            b.size(v, width);
        }
        b.text("\n$EndElements\n");
        b.out
    }

    #[test]
    fn binary_files_are_checked_whole() {
        for big in [false, true] {
            assert_eq!(check(&triangle_22_binary(big, 3, 1)), Ok(()));
            let e = check(&triangle_22_binary(big, 99, 1)).unwrap_err();
            assert!(e.contains("names node 99"), "{e}");
            let e = check(&triangle_22_binary(big, 3, 2)).unwrap_err();
            assert!(e.contains("more than the 1"), "{e}");
            let good = triangle_22_binary(big, 3, 1);
            assert!(check(&good[..good.len() - 20]).is_err());
            for width in [4, 8] {
                assert_eq!(check(&triangle_41_binary(big, width, 3)), Ok(()));
                let e = check(&triangle_41_binary(big, width, 7)).unwrap_err();
                assert!(e.contains("names node 7"), "{e}");
            }
        }
        let mut bad_order = triangle_22_binary(false, 3, 1);
        bad_order[21] = 7;
        let e = check(&bad_order).unwrap_err();
        assert!(e.contains("byte order"), "{e}");
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
