//! petsc4py's `test_lgmap.py`, ported: mappings made from indices, from an index set and
//! with blocks of 3, on `COMM_WORLD`, at 1 and 2 ranks.

use petsc::{GlobalToLocalMode, IndexSet, Int, LgMap, Object, Petsc};
use petsc_tests::Case;

/// petsc4py's `_mk_idx`: 10 indices a rank, and one more on each side a neighbour has.
fn mk_idx(petsc: &Petsc) -> Vec<Int> {
    let world = petsc.world();
    let (size, rank) = (world.size() as Int, world.rank() as Int);
    let lsize = 10;
    let mut first = lsize * rank;
    let mut last = first + lsize;
    if rank > 0 {
        first -= 1;
    }
    if rank < size - 1 {
        last += 1;
    }
    (first..last).collect()
}

struct Fixture {
    idx: Vec<Int>,
    lgmap: LgMap,
    iset: Option<IndexSet>,
}

#[derive(Clone, Copy)]
enum Kind {
    Indices,
    FromIs,
    Block,
}

const BS: Int = 3;

fn set_up(petsc: &Petsc, kind: Kind) -> petsc::Result<Fixture> {
    let idx = mk_idx(petsc);
    let world = petsc.world();
    Ok(match kind {
        Kind::Indices => Fixture {
            lgmap: LgMap::new(&world, 1, &idx)?,
            idx,
            iset: None,
        },
        Kind::FromIs => {
            let iset = IndexSet::new_general(&world, &idx)?;
            Fixture {
                lgmap: LgMap::from_is(&iset)?,
                idx,
                iset: Some(iset),
            }
        }
        Kind::Block => Fixture {
            lgmap: LgMap::new(&world, BS, &idx)?,
            idx,
            iset: None,
        },
    })
}

/// petsc4py's checks of `getInfo()`: one entry at one rank, two or three at more.
fn check_info(f: &Fixture, info: &[(Int, Vec<Int>)]) {
    if f.lgmap.comm().size() == 1 {
        assert_eq!(info.len(), 1, "{info:?}");
    } else {
        assert!(info.len() > 1 && info.len() < 4, "{info:?}");
    }
}

fn get_size(f: &Fixture) -> petsc::Result<()> {
    assert!(f.lgmap.size()? >= 0);
    Ok(())
}

fn get_indices(f: &Fixture) -> petsc::Result<()> {
    let size = f.lgmap.size()?;
    let idx = f.lgmap.indices()?;
    assert_eq!(idx.len() as Int, size);
    for (i, &val) in f.idx.iter().enumerate() {
        assert_eq!(idx[i], val);
    }
    Ok(())
}

fn get_info(f: &Fixture) -> petsc::Result<()> {
    check_info(f, &f.lgmap.info()?);
    Ok(())
}

fn apply(f: &Fixture) -> petsc::Result<()> {
    let idxin: Vec<Int> = (0..f.lgmap.size()?).collect();
    let idxout = f.lgmap.apply(&idxin)?;
    assert_eq!(f.lgmap.apply(&idxin)?, idxout); // petsc4py's apply into `idxout`
    let back = f.lgmap.apply_inverse(GlobalToLocalMode::Mask, &idxout)?;
    assert_eq!(back, idxin);
    Ok(())
}

fn apply_is(f: &Fixture) -> petsc::Result<()> {
    let is_in = IndexSet::new_stride(&f.lgmap.comm(), f.lgmap.size()?, 0, 1)?;
    let out = f.lgmap.apply_is(&is_in)?;
    assert_eq!(out.to_vec()?, f.lgmap.indices()?.to_vec());
    Ok(())
}

/// petsc4py checks that the properties `size`, `indices` and `info` exist; here, that
/// their methods answer.
fn properties(f: &Fixture) -> petsc::Result<()> {
    f.lgmap.size()?;
    f.lgmap.indices()?;
    f.lgmap.info()?;
    Ok(())
}

fn same_comm(f: &Fixture) -> petsc::Result<()> {
    let iset = f.iset.as_ref().expect("TestLGMapIS has an index set");
    assert_eq!(f.lgmap.comm().as_raw(), iset.comm().as_raw());
    Ok(())
}

fn block_get_block_size(f: &Fixture) -> petsc::Result<()> {
    assert_eq!(f.lgmap.block_size()?, BS);
    Ok(())
}

fn block_get_block_indices(f: &Fixture) -> petsc::Result<()> {
    let size = f.lgmap.size()?;
    let bs = f.lgmap.block_size()?;
    let idx = f.lgmap.block_indices()?;
    assert_eq!(idx.len() as Int, size / bs);
    for (i, &val) in f.idx.iter().enumerate() {
        assert_eq!(idx[i], val);
    }
    Ok(())
}

fn block_get_indices(f: &Fixture) -> petsc::Result<()> {
    let size = f.lgmap.size()?;
    let bs = f.lgmap.block_size()?;
    let idx = f.lgmap.indices()?;
    assert_eq!(idx.len() as Int, size);
    for (i, &val) in f.idx.iter().enumerate() {
        for j in 0..bs {
            assert_eq!(idx[i * bs as usize + j as usize], val * bs + j);
        }
    }
    Ok(())
}

fn block_get_block_info(f: &Fixture) -> petsc::Result<()> {
    check_info(f, &f.lgmap.block_info()?);
    Ok(())
}

type Method = fn(&Fixture) -> petsc::Result<()>;

/// A class: its name, its fixture, and its methods.
type Class = (&'static str, Kind, Vec<(&'static str, Method)>);

pub fn cases() -> Vec<Case> {
    let base: &[(&str, Method)] = &[
        ("testGetSize", get_size),
        ("testGetIndices", get_indices),
        ("testGetInfo", get_info),
        ("testApply", apply),
        ("testApplyIS", apply_is),
        ("testProperties", properties),
    ];
    let block: &[(&str, Method)] = &[
        ("testGetSize", get_size),
        ("testGetBlockSize", block_get_block_size),
        ("testGetBlockIndices", block_get_block_indices),
        ("testGetIndices", block_get_indices),
        ("testGetBlockInfo", block_get_block_info),
        ("testGetInfo", get_info),
    ];
    let with_is: Vec<(&str, Method)> = base
        .iter()
        .copied()
        .chain([("testSameComm", same_comm as Method)])
        .collect();
    let classes: [Class; 3] = [
        ("TestLGMap", Kind::Indices, base.to_vec()),
        ("TestLGMapIS", Kind::FromIs, with_is),
        ("TestLGMapBlock", Kind::Block, block.to_vec()),
    ];
    let mut cases = Vec::new();
    for (class, kind, methods) in classes {
        for (method, body) in methods {
            cases.push(
                Case::with(format!("{class}::{method}"), move |p| {
                    body(&set_up(p, kind)?)
                })
                .ranks(&[1, 2]),
            );
        }
    }
    cases
}
