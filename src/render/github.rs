use crate::assess::Assessment;

pub fn github(_assessment: &Assessment) -> String {
    String::new()
}
