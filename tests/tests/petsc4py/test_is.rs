//! petsc4py's `test_is.py`, ported: general, stride and block index sets on
//! `COMM_WORLD` (petsc4py's default communicator), at 1 and 2 ranks.

use petsc::{IndexSet, Int, IsType, Object, Petsc};
use petsc_tests::Case;

/// petsc4py's `random.shuffle`, made repeatable: a Fisher-Yates shuffle driven by a
/// small linear congruential generator seeded per rank (Python's differs per process).
fn shuffle(v: &mut [Int], seed: u64) {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    for i in (1..v.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (state >> 33) as usize % (i + 1);
        v.swap(i, j);
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    General,
    Stride,
    Block,
}

/// The fixture of each class's `setUp`.
struct Fixture {
    iset: IndexSet,
    idx: Vec<Int>,
    bsize: Int,
    ty: IsType,
}

const STRIDE: (Int, Int, Int) = (10, 7, 3);

fn set_up(petsc: &Petsc, kind: Kind) -> petsc::Result<Fixture> {
    let world = petsc.world();
    let seed = 17 + world.rank() as u64;
    Ok(match kind {
        Kind::General => {
            let mut idx: Vec<Int> = (0..10).collect();
            shuffle(&mut idx, seed);
            Fixture {
                iset: IndexSet::new_general(&world, &idx)?,
                idx,
                bsize: 1,
                ty: IsType::General,
            }
        }
        Kind::Stride => {
            let (size, start, step) = STRIDE;
            Fixture {
                iset: IndexSet::new_stride(&world, size, start, step)?,
                idx: (0..size).map(|i| start + i * step).collect(),
                bsize: 1,
                ty: IsType::Stride,
            }
        }
        Kind::Block => {
            let mut idx: Vec<Int> = (0..10).step_by(2).collect();
            shuffle(&mut idx, seed);
            let iset = IndexSet::new_block(&world, 3, &idx)?;
            assert_eq!(iset.ty()?, IsType::Block);
            Fixture {
                iset,
                idx,
                bsize: 3,
                ty: IsType::Block,
            }
        }
    })
}

fn get_type(f: &mut Fixture) -> petsc::Result<()> {
    assert_eq!(f.iset.ty()?, f.ty);
    Ok(())
}

fn get_size(f: &mut Fixture) -> petsc::Result<()> {
    assert!(f.iset.local_size()? <= f.iset.size()?);
    Ok(())
}

fn duplicate(f: &mut Fixture) -> petsc::Result<()> {
    let iset = f.iset.duplicate()?;
    assert!(f.iset.equal(&iset)?);
    Ok(())
}

fn copy(f: &mut Fixture) -> petsc::Result<()> {
    // petsc4py's `copy()` with no target: a duplicate, then `ISCopy` into it.
    let mut iset = f.iset.duplicate()?;
    f.iset.copy(&mut iset)?;
    assert!(f.iset.equal(&iset)?);
    Ok(())
}

fn equal(f: &mut Fixture) -> petsc::Result<()> {
    assert!(f.iset.equal(&f.iset)?);
    let iset = f.iset.duplicate()?;
    assert!(f.iset.equal(&iset)?);
    Ok(())
}

fn sort(f: &mut Fixture) -> petsc::Result<()> {
    f.iset.sort()?;
    assert!(f.iset.is_sorted()?);
    Ok(())
}

fn difference(f: &mut Fixture) -> petsc::Result<()> {
    let iset = f.iset.difference(&f.iset)?;
    assert_eq!(iset.local_size()?, 0);
    Ok(())
}

fn complement(f: &mut Fixture) -> petsc::Result<()> {
    f.iset.sort()?;
    let idx = f.iset.to_vec()?;
    let nmin = *idx.iter().min().unwrap();
    let nmax = *idx.iter().max().unwrap();
    let iset = f.iset.complement(nmin, nmax + 1)?;
    iset.complement(nmin, nmax + 1)?;
    Ok(())
}

fn sum(f: &mut Fixture) -> petsc::Result<()> {
    if f.iset.comm().size() > 1 {
        return Ok(()); // as petsc4py: one rank only
    }
    f.iset.sort()?;
    let iset = f.iset.duplicate()?;
    let iset = iset.sum(&f.iset)?;
    assert!(f.iset.equal(&iset)?);
    Ok(())
}

fn expand(f: &mut Fixture) -> petsc::Result<()> {
    let iset = f.iset.expand(&f.iset)?;
    if f.iset.ty()? == iset.ty()? {
        assert!(f.iset.equal(&iset)?);
    }
    Ok(())
}

fn renumber(f: &mut Fixture) -> petsc::Result<()> {
    let (_n1, _is1) = f.iset.renumber(None)?;
    let (_n2, _is2) = f.iset.renumber(Some(&f.iset))?;
    Ok(())
}

/// petsc4py checks that its properties exist (`sizes`, `size`, `local_size`, `indices`,
/// `permutation`, `identity`, `sorted`); here, that their methods answer.
fn properties(f: &mut Fixture) -> petsc::Result<()> {
    let (n, nn) = f.iset.sizes()?;
    assert_eq!((n, nn), (f.iset.local_size()?, f.iset.size()?));
    assert_eq!(f.iset.indices()?.len(), n as usize);
    f.iset.is_permutation()?;
    f.iset.is_identity()?;
    f.iset.is_sorted()?;
    Ok(())
}

/// petsc4py's `testArray` counts the references NumPy arrays hold; what remains is that
/// two simultaneous views of the indices agree.
fn array(f: &mut Fixture) -> petsc::Result<()> {
    let arr1 = f.iset.indices()?;
    let arr2 = f.iset.indices()?;
    assert_eq!(&*arr1, &*arr2);
    Ok(())
}

fn general_get_indices(f: &mut Fixture) -> petsc::Result<()> {
    assert_eq!(f.iset.to_vec()?, f.idx);
    Ok(())
}

fn stride_to_general(f: &mut Fixture) -> petsc::Result<()> {
    f.iset.to_general()?;
    assert_eq!(f.iset.ty()?, IsType::General);
    Ok(())
}

fn block_get_size(f: &mut Fixture) -> petsc::Result<()> {
    let lsize = f.iset.local_size()?;
    assert_eq!(lsize / f.bsize, f.idx.len() as Int);
    assert_eq!(lsize % f.bsize, 0);
    Ok(())
}

fn block_get_block_size(f: &mut Fixture) -> petsc::Result<()> {
    assert_eq!(f.iset.block_size()?, f.bsize);
    Ok(())
}

fn block_get_block_indices(f: &mut Fixture) -> petsc::Result<()> {
    assert_eq!(f.iset.block_indices()?.to_vec(), f.idx);
    Ok(())
}

fn block_get_indices(f: &mut Fixture) -> petsc::Result<()> {
    let bs = f.bsize;
    let idx: Vec<Int> = f
        .iset
        .block_indices()?
        .iter()
        .flat_map(|&i| (0..bs).map(move |j| i * bs + j))
        .collect();
    assert_eq!(f.iset.to_vec()?, idx);
    Ok(())
}

type Method = fn(&mut Fixture) -> petsc::Result<()>;

/// A class: its name, its fixture, and the methods it adds or overrides.
type Class = (&'static str, Kind, &'static [(&'static str, Method)]);

pub fn cases() -> Vec<Case> {
    let base: &[(&str, Method)] = &[
        ("testGetType", get_type),
        ("testGetSize", get_size),
        ("testDuplicate", duplicate),
        ("testCopy", copy),
        ("testEqual", equal),
        ("testSort", sort),
        ("testDifference", difference),
        ("testComplement", complement),
        ("testSum", sum),
        ("testExpand", expand),
        ("testRenumber", renumber),
        ("testProperties", properties),
        ("testArray", array),
    ];
    let classes: [Class; 3] = [
        (
            "TestISGeneral",
            Kind::General,
            &[("testGetIndices", general_get_indices)],
        ),
        (
            "TestISStride",
            Kind::Stride,
            &[
                ("testGetIndices", general_get_indices),
                ("testToGeneral", stride_to_general),
            ],
        ),
        (
            "TestISBlock",
            Kind::Block,
            &[
                ("testGetSize", block_get_size),
                ("testGetBlockSize", block_get_block_size),
                ("testGetBlockIndices", block_get_block_indices),
                ("testGetIndices", block_get_indices),
            ],
        ),
    ];
    let mut cases = Vec::new();
    for (class, kind, own) in classes {
        // A subclass's method replaces the base class's of the same name.
        let methods = base
            .iter()
            .filter(|(m, _)| !own.iter().any(|(o, _)| o == m))
            .chain(own.iter());
        for &(method, body) in methods {
            cases.push(
                Case::with(format!("{class}::{method}"), move |p| {
                    let mut f = set_up(p, kind)?;
                    body(&mut f)
                })
                .ranks(&[1, 2]),
            );
        }
    }
    cases
}
