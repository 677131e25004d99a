use super::*;

fn forms(text: &str) -> Vec<&'static str> {
    detect(text, |_| true)
        .into_iter()
        .map(|f| {
            Form::ALL
                .into_iter()
                .find(|x| x.id() == f.rule)
                .unwrap()
                .id()
        })
        .collect()
}
