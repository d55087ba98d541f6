use crate::assess::Assessment;

pub fn sarif(_assessment: &Assessment) -> String {
    String::new()
}
