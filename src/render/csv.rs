use crate::assess::Assessment;

pub fn csv(_assessment: &Assessment) -> String {
    String::new()
}
