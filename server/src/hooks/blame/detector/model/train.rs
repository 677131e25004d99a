//! Training the scorer: logistic regression by stochastic gradient descent over features scaled
//! by their log-count ratios ([`scales`]), deterministic, so that the same sentences always give
//! the same `weights.tsv`.

use std::collections::HashMap;
use std::fmt::Write;

/// One labelled sentence.
#[derive(Clone)]
pub struct Example {
    pub features: Vec<String>,
    pub blame: bool,
    /// How much the example counts (the real corpus's sentences count more than written ones).
    pub weight: f32,
}

const EPOCHS: usize = 30;
const LEARNING_RATE: f64 = 0.2;
const L2: f64 = 1e-4;
/// Weights smaller than this are left out of the file: they change no decision.
const PRUNE: f64 = 0.05;

/// The least [scale](scales) of a feature: one seen as often in blame as elsewhere still learns.
const MIN_SCALE: f64 = 0.1;

/// Trains on the examples and returns the weights file's text (see [`super::Weights::parse`]).
///
/// Each feature's value is its [scale](scales) rather than 1, and the weight written is the
/// learned weight times that scale, so the scorer still just adds the weights of the features
/// present.
pub fn train(examples: &[Example]) -> String {
    let scale = scales(examples);
    let mut weights: HashMap<&str, f64> = HashMap::new();
    let mut bias = 0.0f64;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for epoch in 0..EPOCHS {
        shuffle(&mut order, &mut seed);
        let rate = LEARNING_RATE / (1.0 + epoch as f64 * 0.2);
        for &i in &order {
            let example = &examples[i];
            let z = bias
                + example
                    .features
                    .iter()
                    .map(|f| weights.get(f.as_str()).copied().unwrap_or(0.0) * scale[f.as_str()])
                    .sum::<f64>();
            let p = 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp());
            let gradient = (p - f64::from(u8::from(example.blame))) * f64::from(example.weight);
            bias -= rate * gradient;
            for f in &example.features {
                let w = weights.entry(f.as_str()).or_insert(0.0);
                *w -= rate * (gradient * scale[f.as_str()] + L2 * *w);
            }
        }
    }
    let mut kept: Vec<(&str, f64)> = weights
        .into_iter()
        .map(|(f, w)| (f, w * scale[f]))
        .filter(|(_, w)| w.abs() >= PRUNE)
        .collect();
    kept.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = format!(
        "# Weights of the learned blame scorer: `make train-blame-model` writes this file.\n\
         # {} sentences; {} features kept of those seen (|weight| >= {PRUNE}).\nbias\t{bias:.4}\n",
        examples.len(),
        kept.len()
    );
    for (name, w) in kept {
        let _ = writeln!(out, "{name}\t{w:.4}");
    }
    out
}

/// Each feature's scale: how much more often it is seen in blame than elsewhere or the reverse,
/// as the absolute log of the ratio of its (add-one smoothed) shares, at least [`MIN_SCALE`]. As
/// in NB-SVM (Wang and Manning, 2012), a feature that separates the classes in the counts starts
/// out weighing more, and the regression refines the weights from there. On sets from writers
/// left out of training this caught more blame at the same false alarms on the corpus
/// (docs/blame-linter.md, "Session 17").
fn scales(examples: &[Example]) -> HashMap<&str, f64> {
    let mut counts: HashMap<&str, [f64; 2]> = HashMap::new();
    let mut totals = [0.0f64; 2];
    for e in examples {
        let class = usize::from(e.blame);
        totals[class] += f64::from(e.weight);
        for f in &e.features {
            counts.entry(f.as_str()).or_default()[class] += f64::from(e.weight);
        }
    }
    let share = |count: f64, total: f64| (count + 1.0) / (total + 2.0);
    counts
        .into_iter()
        .map(|(f, [other, blame])| {
            let ratio = share(blame, totals[1]) / share(other, totals[0]);
            (f, ratio.ln().abs().max(MIN_SCALE))
        })
        .collect()
}

/// Fisher–Yates with xorshift64: the same order on every machine.
fn shuffle(order: &mut [usize], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let j = (*seed % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::super::Weights;
    use super::*;

    fn example(features: &[&str], blame: bool) -> Example {
        Example {
            features: features.iter().map(|f| f.to_string()).collect(),
            blame,
            weight: 1.0,
        }
    }

    #[test]
    fn learns_which_feature_means_blame_and_is_deterministic() {
        let examples: Vec<Example> = (0..20)
            .flat_map(|_| {
                [
                    example(&["w=careless", "w=the"], true),
                    example(&["w=careful", "w=the"], false),
                ]
            })
            .collect();
        let text = train(&examples);
        assert_eq!(text, train(&examples));
        let w = Weights::parse(&text).unwrap();
        assert!(w.probability(&["w=careless".into(), "w=the".into()]) > 0.9);
        assert!(w.probability(&["w=careful".into(), "w=the".into()]) < 0.1);
    }

    #[test]
    fn a_feature_that_separates_the_classes_is_scaled_up() {
        let examples = [
            example(&["w=careless", "w=the"], true),
            example(&["w=careless", "w=the"], true),
            example(&["w=careful", "w=the"], false),
            example(&["w=careful", "w=the"], false),
        ];
        let scale = scales(&examples);
        // seen in blame only, in the other class only, in both alike
        assert!(scale["w=careless"] > 0.5, "{scale:?}");
        assert!((scale["w=careless"] - scale["w=careful"]).abs() < 1e-9);
        assert_eq!(scale["w=the"], MIN_SCALE);
    }

    #[test]
    fn an_example_weighs_as_much_as_its_weight() {
        // The same features, labelled both ways: the heavier label wins.
        let mut examples = vec![example(&["w=x"], true), example(&["w=x"], false)];
        examples[1].weight = 3.0;
        let text = train(&examples);
        let w = Weights::parse(&text).unwrap();
        assert!(w.probability(&["w=x".into()]) < 0.5);
    }
}
