//! Training the scorer: logistic regression by stochastic gradient descent, deterministic, so
//! that the same sentences always give the same `weights.tsv`.

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

/// Trains on the examples and returns the weights file's text (see [`super::Weights::parse`]).
pub fn train(examples: &[Example]) -> String {
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
                    .map(|f| weights.get(f.as_str()).copied().unwrap_or(0.0))
                    .sum::<f64>();
            let p = 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp());
            let gradient = (p - f64::from(u8::from(example.blame))) * f64::from(example.weight);
            bias -= rate * gradient;
            for f in &example.features {
                let w = weights.entry(f.as_str()).or_insert(0.0);
                *w -= rate * (gradient + L2 * *w);
            }
        }
    }
    let mut kept: Vec<(&str, f64)> = weights
        .into_iter()
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
    fn an_example_weighs_as_much_as_its_weight() {
        // The same features, labelled both ways: the heavier label wins.
        let mut examples = vec![example(&["w=x"], true), example(&["w=x"], false)];
        examples[1].weight = 3.0;
        let text = train(&examples);
        let w = Weights::parse(&text).unwrap();
        assert!(w.probability(&["w=x".into()]) < 0.5);
    }
}
