//! Data-parallel logistic regression (workshop 13): mini-batch gradient descent, each
//! rank holding a shard of the samples, batch gradients summed across ranks with an
//! allreduce.
//!
//! ```text
//! mpiexec -n 4 target/debug/examples/logistic --samples 200000 --features 64 \
//!     --epochs 15 --lr 0.05 --batch 2048 --seed 13 [--plot loss.png]
//! ```
//!
//! Data: features of sample `i` are standard normal, the true weights are standard
//! normal, and the label is Bernoulli(sigmoid(w* . x_i)); every number comes from a
//! ChaCha stream of (seed, global index) ([`petsc_examples::stream`]), and each epoch
//! visits the samples in a permutation shuffled by the stream of (seed, epoch). A mini-batch is the same set of global samples at any rank count; each
//! rank adds the gradient of the samples it owns, the sums are added across ranks, and
//! the result is divided by the batch size (not by the total sample count, as the
//! workshop script did). So the weights agree across rank counts to rounding.
//!
//! Self-check: rank 0 regenerates the first mini-batch on its own and compares its
//! serial gradient with the distributed one. `--plot FILE.png` draws the loss and the
//! accuracy over all samples after each epoch.

use std::path::PathBuf;
use std::process::ExitCode;

use petsc::mpi::collective::SystemOperation;
use petsc::mpi::traits::*;
use petsc::Petsc;
use petsc_examples::{block_range, plot, println0, require, stream, Flags};
use rand::seq::SliceRandom;
use rand_distr::{Bernoulli, Distribution, StandardNormal};

const STREAM_FEATURE: u64 = 1;
const STREAM_WEIGHT: u64 = 2;
const STREAM_LABEL: u64 = 3;
const STREAM_SHUFFLE: u64 = 4;

fn main() -> ExitCode {
    petsc::main(body)
}

/// The synthetic data set: any sample can be regenerated from its index.
struct Data {
    features: usize,
    seed: u64,
    truth: Vec<f64>,
}

impl Data {
    fn new(features: usize, seed: u64) -> Data {
        let truth = (0..features)
            .map(|f| StandardNormal.sample(&mut stream(seed, &[STREAM_WEIGHT, f as u64])))
            .collect();
        Data {
            features,
            seed,
            truth,
        }
    }

    /// Features of sample `i` into `x`, and its label.
    fn sample(&self, i: usize, x: &mut [f64]) -> f64 {
        let mut rng = stream(self.seed, &[STREAM_FEATURE, i as u64]);
        for v in x.iter_mut() {
            *v = StandardNormal.sample(&mut rng);
        }
        // A sigmoid is a probability (NaN only for NaN features, which are not drawn).
        let p = sigmoid(dot(&self.truth, x));
        let label = Bernoulli::new(p)
            .is_ok_and(|b| b.sample(&mut stream(self.seed, &[STREAM_LABEL, i as u64])));
        f64::from(u8::from(label))
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Adds the gradient of the cross-entropy of one sample to `grad` (weights, then bias)
/// and returns its loss and whether it is classified right.
fn accumulate(w: &[f64], x: &[f64], y: f64, grad: Option<&mut [f64]>) -> (f64, bool) {
    let f = x.len();
    let z = dot(&w[..f], x) + w[f];
    let p = sigmoid(z);
    if let Some(g) = grad {
        let r = p - y;
        for (gk, xk) in g[..f].iter_mut().zip(x) {
            *gk += r * xk;
        }
        g[f] += r;
    }
    let eps = 1e-15;
    let loss = -(y * p.max(eps).ln() + (1.0 - y) * (1.0 - p).max(eps).ln());
    (loss, (p >= 0.5) == (y == 1.0))
}

/// The order in which an epoch visits the samples, the same on every rank: a
/// Fisher–Yates shuffle (`rand`'s `shuffle`) driven by the stream of (seed, epoch).
fn permutation(n: usize, seed: u64, epoch: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut stream(seed, &[STREAM_SHUFFLE, epoch as u64]));
    order
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "logistic",
        "data-parallel logistic regression by mini-batch gradient descent",
    );
    let samples: usize = flags.value("samples", 200_000, "number of samples")?;
    let features: usize = flags.value("features", 64, "features per sample")?;
    let epochs: usize = flags.value("epochs", 15, "passes over the data")?;
    let lr: f64 = flags.value("lr", 0.05, "learning rate")?;
    let batch: usize = flags.value("batch", 2048, "global mini-batch size")?;
    let seed: u64 = flags.value("seed", 13, "random seed")?;
    let plot_path: Option<PathBuf> =
        flags.optional("plot", "write the loss and accuracy after each epoch (PNG)")?;
    flags.finish()?;
    if let Some(path) = &plot_path {
        plot::check_png("plot", path)?;
    }
    require(samples > 0 && features > 0 && batch > 0, || {
        "--samples, --features and --batch must be positive".into()
    })?;
    require(lr > 0.0 && lr.is_finite(), || {
        "--lr must be positive".into()
    })?;

    let world = petsc.mpi_world();
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    let mine = block_range(samples, size, rank);
    let data = Data::new(features, seed);

    // This rank's shard, generated once.
    let mut x = vec![0.0; mine.len() * features];
    let mut y = vec![0.0; mine.len()];
    for (k, i) in mine.clone().enumerate() {
        y[k] = data.sample(i, &mut x[k * features..(k + 1) * features]);
    }
    let row = |i: usize| &x[(i - mine.start) * features..(i - mine.start + 1) * features];

    println0!(
        petsc,
        "logistic: {samples} samples x {features} features, {size} ranks ({} .. {} samples each), batch {batch}, lr {lr}",
        samples / size,
        samples.div_ceil(size)
    )?;

    let mut w = vec![0.0; features + 1];
    let mut grad = vec![0.0; features + 1];
    let mut sum = vec![0.0; features + 1];
    let mut first_batch_error = None;
    // (epoch, loss, accuracy) after each epoch, for --plot.
    let mut history: Vec<(f64, f64, f64)> = Vec::with_capacity(epochs);
    for epoch in 0..epochs {
        let order = permutation(samples, seed, epoch);
        for chunk in order.chunks(batch) {
            grad.iter_mut().for_each(|g| *g = 0.0);
            for &i in chunk.iter().filter(|i| mine.contains(i)) {
                accumulate(&w, row(i), y[i - mine.start], Some(&mut grad));
            }
            world.all_reduce_into(&grad[..], &mut sum[..], SystemOperation::sum());
            if first_batch_error.is_none() {
                first_batch_error = Some(serial_gradient_error(&data, &w, chunk, &sum, rank));
            }
            for (wk, gk) in w.iter_mut().zip(&sum) {
                *wk -= lr * gk / chunk.len() as f64;
            }
        }
        // Loss and accuracy over all samples.
        let (mut loss, mut right) = (0.0, 0.0);
        for i in mine.clone() {
            let (l, ok) = accumulate(&w, row(i), y[i - mine.start], None);
            loss += l;
            right += f64::from(u8::from(ok));
        }
        let mut totals = [0.0; 2];
        world.all_reduce_into(&[loss, right][..], &mut totals[..], SystemOperation::sum());
        println0!(
            petsc,
            "epoch {:>3}  loss {:.6}  accuracy {:.4}",
            epoch + 1,
            totals[0] / samples as f64,
            totals[1] / samples as f64
        )?;
        history.push((
            (epoch + 1) as f64,
            totals[0] / samples as f64,
            totals[1] / samples as f64,
        ));
    }
    let wf = &w[..features];
    let cosine = dot(wf, &data.truth) / (dot(wf, wf).sqrt() * dot(&data.truth, &data.truth).sqrt());
    println0!(petsc, "cosine similarity to the true weights {cosine:.6}")?;
    println0!(petsc, "weights[0..4] {:?}", &w[..features.min(4)])?;
    if let Some(path) = &plot_path {
        plot::on_rank0(petsc, || {
            plot::Lines::new(
                &format!(
                    "logistic regression: {samples} samples x {features} features, \
                     batch {batch}, lr {lr}"
                ),
                "epoch",
                "loss (cross-entropy, nats) / accuracy (fraction)",
            )
            .with(plot::Series::line_points(
                "mean loss over all samples",
                history.iter().map(|h| (h.0, h.1)),
            ))
            .with(plot::Series::line_points(
                "accuracy over all samples",
                history.iter().map(|h| (h.0, h.2)),
            ))
            .save(path)
        })?;
        println0!(petsc, "wrote {}", path.display())?;
    }
    if let Some(err) = first_batch_error.filter(|_| rank == 0) {
        println0!(
            petsc,
            "check: first mini-batch gradient, distributed vs serial on rank 0: max difference {err:.3e}"
        )?;
        require(err <= 1e-9 * batch as f64, || {
            format!("distributed gradient differs from the serial one by {err}")
        })?;
    }
    Ok(())
}

/// Rank 0 recomputes the gradient sum of one batch from regenerated samples.
fn serial_gradient_error(data: &Data, w: &[f64], chunk: &[usize], sum: &[f64], rank: usize) -> f64 {
    if rank != 0 {
        return 0.0;
    }
    let mut g = vec![0.0; w.len()];
    let mut x = vec![0.0; data.features];
    for &i in chunk {
        let y = data.sample(i, &mut x);
        accumulate(w, &x, y, Some(&mut g));
    }
    g.iter()
        .zip(sum)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max)
}
