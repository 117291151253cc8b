//! A neural-network classifier trained by TAO (workshop 14): features -> tanh -> tanh
//! -> sigmoid, binary cross-entropy, hand-written backpropagation, all weights in one
//! parameter vector, data spread over the ranks.
//!
//! ```text
//! deep --samples 10000 --features 16 --hidden1 32 --hidden2 16 --epochs 50 \
//!     --batch 512 --seed 42 --tao_type lmvm
//! mpiexec -n 16 deep --samples 200000 --features 64 --hidden1 256 --hidden2 128
//! deep --tao_type nls          # Newton: Hessian-vector products by differences
//! ```
//!
//! Data: the features of sample `i` are standard normal numbers from the ChaCha stream
//! of `(seed, i)` ([`petsc_examples::stream`]); its label is 1 when a fixed random
//! "teacher" network (one tanh layer of 8 units, made from the seed) gives a positive
//! output. Samples `0..samples` train, the next `--test-samples` are held out.
//!
//! Training: TAO minimizes the mean cross-entropy over all training samples (full
//! batch): `--epochs` is the iteration limit, and `--batch` the size of the blocks in
//! which samples are summed. Each rank holds whole blocks (contiguous runs of samples)
//! and a full copy of the weights in a sequential vector, and runs the same TAO solve on
//! `PETSC_COMM_SELF`; in every evaluation it sums the loss and gradient of each of its
//! blocks, converts the block sums to 128-bit fixed point (exact to 2^-60), and the
//! integers are added across ranks with an allreduce. Integer sums do not depend on the
//! order of addition, so every rank gets bit-for-bit the same loss and gradient, at any
//! rank count: the training is the same on 1, 2, 3 or 16 ranks.
//!
//! `--tao_type` (or PETSc's `-tao_type`) picks the method. Newton methods (`nls`,
//! `ntr`, `ntl`, `tron`, `bnls`, `bntr`, `bntl`) get the Hessian as a shell matrix whose
//! products are forward differences of the gradient, `H v ~ (g(w + h v) - g(w)) / h`,
//! with the inner Krylov solver's preconditioner set to `none`. Methods that cannot train
//! this model (`brgn` and `pounders`, which need residuals; `gpcg` and `bqpip`, for
//! quadratic problems) are refused with a message saying so.
//!
//! Self-checks: the gradient against central differences of the loss along a few random
//! directions (printed before training), the loss falling from about ln 2, and the
//! accuracy on the held-out samples. `--plot FILE.png` draws the loss and the gradient
//! norm of every TAO iteration.

// TAO minimizes real functions of real variables: on a PETSc with complex scalars only
// `main` (which says so) is built, and the model code below is left unused.
#![cfg_attr(petsc_complex, allow(dead_code, unused_imports))]

use std::cell::RefCell;
use std::ops::Range;
use std::process::ExitCode;
use std::rc::Rc;

use petsc::mpi::collective::SystemOperation;
use petsc::mpi::topology::SimpleCommunicator;
use petsc::mpi::traits::*;
use petsc::{Object, PcType, Petsc, Tao, Vector};
use petsc_examples::{
    block_range, check_failed, plot, println0, require, stream, usage_error, Flags, StreamRng,
};
use rand_distr::{Distribution, StandardNormal};

const STREAM_FEATURE: u64 = 1;
const STREAM_TEACHER: u64 = 2;
const STREAM_INIT: u64 = 3;
const STREAM_CHECK: u64 = 4;
/// Hidden units of the teacher network that labels the data.
const TEACHER_HIDDEN: usize = 8;

/// Methods given a finite-difference Hessian.
const NEWTON: &[&str] = &["nls", "ntr", "ntl", "tron", "bnls", "bntr", "bntl"];
/// Methods that cannot train this model, and why.
const REFUSED: &[(&str, &str)] = &[
    (
        "brgn",
        "it fits least-squares residuals, and cross-entropy is not one",
    ),
    (
        "pounders",
        "it fits least-squares residuals, and cross-entropy is not one",
    ),
    ("gpcg", "it is for quadratic objectives"),
    ("bqpip", "it is for quadratic objectives"),
];

#[cfg(not(petsc_complex))]
fn main() -> ExitCode {
    petsc::main(body)
}

#[cfg(petsc_complex)]
fn main() -> ExitCode {
    petsc_examples::real_only("deep", "TAO minimizes real functions of real variables")
}

/// Layer sizes and where each block of weights sits in the parameter vector:
/// `[W1 (h1 x f), b1 (h1), W2 (h2 x h1), b2 (h2), w3 (h2), b3]`.
#[derive(Debug, Clone, Copy)]
struct Dims {
    f: usize,
    h1: usize,
    h2: usize,
}

impl Dims {
    fn w1(&self) -> usize {
        0
    }
    fn b1(&self) -> usize {
        self.h1 * self.f
    }
    fn w2(&self) -> usize {
        self.b1() + self.h1
    }
    fn b2(&self) -> usize {
        self.w2() + self.h2 * self.h1
    }
    fn w3(&self) -> usize {
        self.b2() + self.h2
    }
    fn b3(&self) -> usize {
        self.w3() + self.h2
    }
    /// Number of parameters.
    fn n(&self) -> usize {
        self.b3() + 1
    }
}

/// A standard normal number from `rng` (`rand_distr`'s ziggurat sampler).
fn normal(rng: &mut StreamRng) -> f64 {
    StandardNormal.sample(rng)
}

/// The labelling rule: a fixed random one-layer tanh network.
struct Teacher {
    v: Vec<f64>,
    u: Vec<f64>,
    f: usize,
}

impl Teacher {
    fn new(f: usize, seed: u64) -> Teacher {
        let mut rng = stream(seed, &[STREAM_TEACHER]);
        let v = (0..TEACHER_HIDDEN * f).map(|_| normal(&mut rng)).collect();
        let u = (0..TEACHER_HIDDEN).map(|_| normal(&mut rng)).collect();
        Teacher { v, u, f }
    }

    /// Features of sample `i` into `x`; returns its label.
    fn sample(&self, seed: u64, i: usize, x: &mut [f64]) -> f64 {
        let mut rng = stream(seed, &[STREAM_FEATURE, i as u64]);
        for xk in x.iter_mut() {
            *xk = normal(&mut rng);
        }
        let scale = 1.0 / (self.f as f64).sqrt();
        let out: f64 = self
            .u
            .iter()
            .zip(self.v.chunks(self.f))
            .map(|(u, row)| u * (scale * dot(row, x)).tanh())
            .sum();
        if out > 0.0 {
            1.0
        } else {
            0.0
        }
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The samples this rank holds, in blocks that are the units of summation.
struct Shard {
    x: Vec<f64>,
    y: Vec<f64>,
    /// Local row ranges of this rank's blocks.
    blocks: Vec<Range<usize>>,
}

impl Shard {
    /// Global samples `first + (block b of size `batch`)` for the blocks `mine`, clipped
    /// to `first + count`.
    fn new(
        teacher: &Teacher,
        seed: u64,
        first: usize,
        count: usize,
        batch: usize,
        mine: Range<usize>,
    ) -> Shard {
        let f = teacher.f;
        let lo = (mine.start * batch).min(count);
        let hi = (mine.end * batch).min(count);
        let mut x = vec![0.0; (hi - lo) * f];
        let mut y = vec![0.0; hi - lo];
        for (k, i) in (lo..hi).enumerate() {
            y[k] = teacher.sample(seed, first + i, &mut x[k * f..(k + 1) * f]);
        }
        let blocks = mine
            .map(|b| ((b * batch).min(count) - lo)..(((b + 1) * batch).min(count) - lo))
            .filter(|r| !r.is_empty())
            .collect();
        Shard { x, y, blocks }
    }
}

/// Sums of floating-point numbers as 128-bit fixed point (two 64-bit integers, units of
/// 2^-20 and 2^-60), so that adding them in any order, on any number of ranks, gives the
/// same bits. Values too large for it (or not finite: a wild trial step of a solver) are
/// counted, and then the totals are plain floating-point sums instead.
struct ExactSum {
    /// Per value: units of 2^-20, units of 2^-60; then the count of values out of range.
    parts: Vec<i64>,
    plain: Vec<f64>,
    /// Largest magnitude that fits, such that `blocks` of them cannot overflow.
    limit: f64,
}

const HI: f64 = (1u64 << 20) as f64;
const LO: f64 = (1u64 << 40) as f64;

impl ExactSum {
    /// A sum of `n` values, to be added at most `blocks` times over all ranks.
    fn new(n: usize, blocks: usize) -> ExactSum {
        ExactSum {
            parts: vec![0; 2 * n + 1],
            plain: vec![0.0; n],
            limit: (1u64 << 42) as f64 / blocks.max(1) as f64,
        }
    }

    /// Adds `v` entry by entry.
    fn add(&mut self, v: &[f64]) {
        let n = self.plain.len();
        let (parts, wild) = self.parts.split_at_mut(2 * n);
        for ((p, q), x) in parts.chunks_exact_mut(2).zip(self.plain.iter_mut()).zip(v) {
            *q += x;
            if x.abs() < self.limit {
                let scaled = x * HI; // exact: a power of two
                let h = scaled.floor();
                let l = ((scaled - h) * LO).round(); // scaled - h is exact, in [0, 1)
                p[0] += h as i64;
                p[1] += l as i64;
            } else {
                wild[0] += 1;
            }
        }
    }

    /// The totals over all ranks (collective).
    fn all_reduce(&self, world: &SimpleCommunicator, out: &mut [f64]) {
        let n = self.plain.len();
        let mut total = vec![0i64; self.parts.len()];
        world.all_reduce_into(&self.parts[..], &mut total[..], SystemOperation::sum());
        if total[2 * n] > 0 {
            world.all_reduce_into(&self.plain[..], out, SystemOperation::sum());
            return;
        }
        for (o, p) in out.iter_mut().zip(total.chunks_exact(2)) {
            *o = p[0] as f64 / HI + p[1] as f64 / (HI * LO);
        }
    }
}

/// The model and this rank's training data; evaluations are collective.
struct Model {
    dims: Dims,
    train: Shard,
    samples: usize,
    /// Blocks of training samples over all ranks.
    blocks: usize,
    world: petsc::MpiWorld,
}

/// Scratch space of one forward and backward pass.
struct Scratch {
    a1: Vec<f64>,
    a2: Vec<f64>,
    d1: Vec<f64>,
    d2: Vec<f64>,
}

impl Scratch {
    fn new(d: &Dims) -> Scratch {
        Scratch {
            a1: vec![0.0; d.h1],
            a2: vec![0.0; d.h2],
            d1: vec![0.0; d.h1],
            d2: vec![0.0; d.h2],
        }
    }
}

/// The output's logit for features `x`, keeping the activations in `s`.
fn forward(d: &Dims, w: &[f64], x: &[f64], s: &mut Scratch) -> f64 {
    let (f, h1, h2) = (d.f, d.h1, d.h2);
    for (j, a) in s.a1.iter_mut().enumerate() {
        *a = (w[d.b1() + j] + dot(&w[d.w1() + j * f..d.w1() + (j + 1) * f], x)).tanh();
    }
    for (j, a) in s.a2.iter_mut().enumerate() {
        *a = (w[d.b2() + j] + dot(&w[d.w2() + j * h1..d.w2() + (j + 1) * h1], &s.a1)).tanh();
    }
    w[d.b3()] + dot(&w[d.w3()..d.w3() + h2], &s.a2)
}

/// Cross-entropy of label `y` for logit `z`, computed without overflow.
fn cross_entropy(z: f64, y: f64) -> f64 {
    z.max(0.0) - z * y + (-z.abs()).exp().ln_1p()
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Adds the gradient of one sample's loss to `g`, after `forward` filled `s`.
fn backward(d: &Dims, w: &[f64], x: &[f64], z: f64, y: f64, s: &mut Scratch, g: &mut [f64]) {
    let (f, h1, h2) = (d.f, d.h1, d.h2);
    let d3 = sigmoid(z) - y;
    for j in 0..h2 {
        g[d.w3() + j] += d3 * s.a2[j];
        s.d2[j] = d3 * w[d.w3() + j] * (1.0 - s.a2[j] * s.a2[j]);
    }
    g[d.b3()] += d3;
    s.d1.iter_mut().for_each(|v| *v = 0.0);
    for j in 0..h2 {
        let dj = s.d2[j];
        g[d.b2() + j] += dj;
        let row = d.w2() + j * h1;
        for k in 0..h1 {
            g[row + k] += dj * s.a1[k];
            s.d1[k] += dj * w[row + k];
        }
    }
    for k in 0..h1 {
        let dk = s.d1[k] * (1.0 - s.a1[k] * s.a1[k]);
        g[d.b1() + k] += dk;
        let row = d.w1() + k * f;
        for (gi, xi) in g[row..row + f].iter_mut().zip(x) {
            *gi += dk * xi;
        }
    }
}

impl Model {
    /// Mean loss over all training samples, and its gradient into `grad` (collective).
    fn loss_grad(&self, w: &[f64], grad: &mut [f64]) -> f64 {
        let d = &self.dims;
        let n = d.n();
        let mut s = Scratch::new(d);
        let mut block = vec![0.0; n + 1];
        let mut sum = ExactSum::new(n + 1, self.blocks);
        for r in &self.train.blocks {
            block.iter_mut().for_each(|v| *v = 0.0);
            for i in r.clone() {
                let x = &self.train.x[i * d.f..(i + 1) * d.f];
                let y = self.train.y[i];
                let z = forward(d, w, x, &mut s);
                block[n] += cross_entropy(z, y);
                backward(d, w, x, z, y, &mut s, &mut block[..n]);
            }
            sum.add(&block);
        }
        let mut total = vec![0.0; n + 1];
        sum.all_reduce(&self.world, &mut total);
        let inv = 1.0 / self.samples as f64;
        for (g, t) in grad.iter_mut().zip(&total) {
            *g = t * inv;
        }
        total[n] * inv
    }

    /// Mean loss only (collective).
    fn loss(&self, w: &[f64]) -> f64 {
        let mut g = vec![0.0; self.dims.n()];
        self.loss_grad(w, &mut g)
    }
}

/// (mean loss, accuracy) of `w` on a shard of `count` samples in all (collective).
fn evaluate(
    d: &Dims,
    w: &[f64],
    shard: &Shard,
    count: usize,
    world: &SimpleCommunicator,
) -> (f64, f64) {
    let mut s = Scratch::new(d);
    let mut sum = ExactSum::new(2, count);
    for r in &shard.blocks {
        let (mut loss, mut right) = (0.0, 0.0);
        for i in r.clone() {
            let z = forward(d, w, &shard.x[i * d.f..(i + 1) * d.f], &mut s);
            let y = shard.y[i];
            loss += cross_entropy(z, y);
            right += f64::from(u8::from((z > 0.0) == (y == 1.0)));
        }
        sum.add(&[loss, right]);
    }
    let mut t = [0.0; 2];
    sum.all_reduce(world, &mut t);
    let c = count.max(1) as f64;
    (t[0] / c, t[1] / c)
}

#[cfg(not(petsc_complex))]
fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "deep",
        "a neural-network classifier trained by TAO with data spread over ranks",
    );
    let samples: usize = flags.value("samples", 10_000, "training samples")?;
    let features: usize = flags.value("features", 16, "features per sample")?;
    let h1: usize = flags.value("hidden1", 32, "units of the first tanh layer")?;
    let h2: usize = flags.value("hidden2", 16, "units of the second tanh layer")?;
    let epochs: i64 = flags.value("epochs", 50, "TAO iteration limit")?;
    let batch: usize = flags.value("batch", 512, "samples per summation block")?;
    let seed: u64 = flags.value("seed", 42, "random seed (data and initial weights)")?;
    let tao_type: String = flags.value(
        "tao_type",
        "lmvm".to_string(),
        "TAO method (-tao_type overrides)",
    )?;
    let test: Option<usize> =
        flags.optional("test-samples", "held-out samples (default samples / 5)")?;
    let checks: usize = flags.value(
        "fd-directions",
        3,
        "random directions of the finite-difference gradient check",
    )?;
    let plot_path: Option<std::path::PathBuf> = flags.optional(
        "plot",
        "write the loss and gradient norm of every TAO iteration (PNG, log scale)",
    )?;
    flags.finish()?;
    if let Some(path) = &plot_path {
        plot::check_png("plot", path)?;
    }
    require(
        samples > 0 && features > 0 && h1 > 0 && h2 > 0 && batch > 0 && epochs >= 0,
        || "--samples, --features, --hidden1, --hidden2 and --batch must be positive".into(),
    )?;
    let test = test.unwrap_or(samples / 5);

    let world = petsc.mpi_world();
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    let dims = Dims {
        f: features,
        h1,
        h2,
    };
    let n = dims.n();
    let teacher = Teacher::new(features, seed);
    let blocks = samples.div_ceil(batch);
    let train = Shard::new(
        &teacher,
        seed,
        0,
        samples,
        batch,
        block_range(blocks, size, rank),
    );
    let test_blocks = test.div_ceil(batch);
    let held_out = Shard::new(
        &teacher,
        seed,
        samples,
        test,
        batch,
        block_range(test_blocks, size, rank),
    );
    let positives = {
        let mut sum = ExactSum::new(1, 1);
        sum.add(&[train.y.iter().sum::<f64>()]);
        let mut t = [0.0];
        sum.all_reduce(&world, &mut t);
        t[0]
    };
    let model = Rc::new(Model {
        dims,
        train,
        samples,
        blocks,
        world: petsc.mpi_world(),
    });
    println0!(
        petsc,
        "deep: {features} -> tanh {h1} -> tanh {h2} -> sigmoid 1 ({n} weights), {samples} training samples ({:.1}% positive) in {blocks} blocks of {batch}, {test} held out, {size} ranks",
        100.0 * positives / samples as f64
    )?;

    // Initial weights: normal, scaled by 1/sqrt(fan-in); a small output layer so that
    // the first predictions are near 1/2 (loss near ln 2).
    let mut w0 = vec![0.0; n];
    {
        let mut rng = stream(seed, &[STREAM_INIT]);
        let (sf, s1, s2) = (
            1.0 / (features as f64).sqrt(),
            1.0 / (h1 as f64).sqrt(),
            0.1 / (h2 as f64).sqrt(),
        );
        for (k, v) in w0.iter_mut().enumerate() {
            let scale = if k < dims.b1() {
                sf
            } else if (dims.w2()..dims.b2()).contains(&k) {
                s1
            } else if (dims.w3()..dims.b3()).contains(&k) {
                s2
            } else {
                0.0
            };
            *v = scale * normal(&mut rng);
        }
    }

    // Gradient check along random directions (the same on every rank).
    let mut g0 = vec![0.0; n];
    let f0 = model.loss_grad(&w0, &mut g0);
    let mut worst: f64 = 0.0;
    for k in 0..checks {
        let mut rng = stream(seed, &[STREAM_CHECK, k as u64]);
        let mut dir: Vec<f64> = (0..n).map(|_| normal(&mut rng)).collect();
        let norm = dot(&dir, &dir).sqrt();
        dir.iter_mut().for_each(|v| *v /= norm);
        let h = 1e-5;
        let shifted =
            |t: f64| -> Vec<f64> { w0.iter().zip(&dir).map(|(w, d)| w + t * d).collect() };
        let fd = (model.loss(&shifted(h)) - model.loss(&shifted(-h))) / (2.0 * h);
        let an = dot(&g0, &dir);
        let rel = (fd - an).abs() / an.abs().max(1e-8);
        worst = worst.max(rel);
        println0!(
            petsc,
            "check: direction {k}: gradient . d {an:+.10e}, central difference {fd:+.10e}, relative error {rel:.2e}"
        )?;
    }
    println0!(
        petsc,
        "check: gradient vs central differences: max relative error {worst:.3e} (initial loss {f0:.10})"
    )?;

    // The solver: one copy per rank on PETSC_COMM_SELF, all computing the same thing.
    let c = petsc.self_comm();
    let x = Vector::from_slice(&c, &w0)?;
    let mut tao = Tao::new(&c)?;
    tao.set_type_name(&tao_type)
        .map_err(|e| usage_error(format!("--tao_type {tao_type}: {e}")))?;
    tao.set_solution(&x)?;
    let m = model.clone();
    tao.set_objective_and_gradient(move |x, g| {
        let w = x.view()?;
        let mut gv = g.view_mut()?;
        Ok(m.loss_grad(&w, &mut gv))
    })?;
    tao.set_max_iterations(epochs as petsc::Int)?;
    let p = petsc.clone();
    // (iteration, loss, gradient norm) of every iteration, for --plot.
    let history = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let log = history.clone();
    tao.monitor(move |s| {
        log.borrow_mut().push((s.iteration as f64, s.f, s.gnorm));
        println0!(
            p,
            "iteration {:>4}  loss {:.10}  gradient norm {:.4e}",
            s.iteration,
            s.f,
            s.gnorm
        )
    })?;
    tao.set_from_options()?;
    let ty = tao.type_name()?;
    if let Some((_, why)) = REFUSED.iter().find(|(t, _)| *t == ty) {
        return Err(usage_error(format!(
            "Tao type '{ty}' cannot train this network: {why}; use lmvm, blmvm, cg, bncg, nm, or a Newton method (nls, ntr, tron, ...)"
        )));
    }
    let newton = NEWTON.contains(&ty.as_str());
    if newton {
        hessian_by_differences(&mut tao, &model)?;
        if ty == "tron" && !petsc.options().has("-tao_subset_type")? {
            // tron takes submatrices of the Hessian; a shell matrix has none to give, so
            // let it apply the free rows through products instead.
            petsc
                .options()
                .set_value("-tao_subset_type", "matrixfree")?;
            tao.set_from_options()?;
        }
        if let Some(ksp) = tao.ksp()? {
            ksp.pc()?.set_type(PcType::None)?;
        }
    }
    println0!(
        petsc,
        "tao type {ty}{}, at most {epochs} iterations",
        if newton {
            " (Hessian-vector products by differences of the gradient, PC none)"
        } else {
            ""
        }
    )?;
    let reason = tao.solve()?;

    let status = tao.solution_status()?;
    let w = x.view()?.to_vec();
    let mut g = vec![0.0; n];
    let final_loss = model.loss_grad(&w, &mut g);
    let (_, train_acc) = evaluate(&dims, &w, &model.train, samples, &world);
    let (test_loss, test_acc) = evaluate(&dims, &w, &held_out, test, &world);
    println0!(petsc, "{reason} after {} iterations", status.iteration)?;
    println0!(
        petsc,
        "final loss {final_loss:.15e}  (initial {f0:.10}, gradient norm {:.4e})",
        dot(&g, &g).sqrt()
    )?;
    println0!(
        petsc,
        "accuracy: training {:.4}, held-out {test_acc:.4} on {test} samples (held-out loss {test_loss:.6})",
        train_acc
    )?;
    if let Some(path) = &plot_path {
        let history = history.borrow();
        plot::on_rank0(petsc, || {
            plot::Lines::new(
                &format!("network {features}-{h1}-{h2}-1 trained by TAO {ty} on {samples} samples"),
                "TAO iteration",
                "loss (binary cross-entropy, nats) / gradient norm",
            )
            .log_y()
            .with(plot::Series::line(
                "training loss",
                history.iter().map(|h| (h.0, h.1)),
            ))
            .with(plot::Series::line(
                "gradient norm",
                history.iter().map(|h| (h.0, h.2)),
            ))
            .save(path)
        })?;
        println0!(petsc, "wrote {}", path.display())?;
    }
    if worst > 1e-6 {
        return Err(check_failed(format!(
            "the gradient differs from central differences by {worst:.3e} (relative)"
        )));
    }
    if status.iteration > 0 && final_loss >= f0 {
        return Err(check_failed(format!(
            "the loss did not fall: {f0} -> {final_loss}"
        )));
    }
    Ok(())
}

/// Gives `tao` the Hessian as products `H v ~ (g(w + h v) - g(w)) / h`, with `g(w)`
/// computed once per iterate.
#[cfg(not(petsc_complex))]
fn hessian_by_differences(tao: &mut Tao, model: &Rc<Model>) -> petsc::Result<()> {
    let m = model.clone();
    let n = m.dims.n();
    // (w, g(w)) of the last iterate whose products were asked for.
    let cache: RefCell<Option<(Vec<f64>, Vec<f64>)>> = RefCell::new(None);
    let mut shifted = vec![0.0; n];
    let mut gs = vec![0.0; n];
    tao.set_hessian_mult(move |x, v, hv| {
        let w = x.view()?;
        let v = v.view()?;
        let mut cached = cache.borrow_mut();
        if cached.as_ref().is_none_or(|(cw, _)| cw[..] != w[..]) {
            let mut g = vec![0.0; n];
            m.loss_grad(&w, &mut g);
            *cached = Some((w.to_vec(), g));
        }
        let (_, g) = cached.as_ref().expect("cached gradient");
        let vnorm = dot(&v, &v).sqrt();
        let mut out = hv.view_mut()?;
        if vnorm == 0.0 {
            out.iter_mut().for_each(|o| *o = 0.0);
            return Ok(());
        }
        let h = f64::EPSILON.sqrt() * (1.0 + dot(&w, &w).sqrt()) / vnorm;
        for ((s, wi), vi) in shifted.iter_mut().zip(w.iter()).zip(v.iter()) {
            *s = wi + h * vi;
        }
        m.loss_grad(&shifted, &mut gs);
        for ((o, a), b) in out.iter_mut().zip(&gs).zip(g) {
            *o = (a - b) / h;
        }
        Ok(())
    })?;
    Ok(())
}
